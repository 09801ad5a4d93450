import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIP_HEADERS } from '../../../src/decoders/defaults.js';
import { createDecoderRegistry } from '../../../src/decoders/registry.js';
import { toHepPacket } from '../../../src/api/pcap/import-rows.js';
import type { CaptureRow } from '../../../src/pipeline/row.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { storageKinds } from '../../helpers/pg.js';
import { epochToMicros, tsharkAvailable, tsharkFields } from '../../helpers/tshark.js';
import { sipMessage } from '../../unit/api/pcap/rows.js';

const kinds = await storageKinds();
const withTshark = tsharkAvailable();
const decoders = createDecoderRegistry({
  sip: { sipHeaders: DEFAULT_SIP_HEADERS, customHeaders: [], alegIds: [], forceALegId: false },
});

const CALL_ID = 'export-call-1@h5.test';
/** Whole seconds a minute ago plus odd microseconds, so µs precision is visible. */
const T0 = (Math.floor(Date.now() / 1000) - 60) * 1_000_000 + 123_457;

interface StoredMessage {
  readonly firstLine: string;
  readonly cseq: string;
  readonly src: string;
  readonly dst: string;
  readonly protocol: 6 | 17;
  readonly offsetUs: number;
  readonly body?: number;
}

/** A call: UDP over IPv4 to a proxy, then TCP over IPv6 to the callee; stored out of order. */
const CALL: readonly StoredMessage[] = [
  {
    firstLine: 'SIP/2.0 200 OK',
    cseq: '1 INVITE',
    src: '2001:db8::20',
    dst: '2001:db8::10',
    protocol: 6,
    offsetUs: 40_001,
    body: 90,
  },
  {
    firstLine: 'INVITE sip:bob@h5.test SIP/2.0',
    cseq: '1 INVITE',
    src: '192.0.2.1',
    dst: '192.0.2.2',
    protocol: 17,
    offsetUs: 0,
    body: 120,
  },
  {
    firstLine: 'SIP/2.0 100 Trying',
    cseq: '1 INVITE',
    src: '192.0.2.2',
    dst: '192.0.2.1',
    protocol: 17,
    offsetUs: 1,
  },
  {
    firstLine: 'INVITE sip:bob@h5.test SIP/2.0',
    cseq: '1 INVITE',
    src: '2001:db8::10',
    dst: '2001:db8::20',
    protocol: 6,
    offsetUs: 10_000,
    body: 120,
  },
  {
    firstLine: 'SIP/2.0 180 Ringing',
    cseq: '1 INVITE',
    src: '2001:db8::20',
    dst: '2001:db8::10',
    protocol: 6,
    offsetUs: 20_000,
  },
  {
    firstLine: 'SIP/2.0 200 OK',
    cseq: '1 INVITE',
    src: '192.0.2.2',
    dst: '192.0.2.1',
    protocol: 17,
    offsetUs: 50_000,
    body: 90,
  },
  {
    firstLine: 'BYE sip:bob@h5.test SIP/2.0',
    cseq: '2 BYE',
    src: '192.0.2.1',
    dst: '192.0.2.2',
    protocol: 17,
    offsetUs: 2_000_000,
  },
];

function rowOf(message: StoredMessage): CaptureRow {
  const family = message.src.includes(':') ? 10 : 2;
  const raw = sipMessage(message.firstLine, CALL_ID, message.cseq, message.body ?? 0);
  return decoders.decode(
    toHepPacket(
      {
        timeUs: 0,
        ipFamily: family,
        ipProtocol: message.protocol,
        srcIp: message.src,
        dstIp: message.dst,
        srcPort: message.protocol === 6 && message.src.endsWith('::10') ? 40_000 : 5060,
        dstPort: message.protocol === 6 && message.dst.endsWith('::10') ? 40_000 : 5060,
        payload: Buffer.from(raw),
      },
      T0 + message.offsetUs,
      'h5-node',
    ),
    { arrivalSeconds: 0, arrivalUseconds: 0 },
  ).row;
}

const body = {
  param: {
    limit: 200,
    search: { '1_call': { callid: [CALL_ID] } },
    transaction: { call: true },
    location: {},
  },
  timestamp: { from: Math.floor(T0 / 1000) - 300_000, to: Math.floor(T0 / 1000) + 300_000 },
};
const inOrder = [...CALL].sort((a, b) => a.offsetUs - b.offsetUs);

describe.each(kinds)('export (%s)', (kind) => {
  let api: TestApi;
  let dir: string;
  beforeAll(async () => {
    api = await startTestApi(kind);
    dir = mkdtempSync(join(tmpdir(), 'h5-export-'));
    await api.insertRows(CALL.map(rowOf));
    // An RTCP report of the same call: stored as JSON, left out of the pcap.
    await api.insertRows([
      decoders.decode(
        {
          ...toHepPacket(
            {
              timeUs: 0,
              ipFamily: 2,
              ipProtocol: 17,
              srcIp: '192.0.2.1',
              dstIp: '192.0.2.2',
              srcPort: 4001,
              dstPort: 4003,
              payload: Buffer.from('{"type":200,"ssrc":1}'),
            },
            T0 + 3_000_000,
            'h5-node',
          ),
          protoType: 5,
          correlationId: CALL_ID,
        },
        { arrivalSeconds: 0, arrivalUseconds: 0 },
      ).row,
    ]);
  });
  afterAll(async () => {
    await api?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers a pcap attachment with every SIP message of the call, in time order', async () => {
    const res = await api.call('POST', '/api/v3/export/call/messages/pcap', { token: api.userToken, body });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename=export-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.pcap$/,
    );
    expect(res.rawPayload.readUInt32LE(0)).toBe(0xa1b2c3d4);
    if (!withTshark) return;
    const file = join(dir, `${kind}.pcap`);
    writeFileSync(file, res.rawPayload);
    const seen = tsharkFields(file, 'sip', [
      'frame.time_epoch',
      'sip.Method',
      'sip.Status-Code',
      'sip.Call-ID',
      'ip.src',
      'ipv6.src',
      'frame.protocols',
    ]);
    expect(seen).toHaveLength(CALL.length);
    expect(seen.map(([time]) => epochToMicros(time!))).toEqual(inOrder.map((m) => T0 + m.offsetUs));
    expect(seen.map(([, method, status]) => method || status)).toEqual(
      inOrder.map((m) =>
        m.firstLine.startsWith('SIP/2.0') ? m.firstLine.split(' ')[1] : m.firstLine.split(' ')[0],
      ),
    );
    expect(new Set(seen.map((s) => s[3]))).toEqual(new Set([CALL_ID]));
    expect(seen.map((s) => s[4] || s[5])).toEqual(inOrder.map((m) => m.src));
    expect(seen.map((s) => s[6]!.split(':').slice(2, 5).join(':'))).toEqual(
      inOrder.map((m) => `${m.src.includes(':') ? 'ipv6' : 'ip'}:${m.protocol === 6 ? 'tcp' : 'udp'}:sip`),
    );
  });

  it('answers the text export: one block per message with its addresses and raw text', async () => {
    const res = await api.call('POST', '/api/v3/export/call/messages/text', { token: api.userToken, body });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=export-.*\.txt$/);
    const flow = await api.call('POST', '/api/v3/call/transaction', { token: api.userToken, body });
    const blocks = res.body.split(/(?=^proto:)/m);
    expect(blocks).toHaveLength(flow.json.data.messages.length);
    const sipBlocks = blocks.filter((b) => /\r\n\r\n(?:SIP\/2\.0|[A-Z]+ sip:)/.test(b));
    expect(sipBlocks).toHaveLength(CALL.length);
    const first = inOrder[0]!;
    expect(sipBlocks[0]).toBe(
      `proto:UDP ${new Date(Math.floor((T0 + first.offsetUs) / 1000)).toISOString().slice(0, -4)}${String(T0 % 1_000_000).padStart(6, '0')}Z  ` +
        `192.0.2.1:5060 ---> 192.0.2.2:5060\r\n\r\n${sipMessage(first.firstLine, CALL_ID, first.cseq, first.body)}\r\n`,
    );
    expect(sipBlocks[2]).toMatch(
      /^proto:TCP \S+ {2}\[2001:db8::10\]:40000 ---> \[2001:db8::20\]:5060\r\n\r\nINVITE /,
    );
  });

  it('answers 400 naming the field for a body without param.search, and 401 without a token', async () => {
    const bad = await api.call('POST', '/api/v3/export/call/messages/pcap', {
      token: api.userToken,
      body: { param: {}, timestamp: body.timestamp },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('search');
    const anonymous = await api.call('POST', '/api/v3/export/call/messages/text', { body });
    expect(anonymous.status).toBe(401);
  });
});
