/**
 * The seed's "Adding a Protocol" example end to end (homer7-presentation.txt, "Adding a Protocol
 * 3/3"): a `mapping_schema` row for HEP type 1087, profile `calls` ("Kamailio CDRs"), added through
 * the API while the server runs, makes capture store JSON CDRs sent over HEP 1087 in
 * `hep_proto_1087_calls` with the mapped fields in data_header; the API finds them by those fields
 * and returns them with the SIP call through the correlation rules; retention drops their partitions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHep } from '../../../src/hep/decode.js';
import { encodeHep3 } from '../../../src/hep/encode.js';
import {
  TEST_ADMIN_PASSWORD,
  startTestHomer,
  type StorageKind,
  type TestHomer,
} from '../../helpers/homer.js';
import { HttpApi, transactionRequest, type HttpReply } from '../../helpers/http-api.js';
import { sendUdp } from '../../helpers/net.js';
import { postgresAvailable } from '../../helpers/pg.js';
import { waitFor } from '../../helpers/wait.js';
import { invite, ok200 } from '../capture/messages.js';

/**
 * HEPv3's protocol type chunk (0x000b) is one byte (hep.md §1.3), so the seed's type 1087 cannot
 * travel in it. Until the HEP codec accepts a 2-byte 0x000b (asked of the lead), the test runs the
 * same example with the unassigned type 187; it switches to 1087 by itself once the codec can.
 */
function codecCarries(type: number): boolean {
  try {
    const packet = encodeHep3({
      srcIp: '10.0.0.1',
      dstIp: '10.0.0.2',
      srcPort: 1,
      dstPort: 2,
      protoType: type,
      payload: '{}',
    });
    return decodeHep(packet).protoType === type;
  } catch {
    return false;
  }
}
const HEPID = codecCarries(1087) ? 1087 : 187;
const TABLE = `hep_proto_${HEPID}_calls`;

const kinds: StorageKind[] = (await postgresAvailable()) ? ['postgres', 'pglite'] : ['pglite'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const CDR_MAPPING = {
  hepid: HEPID,
  profile: 'calls',
  hep_alias: 'Kamailio CDRs',
  retention: 2,
  partition_step: 1440,
  fields_mapping: [
    { id: 'sid', name: 'Session ID', type: 'string', index: 'secondary' },
    // No path: the key is the payload path (`callid`). sid_type: the row's sid without a HEP cid.
    { id: 'data_header.callid', name: 'Call-ID', type: 'string', sid_type: true },
    { id: 'data_header.src_user', name: 'Caller', type: 'string', json_path: 'caller.user' },
    { id: 'data_header.dst_user', name: 'Callee', type: 'string', json_path: '$.legs[1].user' },
    { id: 'data_header.duration', name: 'Duration', type: 'integer' },
    { id: 'data_header.sip_code', name: 'SIP code', type: 'string', path: 'sip.code' },
    { id: 'protocol_header.srcIp', name: 'Source IP', type: 'string' },
  ],
  correlation_mapping: [
    {
      source_field: 'data_header.callid',
      lookup_id: 1,
      lookup_profile: 'call',
      lookup_field: 'sid',
      lookup_range: [-300, 200],
    },
  ],
};

describe.each(kinds)(`a protocol added by mapping: CDRs over HEP ${HEPID} (%s)`, (kind) => {
  let homer: TestHomer;
  let base: string;
  let http: HttpApi;
  const call = (method: string, path: string, body?: unknown): Promise<HttpReply> =>
    http.call(method, path, body);
  const callId = `cdr-${kind}-${process.pid}@10.7.0.1`;
  const otherCallId = `cdr-other-${kind}-${process.pid}@10.7.0.1`;
  const t0 = Date.now() - 60_000;
  const at = (offsetMs: number) => {
    const ms = t0 + offsetMs;
    return { timeSeconds: Math.floor(ms / 1000), timeUseconds: (ms % 1000) * 1000 };
  };

  function cdr(id: string, user: string, duration: number | string): string {
    return JSON.stringify({
      callid: id,
      caller: { user, domain: 'example.com' },
      legs: [{ user }, { user: 'bob' }],
      duration,
      sip: { code: 200, reason: 'OK' },
      extra: 'not mapped',
    });
  }

  function hep(protoType: number, payload: string, offsetMs: number, correlationId?: string): Buffer {
    return encodeHep3({
      srcIp: '10.7.0.9',
      dstIp: '10.7.0.10',
      srcPort: 5060,
      dstPort: 9060,
      protoType,
      captureId: 2087,
      ...at(offsetMs),
      ...(correlationId ? { correlationId } : {}),
      payload,
    });
  }

  beforeAll(async () => {
    homer = await startTestHomer(kind);
    base = `http://127.0.0.1:${homer.homer.http!.port}`;
    http = new HttpApi(base);
    const login = await call('POST', '/auth', { username: 'admin', password: TEST_ADMIN_PASSWORD });
    expect(login.status).toBe(201);
    http.token = login.json.token;
  }, 60_000);
  afterAll(async () => {
    await homer?.stop();
  });

  it('routes the type generically until the mapping exists', () => {
    expect(homer.capture.mappedTables().has(HEPID)).toBe(false);
  });

  it('picks up a mapping added through the API while running, and stores the CDRs with their fields', async () => {
    const created = await call('POST', '/mapping/protocol', CDR_MAPPING);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    // No restart, no reload call: the capture server polls mapping_schema.
    await waitFor(async () => (homer.capture.mappedTables().get(HEPID) === TABLE ? true : undefined), {
      what: `capture to pick up the ${HEPID} mapping`,
      timeoutMs: 20_000,
    });

    await sendUdp('127.0.0.1', homer.capture.udp!.address.port, [
      hep(1, invite(callId), 0),
      hep(1, ok200(callId), 500),
      // A CDR without a HEP correlation id: its sid comes from the sid_type field (callid).
      hep(HEPID, cdr(callId, 'alice', 42), 5000),
      // With a HEP correlation id, that wins; duration as a numeric string still becomes a number.
      hep(HEPID, cdr(otherCallId, 'carol', '7'), 6000, otherCallId),
      // Not JSON: stored raw with parse_error, counted.
      hep(HEPID, 'CDR;broken;not json', 7000),
    ]);
    const rows = await waitFor(
      async () => {
        const found = await homer.query<{ sid: string; data_header: Json; raw: string }>(
          `SELECT sid, data_header, raw FROM ${TABLE} ORDER BY create_date`,
        );
        return found.length >= 3 ? found : undefined;
      },
      { what: `3 rows in ${TABLE}`, timeoutMs: 20_000 },
    );
    expect(rows[0]).toMatchObject({
      sid: callId,
      data_header: {
        node: '2087',
        proto: String(HEPID),
        callid: callId,
        src_user: 'alice',
        dst_user: 'bob',
        duration: 42,
        sip_code: '200',
      },
    });
    expect(rows[0]!.data_header).not.toHaveProperty('extra');
    expect(JSON.parse(rows[0]!.raw)).toMatchObject({ extra: 'not mapped' });
    expect(rows[1]).toMatchObject({ sid: otherCallId, data_header: { src_user: 'carol', duration: 7 } });
    expect(rows[2]).toMatchObject({
      raw: 'CDR;broken;not json',
      data_header: { parse_error: 'mapped_not_json' },
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/homer_parse_errors_total\{reason="mapped_not_json"\} 1\b/);
    // Nothing of this type went to the generic table.
    const [generic] = await homer.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
      `hep_proto_${HEPID}_default`,
    ]);
    expect(generic?.t).toBeNull();

    // partition_step 1440 from the mapping row: one partition per UTC day.
    const parts = await homer.query<{ name: string }>(
      `SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = $1::regclass ORDER BY 1`,
      [TABLE],
    );
    const day = new Date(t0).toISOString().slice(0, 10).replaceAll('-', '');
    expect(parts.map((p) => p.name)).toContain(`${TABLE}_${day}_0000`);
  }, 60_000);

  it('finds the CDR through search/call/data by a mapped field', async () => {
    const res = await call('POST', '/search/call/data', {
      config: {
        protocol_id: { name: 'Kamailio CDRs', value: HEPID },
        protocol_profile: { name: 'calls', value: 'calls' },
      },
      param: {
        transaction: {},
        limit: 200,
        orlogic: false,
        search: {
          [`${HEPID}_calls`]: [
            { name: 'data_header.src_user', value: 'alice', type: 'string', hepid: HEPID },
          ],
        },
        location: {},
        timezone: { value: 0, name: 'UTC' },
      },
      timestamp: { from: t0 - 60_000, to: t0 + 60_000 },
    });
    expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(201);
    expect(res.json.data.map((r: Json) => r.sid)).toEqual([callId]);
  });

  it('returns the CDR with the SIP call in call/transaction through a correlation rule added via the API', async () => {
    const list = await call('GET', '/mapping/protocol');
    const sipCall = list.json.data.find((m: Json) => m.hepid === 1 && m.profile === 'call');
    const rule = {
      source_field: 'data_header.callid',
      lookup_id: HEPID,
      lookup_profile: 'calls',
      lookup_field: 'sid',
      lookup_range: [-300, 200],
    };
    const updated = await call('PUT', `/mapping/protocol/${sipCall.guid}`, {
      ...sipCall,
      correlation_mapping: [...sipCall.correlation_mapping, rule],
    });
    expect(updated.status, JSON.stringify(updated.json)).toBe(200);

    const res = await call(
      'POST',
      '/call/transaction',
      transactionRequest([callId], { from: t0 - 60_000, to: t0 + 60_000 }),
    );
    expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(201);
    const messages: Json[] = res.json.data.messages;
    expect(messages.filter((m) => m.payloadType === 1)).toHaveLength(2);
    const cdrs = messages.filter((m) => m.payloadType === HEPID);
    expect(cdrs).toHaveLength(1);
    expect(cdrs[0]).toMatchObject({ sid: callId });
  });

  it('drops the CDR partitions after the mapping row`s retention (2 days)', async () => {
    const day = new Date(t0).toISOString().slice(0, 10).replaceAll('-', '');
    const partition = `${TABLE}_${day}_0000`;
    const sipBefore = await homer.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM hep_proto_1_call WHERE sid = $1',
      [callId],
    );
    // Maintenance at a fake "now" three days later: the CDR day is past its 2-day retention,
    // the SIP call (14 days) is not.
    await homer.homer.storage.maintain(t0 + 3 * 86_400_000 + 3_600_000);
    const [left] = await homer.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [partition]);
    expect(left?.t).toBeNull();
    const sipAfter = await homer.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM hep_proto_1_call WHERE sid = $1',
      [callId],
    );
    expect(sipAfter[0]?.n).toBe(sipBefore[0]?.n);
    expect(sipAfter[0]?.n).toBe(2);
  }, 60_000);
});
