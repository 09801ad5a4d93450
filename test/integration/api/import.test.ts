import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { storageKinds } from '../../helpers/pg.js';
import { sharedTestdataPath } from '../../helpers/shared-testdata.js';
import { classicPcap, udpFrame } from '../../unit/api/pcap/capture-builders.js';

const kinds = await storageKinds();

/** multipart/form-data as homer-ui's PCAP uploader sends it: the file in field `fileKey`. */
function multipart(file: Buffer, field = 'fileKey'): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----h5${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="upload.pcap"\r\n` +
        'Content-Type: application/vnd.tcpdump.pcap\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const TCP_CALL_ID = '158936656982201062716@10.33.6.100';
const ERSPAN_CALL_ID = 'ddd141f1d982d8989fb73db754a8fbb7@192.168.1.191';

describe.each(kinds)('pcap import (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  const upload = (path: string, file: Buffer, token = api.userToken) => {
    const { body, headers } = multipart(file);
    return api.call('POST', path, { token, body, headers });
  };

  it('imports SIP over TCP from a pcap with its original timestamps, as captured rows', async () => {
    const res = await upload(
      '/api/v3/import/data/pcap',
      readFileSync(sharedTestdataPath('pcap/sip/heplify_sip_ipv4_tcp.pcap')),
    );
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ inserted: 7, rejected: 0, messages: 7, frames: 84 });
    expect(res.json.message).toContain('imported 7 SIP messages');
    const rows = await api.query<{ us: string; method: string; proto: string; node: string; src: string }>(
      `SELECT (extract(epoch FROM create_date) * 1000000)::bigint::text AS us, data_header->>'method' AS method,
              protocol_header->>'protocol' AS proto, protocol_header->>'captureId' AS node,
              protocol_header->>'srcIp' AS src
         FROM hep_proto_1_call WHERE data_header->>'callid' = $1 ORDER BY create_date, id`,
      [TCP_CALL_ID],
    );
    // tshark: 7 messages (INVITE, 100, 180, 200, ACK, BYE, 200), the first at 1311857686.562096.
    expect(rows.map((r) => r.method)).toEqual(['INVITE', '100', '180', '200', 'ACK', 'BYE', '200']);
    expect(rows[0]).toMatchObject({
      us: '1311857686562096',
      proto: '6',
      node: 'pcap-import',
      src: '10.33.6.100',
    });
    expect(rows[6]?.us).toBe('1311857693088359');
  });

  it('imports a pcapng (ERSPAN-encapsulated SIP) into call and default tables', async () => {
    const res = await upload(
      '/api/v3/import/data/pcap',
      readFileSync(sharedTestdataPath('pcap/sip/heplify_erspan_sip_ipv4_udp.pcapng')),
      api.adminToken,
    );
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ inserted: 140, rejected: 0 });
    const [call] = await api.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM hep_proto_1_call WHERE data_header->>'callid' = $1`,
      [ERSPAN_CALL_ID],
    );
    expect(call?.n).toBe('30');
    // SUBSCRIBE and its responses are not dialog methods: hep_proto_1_default, as heplify-server routes them.
    const [subscribes] = await api.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM hep_proto_1_default WHERE protocol_header->>'captureId' = 'pcap-import'
         AND data_header->>'cseq' LIKE '% SUBSCRIBE'`,
    );
    expect(subscribes?.n).toBe('24');
  });

  it('import/data/pcap/now shifts the first message to now and keeps the gaps', async () => {
    // The earlier imports are years old, so "the last hour" holds only this one.
    const file = readFileSync(sharedTestdataPath('pcap/sip/heplify_rtp_rtcp_sip.pcap'));
    const before = Date.now() * 1000;
    const res = await upload('/api/v3/import/data/pcap/now', file);
    const after = Date.now() * 1000;
    expect(res.status).toBe(201);
    expect(res.json.data.inserted).toBe(14);
    expect(res.json.data.ignoredFrames).toBeGreaterThan(4000);
    const rows = await api.query<{ us: string }>(
      `SELECT (extract(epoch FROM create_date) * 1000000)::bigint::text AS us FROM (
         SELECT create_date FROM hep_proto_1_call UNION ALL SELECT create_date FROM hep_proto_1_registration
         UNION ALL SELECT create_date FROM hep_proto_1_default) t
       WHERE create_date > now() - interval '1 hour' ORDER BY create_date`,
    );
    expect(rows).toHaveLength(14);
    const first = Number(rows[0]!.us);
    expect(first).toBeGreaterThanOrEqual(before);
    expect(first).toBeLessThanOrEqual(after);
    // tshark: the last SIP message is 30.37 s after the first in this capture.
    expect(Number(rows[13]!.us) - first).toBeGreaterThan(1_000_000);
  });

  it('answers 201 with nothing inserted for a capture without SIP', async () => {
    const noSip = classicPcap([
      { linkType: 1, timeUs: 1, data: udpFrame('10.0.0.1', '10.0.0.2', 'hello', [53, 53]) },
    ]);
    const res = await upload('/api/v3/import/data/pcap', noSip);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ data: { inserted: 0, rejected: 0, frames: 1, ignoredFrames: 1 } });
    expect(res.json.message).toMatch(/no SIP messages found/);
  });

  it('answers 400 with a clear message for a corrupt file, a missing field or a non-multipart body', async () => {
    const corrupt = await upload(
      '/api/v3/import/data/pcap',
      Buffer.from('GIF89a definitely not a capture file'),
    );
    expect(corrupt.status).toBe(400);
    expect(corrupt.json).toEqual({
      data: {},
      message:
        'cannot read the capture file: not a pcap or pcapng file (unknown magic number in the first 4 bytes)',
    });
    const good = readFileSync(sharedTestdataPath('pcap/sip/heplify_sip_ipv6.pcap'));
    const broken = Buffer.from(good);
    broken.writeUInt32LE(0x7fffffff, 24 + 8);
    const badRecord = await upload('/api/v3/import/data/pcap', broken);
    expect(badRecord.status).toBe(400);
    expect(badRecord.json.message).toMatch(/pcap record 1 at byte 24 is corrupt/);

    const { body, headers } = multipart(good, 'otherField');
    const missing = await api.call('POST', '/api/v3/import/data/pcap', {
      token: api.userToken,
      body,
      headers,
    });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toContain('fileKey');
    const json = await api.call('POST', '/api/v3/import/data/pcap', {
      token: api.userToken,
      body: { fileKey: 'x' },
    });
    expect(json.status).toBe(400);
    expect(json.json.message).toContain('multipart/form-data');
  });

  it('accepts files larger than the JSON body limit and refuses anonymous uploads', async () => {
    const padding = Array.from({ length: 5000 }, (_, i) => ({
      linkType: 1,
      timeUs: 1_700_000_000_000_000 + i,
      data: udpFrame('10.9.0.1', '10.9.0.2', Buffer.alloc(1200, 0x41), [7000, 7002]),
    }));
    const big = classicPcap(padding);
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    const res = await upload('/api/v3/import/data/pcap', big);
    expect(res.status).toBe(201);
    expect(res.json.data).toMatchObject({ inserted: 0, frames: 5000, ignoredFrames: 5000 });
    const { body, headers } = multipart(big);
    const anonymous = await api.call('POST', '/api/v3/import/data/pcap', { body, headers });
    expect(anonymous.status).toBe(401);
  });
});
