import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchQuery } from '../../../src/api/search/build-query.js';
import { runSearchQuery } from '../../../src/api/search/run.js';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { CALL_ROWS, EDGE, OTHER_ROWS, T, uiSearchBody, WINDOW } from './search-fixtures.js';

const kinds = await storageKinds();

type Field = { name: string; value: unknown; type?: string };

describe.each(kinds)('search/call/data (%s)', (kind) => {
  let api: TestApi;

  const search = (body: unknown) =>
    api.call('POST', '/api/v3/search/call/data', { token: api.userToken, body });
  const sids = async (fields: Field[], extra: Record<string, unknown> = {}, key = '1_call') => {
    const res = await search(uiSearchBody(fields, WINDOW, key, extra));
    expect(res.status, res.body).toBe(201);
    return (res.json.data as { sid: string }[]).map((r) => r.sid).sort();
  };

  beforeAll(async () => {
    api = await startTestApi(kind);
    // Aliases before the first search: the resolver caches the table for a few seconds.
    const alias = (name: string, ip: string, port: number, mask: number, captureId: string) =>
      api.configQuery(
        `INSERT INTO alias (guid, alias, ip, port, mask, "captureID", status) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, true)`,
        [name, ip, port, mask, captureId],
      );
    await alias('SBC-1', '10.0.0.2', 5060, 32, '');
    await alias('PBX-2001', '10.0.0.1', 0, 32, '2001');
    await alias('V6-NET', '2001:db8::', 0, 32, '');
    await api.insertRows([...CALL_ROWS, ...OTHER_ROWS]);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers the exact homer-ui body with flattened rows, keys and total', async () => {
    const res = await search(
      uiSearchBody([
        { name: 'data_header.from_user', value: '1001' },
        { name: 'data_header.method', value: 'INVITE' },
      ]),
    );
    expect(res.status).toBe(201);
    expect(res.json.total).toBe(1);
    const row = res.json.data[0];
    expect(row).toMatchObject({
      sid: 'c1@host',
      callid: 'c1@host',
      method: 'INVITE',
      from_user: '1001',
      srcIp: '10.0.0.1',
      srcPort: 5060,
      dstIp: '10.0.0.2',
      dstPort: 5060,
      captureId: '2001',
      protocol: 17, // protocol_header wins over data_header.protocol
      node: 'localnode',
      dbnode: 'localnode',
      table: 'hep_proto_1_call',
      create_date: T + 1000,
      aliasSrc: 'PBX-2001',
      aliasDst: 'SBC-1',
    });
    expect(row.uuid).toBe(row.id);
    expect(typeof row.id).toBe('number');
    expect(row.raw).toBeUndefined();
    expect(res.json.keys).toEqual(
      expect.arrayContaining(['callid', 'srcIp', 'aliasSrc', 'uuid', 'create_date']),
    );
    expect(res.json.keys).not.toContain('raw');
  });

  it('answers the dashboard auto-search (empty field list) with every row of the window', async () => {
    const res = await search(uiSearchBody([]));
    expect(res.status).toBe(201);
    expect(res.json.total).toBe(CALL_ROWS.length);
  });

  it('resolves aliases of source and destination separately, by capture id, IPv6 as [ip]:port', async () => {
    const res = await search(uiSearchBody([{ name: 'sid', value: 'c1@host;c2@host;c3@host' }]));
    const bySid = (sid: string, method: string) =>
      (res.json.data as Record<string, unknown>[]).find((r) => r.sid === sid && r.method === method);
    expect(bySid('c1@host', '200')).toMatchObject({ aliasSrc: 'SBC-1', aliasDst: 'PBX-2001' });
    // 10.0.0.3 has no alias; captureId 2002 does not get the 2001-only alias.
    expect(bySid('c2@host', 'INVITE')).toMatchObject({ aliasSrc: '10.0.0.3:5080', aliasDst: 'SBC-1' });
    expect(bySid('c3@host', 'BYE')).toMatchObject({ aliasSrc: 'V6-NET', dstIp: '10.0.0.2' });
  });

  it('supports every value operator', async () => {
    expect(await sids([{ name: 'data_header.method', value: 'INVITE;BYE' }])).toEqual([
      'c1@host',
      'c2@host',
      'c3@host',
    ]);
    expect(await sids([{ name: 'data_header.from_user', value: '100%' }])).toEqual([
      'c1@host',
      'c1@host',
      'c2@host',
    ]);
    expect(await sids([{ name: 'data_header.from_user', value: 'ali%;%02' }])).toEqual([
      'c2@host',
      'c3@host',
    ]);
    const notOptions = await sids([{ name: 'data_header.method', value: '!=OPTIONS;INFO' }]);
    expect(notOptions).toEqual(['c1@host', 'c1@host', 'c2@host', 'c3@host']);
    expect(await sids([{ name: 'data_header.from_user', value: '!=bulk%;edge' }])).toEqual([
      'c1@host',
      'c1@host',
      'c2@host',
      'c3@host',
    ]);
    expect(
      await sids([
        { name: 'data_header.from_user', value: 'alice' },
        { name: 'data_header.to_user', value: '||2003' },
      ]),
    ).toEqual(['c2@host', 'c3@host']);
    expect(await sids([{ name: 'data_header.user_agent', value: 'isEmpty' }])).toEqual(['c2@host']);
    const nulls = await sids([{ name: 'data_header.user_agent', value: 'isNull' }]);
    expect(nulls).toContain('c3@host');
    expect(nulls).not.toContain('c1@host');
    expect(await sids([{ name: 'data_header.user_agent', value: '!=isNull' }])).not.toContain('c3@host');
    expect(await sids([{ name: 'protocol_header.srcPort', value: '5080', type: 'integer' }])).toEqual([
      'c2@host',
    ]);
    expect(await sids([{ name: 'protocol_header.srcPort', value: '5080;5062', type: 'integer' }])).toEqual([
      'c2@host',
      'c3@host',
    ]);
    expect(await sids([{ name: 'data_header.method', value: ['BYE', '200'] }])).toEqual([
      'c1@host',
      'c3@host',
    ]);
  });

  it('answers 400 naming the field for a non-integer in an integer field', async () => {
    const res = await search(
      uiSearchBody([{ name: 'protocol_header.srcPort', value: 'abc', type: 'integer' }]),
    );
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('protocol_header.srcPort');
  });

  it('joins the fields with OR for orlogic', async () => {
    const fields = [
      { name: 'data_header.from_user', value: 'alice' },
      { name: 'data_header.to_user', value: '2003' },
    ];
    expect(await sids(fields)).toEqual([]);
    expect(await sids(fields, { orlogic: true })).toEqual(['c2@host', 'c3@host']);
  });

  it('matches captureId as the string heplify stores although the mapping says integer', async () => {
    expect(await sids([{ name: 'protocol_header.captureId', value: '2002', type: 'integer' }])).toEqual([
      'c2@host',
    ]);
  });

  it('evaluates smartinput expressions, on 1_call and on 1_default', async () => {
    expect(
      await sids([
        { name: 'smartinput', value: 'data_header.to_user = "2002" AND protocol_header.srcIp = "10.0.0.2"' },
      ]),
    ).toEqual(['c1@host']);
    expect(
      await sids([
        {
          name: 'smartinput',
          value: '(sip.from_user = "alice" OR from_user LIKE "100%") AND srcPort >= 5062',
        },
      ]),
    ).toEqual(['c2@host', 'c3@host']);
    expect(await sids([{ name: 'smartinput', value: 'method = "OPTIONS"' }], {}, '1_default')).toEqual([
      'opt@host',
    ]);
    const bad = await search(
      uiSearchBody([{ name: 'smartinput', value: 'from_user = "1" ; DROP TABLE users' }]),
    );
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('smartinput');
  });

  it('searches raw case-insensitively as a substring, and as a pattern with %', async () => {
    expect(await sids([{ name: 'raw', value: 'busy here' }])).toEqual(['c2@host']);
    expect(await sids([{ name: 'raw', value: 'x-reason: 486%' }])).toEqual([]);
    expect(await sids([{ name: 'raw', value: '%x-reason: 486%' }])).toEqual(['c2@host']);
    // `_` and `\` are literal in a substring search.
    expect(await sids([{ name: 'raw', value: 'Busy_Here' }])).toEqual([]);
  });

  it('returns the newest rows first with a limit below the match count, and the true total', async () => {
    const res = await search(
      uiSearchBody([
        { name: 'data_header.from_user', value: 'bulkuser' },
        { name: 'limit', value: '3' },
      ]),
    );
    expect(res.status).toBe(201);
    expect(res.json.total).toBe(10);
    expect((res.json.data as { sid: string }[]).map((r) => r.sid)).toEqual([
      'bulk-9@host',
      'bulk-8@host',
      'bulk-7@host',
    ]);
    const viaParam = await search({
      ...uiSearchBody([{ name: 'data_header.from_user', value: 'bulkuser' }]),
      param: {
        ...(uiSearchBody([{ name: 'data_header.from_user', value: 'bulkuser' }]).param as object),
        limit: 4,
      },
    });
    expect(viaParam.json.data).toHaveLength(4);
    expect(viaParam.json.total).toBe(10);
  });

  it('stops counting at the cap and says so', async () => {
    const query = (countCap: number) =>
      buildSearchQuery({
        table: 'hep_proto_1_call',
        clauses: [],
        fromMs: WINDOW.from,
        toMs: WINDOW.to,
        limit: 2,
        codePointCollation: false,
        countCap,
      });
    const page = await runSearchQuery(api.storage.sql, 'hep_proto_1_call', query(5), 2);
    expect(page).toMatchObject({ total: 5, capped: true });
    expect(page.rows).toHaveLength(2);
    const uncapped = await runSearchQuery(api.storage.sql, 'hep_proto_1_call', query(100), 2);
    expect(uncapped).toMatchObject({ total: CALL_ROWS.length, capped: false });
  });

  it('bounds the window by the millisecond: 1 ms outside is excluded, the last µs of `to` included', async () => {
    const res = await search(uiSearchBody([{ name: 'data_header.from_user', value: 'edge' }], EDGE));
    expect((res.json.data as { sid: string }[]).map((r) => r.sid).sort()).toEqual(['edge-from', 'edge-to']);
  });

  it('returns raw for LOG rows (hep_proto_100_default)', async () => {
    const res = await search(uiSearchBody([{ name: 'sid', value: 'c1@host' }], WINDOW, '100_default'));
    expect(res.status).toBe(201);
    expect(res.json.data[0]).toMatchObject({
      raw: 'call c1@host routed to SBC',
      table: 'hep_proto_100_default',
    });
  });

  it('searches every key of param.search and merges newest first', async () => {
    const body = uiSearchBody([{ name: 'sid', value: 'c1@host' }]);
    (body.param as { search: Record<string, unknown> }).search['100_default'] = [
      { name: 'sid', value: 'c1@host' },
    ];
    const res = await search(body);
    expect(res.json.total).toBe(3);
    expect((res.json.data as { table: string }[]).map((r) => r.table)).toEqual([
      'hep_proto_100_default',
      'hep_proto_1_call',
      'hep_proto_1_call',
    ]);
  });

  it('answers an empty result for a mapped profile whose table does not exist', async () => {
    const res = await search(uiSearchBody([], WINDOW, '2000_default'));
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ total: 0, keys: [], data: [] });
  });

  it('answers 400 for unknown keys, fields and bad timestamps, 401 without a token', async () => {
    const unknownKey = await search(uiSearchBody([], WINDOW, '1_nope'));
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.json.message).toContain('1_nope');
    const unknownField = await search(uiSearchBody([{ name: 'data_header.nope', value: 'x' }]));
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.message).toContain('data_header.nope');
    const noTime = await search({ param: { search: { '1_call': [] } } });
    expect(noTime.status).toBe(400);
    expect(noTime.json.message).toContain('timestamp');
    const reversed = await search(uiSearchBody([], { from: 2, to: 1 }));
    expect(reversed.status).toBe(400);
    const anonymous = await api.call('POST', '/api/v3/search/call/data', { body: uiSearchBody([]) });
    expect(anonymous.status).toBe(401);
  });
});

describe.each(kinds)('search/call/message, decode and smart tags (%s)', (kind) => {
  let api: TestApi;
  let invite: { id: number; create_date: number };

  beforeAll(async () => {
    api = await startTestApi(kind);
    await api.insertRows([...CALL_ROWS, ...OTHER_ROWS]);
    const res = await api.call('POST', '/api/v3/search/call/data', {
      token: api.userToken,
      body: uiSearchBody([
        { name: 'sid', value: 'c1@host' },
        { name: 'data_header.method', value: 'INVITE' },
      ]),
    });
    invite = res.json.data[0];
  });
  afterAll(async () => {
    await api?.stop();
  });

  const messageBody = (
    selection: unknown,
    window = { from: invite.create_date - 5000, to: invite.create_date + 5000 },
  ) => ({
    param: {
      transaction: { call: true },
      limit: 1,
      orlogic: false,
      search: { '1_call': selection },
      location: {},
    },
    timestamp: window,
  });

  it('fetches one message by id with raw (the call window click)', async () => {
    const res = await api.call('POST', '/api/v3/search/call/message', {
      token: api.userToken,
      body: messageBody({ id: invite.id }),
    });
    expect(res.status).toBe(201);
    expect(res.json.total).toBe(1);
    expect(res.json.data[0]).toMatchObject({
      id: invite.id,
      sid: 'c1@host',
      method: 'INVITE',
      create_ts: invite.create_date,
    });
    expect(res.json.data[0].raw).toMatch(/^INVITE sip:2002@example.com SIP\/2.0\r\n/);
  });

  it('fetches by uuid list, finds nothing outside the window, and rejects bad ids', async () => {
    const both = await api.call('POST', '/api/v3/search/call/message', {
      token: api.userToken,
      body: messageBody({ uuid: [invite.id, invite.id + 1] }),
    });
    expect(both.json.total).toBe(2);
    const outside = await api.call('POST', '/api/v3/search/call/message', {
      token: api.userToken,
      body: messageBody({ id: invite.id }, { from: invite.create_date + 1, to: invite.create_date + 5000 }),
    });
    expect(outside.json).toMatchObject({ total: 0, data: [] });
    for (const selection of [{ id: '1 OR 1=1' }, { uuid: ['1;DROP TABLE users'] }, {}]) {
      const bad = await api.call('POST', '/api/v3/search/call/message', {
        token: api.userToken,
        body: messageBody(selection),
      });
      expect(bad.status, JSON.stringify(selection)).toBe(400);
    }
  });

  it('decodes a message with tshark, or answers 503 when tshark is missing', async () => {
    const res = await api.call('POST', '/api/v3/search/call/decode/message', {
      token: api.userToken,
      body: messageBody({ uuid: [invite.id] }),
    });
    if (res.status === 503) {
      expect(res.json.message).toContain('tshark');
      return;
    }
    expect(res.status).toBe(201);
    expect(res.json.total).toBe(1);
    const layers = res.json.data[0].decoded[0]._source.layers;
    expect(layers.ip['ip.src']).toBe('10.0.0.1');
    expect(layers.udp['udp.dstport']).toBe('5060');
    expect(JSON.stringify(layers.sip)).toContain('c1@host');
  });

  it('suggests smart-input fields from the mapping', async () => {
    const res = await api.call(
      'GET',
      `/api/v3/smart/search/tag/1/call?query=${encodeURIComponent(JSON.stringify({ data: 'from_u' }))}`,
      { token: api.userToken },
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { data: [{ value: 'data_header.from_user', name: 'sip.from_user' }] } });
    const all = await api.call('GET', '/api/v3/smart/search/tag/1/default', { token: api.userToken });
    expect(all.json.data.data).toContainEqual({ value: 'protocol_header.srcIp', name: 'net.srcIp' });
    const unknown = await api.call('GET', '/api/v3/smart/search/tag/1/nope', { token: api.userToken });
    expect(unknown.status).toBe(400);
  });
});
