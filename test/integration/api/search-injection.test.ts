import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAPPING_SEED } from '../../../src/storage/configdb/mapping-seed.js';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, type CallResult, type TestApi } from '../../helpers/api.js';
import { CALL_ROWS, OTHER_ROWS, uiSearchBody } from './search-fixtures.js';

const kinds = await storageKinds();

/** Values that would break or widen a query if they reached the SQL text. */
const HOSTILE_VALUES = [
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '\\',
  "%' ||",
  "data_header->>'x'",
  '$1',
  "1' UNION SELECT username, hash FROM users --",
  "' OR 'a'='a",
  'ＩＮＶＩＴＥ’ OR ‘1’=‘1', // full-width letters and curly quotes
  'x\u0000y',
  'a\uD800b', // lone surrogate
  '%\\',
  "');SELECT pg_sleep(5);--",
];

const HOSTILE_NAMES = [
  "data_header.from_user'); --",
  'protocol_header.srcIp->>0',
  "data_header.from_user' OR '1'='1",
  'data_header.from_user; DROP TABLE users',
  'data_header."from_user"',
  'data_header.from_user::int',
  'raw) OR (1=1',
  'sid/**/',
  'protocol_header.captureId\u0000',
];

const HOSTILE_KEYS = [
  '1_call; DROP',
  "1_call'--",
  '1_call)',
  '1_call\u0000',
  '../1_call',
  '1_CALL',
  '99999_call',
  '',
];

/** Searchable field names of a seeded profile (its JSON fields plus the plain columns). */
function searchableFields(hepid: number, profile: string): string[] {
  const seed = MAPPING_SEED.find((m) => m.hepid === hepid && m.profile === profile);
  const ids = (seed?.fieldsMapping ?? [])
    .map((f) => String(f['id']))
    .filter((id) => id.startsWith('data_header.') || id.startsWith('protocol_header.'));
  return [...ids, 'sid', 'raw'];
}

/** What PostgreSQL error texts look like (none may reach a client). */
const SQL_ERROR_TEXT =
  /syntax error at|relation "|column "|operator does not exist|invalid input syntax|SQLSTATE|unterminated quoted|does not exist|invalid byte sequence|internal error/i;

function expectSafe(res: CallResult, what: string): void {
  expect([201, 400], `${what}: ${res.status} ${res.body}`).toContain(res.status);
  if (res.status === 400) {
    expect(res.json.message, what).not.toMatch(SQL_ERROR_TEXT);
  } else {
    // Nothing in the fixtures matches any hostile value: a correct answer is empty.
    expect(res.json, what).toMatchObject({ total: 0, data: [] });
  }
}

describe.each(kinds)('search injection probes (%s)', (kind) => {
  let api: TestApi;
  const search = (body: unknown) =>
    api.call('POST', '/api/v3/search/call/data', { token: api.userToken, body });

  beforeAll(async () => {
    api = await startTestApi(kind);
    await api.insertRows([...CALL_ROWS, ...OTHER_ROWS]);
  });
  afterAll(async () => {
    await api?.stop();
  });

  for (const [hepid, profile] of [
    [1, 'call'],
    [1, 'default'],
  ] as const) {
    it(`every searchable field of ${hepid}_${profile}: 400 or an empty result, never SQL errors`, async () => {
      for (const name of searchableFields(hepid, profile)) {
        for (const value of HOSTILE_VALUES) {
          const res = await search(uiSearchBody([{ name, value }], undefined, `${hepid}_${profile}`));
          expectSafe(res, `${name} = ${JSON.stringify(value)}`);
        }
        const list = await search(
          uiSearchBody([{ name, value: HOSTILE_VALUES.slice(0, 8) }], undefined, `${hepid}_${profile}`),
        );
        expectSafe(list, `${name} multiselect`);
      }
    });
  }

  it('smartinput, raw and limit with hostile values', async () => {
    for (const value of HOSTILE_VALUES) {
      expectSafe(await search(uiSearchBody([{ name: 'smartinput', value }])), `smartinput ${value}`);
      expectSafe(
        await search(
          uiSearchBody([{ name: 'smartinput', value: `from_user = "${value.replace(/["\\]/g, '')}"` }]),
        ),
        `smartinput quoted ${value}`,
      );
      expectSafe(await search(uiSearchBody([{ name: 'raw', value }])), `raw ${value}`);
      const limit = await search(uiSearchBody([{ name: 'limit', value }]));
      expect(limit.status, `limit ${value}`).toBe(400);
    }
    for (const limit of ['200; DROP TABLE users', '20 0', -1, 1.5]) {
      const body = uiSearchBody([]);
      (body.param as Record<string, unknown>).limit = limit;
      expect((await search(body)).status, `param.limit ${String(limit)}`).toBe(400);
    }
  });

  it('malicious field names and search keys answer 400', async () => {
    for (const name of HOSTILE_NAMES) {
      const res = await search(uiSearchBody([{ name, value: '1' }]));
      expect(res.status, name).toBe(400);
      expect(res.json.message).not.toMatch(SQL_ERROR_TEXT);
      const smart = await search(uiSearchBody([{ name: 'smartinput', value: `${name} = "1"` }]));
      expect(smart.status, `smartinput ${name}`).toBe(400);
    }
    for (const key of HOSTILE_KEYS) {
      const res = await search(uiSearchBody([], undefined, key));
      expect(res.status, JSON.stringify(key)).toBe(400);
      const message = await api.call('POST', '/api/v3/search/call/message', {
        token: api.userToken,
        body: { param: { search: { [key]: { id: 1 } } }, timestamp: { from: 0, to: 1 } },
      });
      expect(message.status, `message ${JSON.stringify(key)}`).toBe(400);
    }
    const tag = await api.call('GET', `/api/v3/smart/search/tag/1/${encodeURIComponent("call'--")}`, {
      token: api.userToken,
    });
    expect(tag.status).toBe(400);
  });

  it('leaves the tables intact', async () => {
    expect(await api.query('SELECT count(*)::int AS n FROM hep_proto_1_call')).toEqual([
      { n: CALL_ROWS.length },
    ]);
    const users = await api.configQuery<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(users[0]?.n).toBeGreaterThanOrEqual(2);
    const ok = await search(uiSearchBody([{ name: 'data_header.from_user', value: '1001' }]));
    expect(ok.json.total).toBe(2);
  });
});
