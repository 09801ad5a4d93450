/**
 * Issue 5: logs, events, DNS, ISUP and quality reports join the SIP call they belong to in
 * `call/transaction`, through the seeded correlation rules (sid = HEP correlation id; ISUP by its
 * correlation id, its sid being the circuit). Rows are decoded by the capture decoders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecoderRegistry } from '../../../src/decoders/registry.js';
import { DEFAULT_SIP_HEADERS } from '../../../src/decoders/defaults.js';
import { decodeHep } from '../../../src/hep/decode.js';
import { encodeHep3 } from '../../../src/hep/encode.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { transactionRequest } from '../../helpers/http-api.js';
import { storageKinds } from '../../helpers/pg.js';
import { invite } from '../capture/messages.js';

const kinds = await storageKinds();

/** A DNS response for sip.example.com A 10.0.0.2 (RFC 1035 wire format). */
function dnsAnswer(): Buffer {
  const qname = Buffer.from([
    3,
    ...Buffer.from('sip'),
    7,
    ...Buffer.from('example'),
    3,
    ...Buffer.from('com'),
    0,
  ]);
  const header = Buffer.from([0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
  const question = Buffer.concat([qname, Buffer.from([0, 1, 0, 1])]);
  const answer = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 2]);
  return Buffer.concat([header, question, answer]);
}

describe.each(kinds)('call/transaction joins every HEP type of the call (%s)', (kind) => {
  let api: TestApi;
  const callId = `joins-${kind}-${process.pid}@10.0.0.1`;
  const t0 = Date.now() - 60_000;

  beforeAll(async () => {
    api = await startTestApi(kind);
    const registry = createDecoderRegistry({
      sip: { sipHeaders: DEFAULT_SIP_HEADERS, customHeaders: [], alegIds: [], forceALegId: false },
    });
    const base = { srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 5060, dstPort: 5060, captureId: 1 };
    const at = (offsetMs: number) => ({
      timeSeconds: Math.floor((t0 + offsetMs) / 1000),
      timeUseconds: ((t0 + offsetMs) % 1000) * 1000,
    });
    const packets = [
      encodeHep3({ ...base, ...at(0), payload: invite(callId) }),
      encodeHep3({
        ...base,
        ...at(10),
        protoType: 53,
        srcPort: 53,
        correlationId: callId,
        payload: dnsAnswer(),
      }),
      encodeHep3({
        ...base,
        ...at(20),
        protoType: 54,
        correlationId: callId,
        payload: JSON.stringify({
          opc: 100,
          dpc: 200,
          cic: 7,
          msg_name: 'IAM',
          called_number: { num: '4930123' },
        }),
      }),
      encodeHep3({
        ...base,
        ...at(30),
        protoType: 100,
        correlationId: callId,
        payload: JSON.stringify({ event: 'webrtcup', session_id: 1234567890123456789n.toString(), type: 16 }),
      }),
      encodeHep3({
        ...base,
        ...at(40),
        protoType: 34,
        correlationId: callId,
        payload: JSON.stringify({ MOS: 4.1, JITTER: 3, PACKET_LOSS: 0, DELTA: 20 }),
      }),
    ];
    const ctx = { arrivalSeconds: Math.floor(t0 / 1000), arrivalUseconds: 0 };
    await api.insertRows(packets.map((p) => registry.decode(decodeHep(p), ctx).row));
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('returns the SIP message with its DNS, ISUP, event log and RTP report in time order', async () => {
    const res = await api.call('POST', '/api/v3/call/transaction', {
      token: api.adminToken,
      body: transactionRequest([callId], { from: t0 - 60_000, to: t0 + 60_000 }),
    });
    expect(res.status, res.body.slice(0, 300)).toBe(201);
    const types = (res.json.data.messages as { payloadType: number }[]).map((m) => Number(m.payloadType));
    expect(types).toEqual([1, 53, 54, 100, 34]);
    const methods = (res.json.data.calldata as { method: string }[]).map((c) => c.method);
    expect(methods[0]).toBe('INVITE');
    expect(methods).toContain('IAM'); // msg_name wins over the type label, as homer-app
    expect(methods).toContain('DNS');
    expect(methods).toContain('LOG');
    expect(methods).toContain('Report RTP');
  });
});
