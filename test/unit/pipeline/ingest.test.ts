import { describe, expect, it } from 'vitest';
import type { DecodeResult, SipSummary } from '../../../src/decoders/types.js';
import { encodeHep3 } from '../../../src/hep/index.js';
import type { HepPacket } from '../../../src/hep/types.js';
import { Ingest } from '../../../src/pipeline/ingest.js';
import { MethodResponseCounter } from '../../../src/pipeline/method-response.js';
import { RowQueue } from '../../../src/pipeline/row-queue.js';
import { createMetrics, type Metrics } from '../../../src/telemetry/metrics.js';

/** A datagram whose payload says what the fake decoder returns: "sip:<Call-ID>", "bad" or anything. */
function datagram(
  payload: string,
  options: { protoType?: number; captureId?: number; nodeName?: string } = {},
) {
  return encodeHep3({
    srcIp: '192.0.2.1',
    dstIp: '192.0.2.2',
    srcPort: 5060,
    dstPort: 5060,
    timeSeconds: 1_700_000_000,
    protoType: options.protoType ?? 1,
    captureId: options.captureId ?? 2001,
    nodeName: options.nodeName,
    payload,
  });
}

function decode(packet: HepPacket): DecodeResult {
  const text = packet.payload.toString('latin1');
  const row = {
    hepid: packet.protoType,
    profile: 'call',
    sid: text,
    timeSeconds: 1,
    timeUseconds: 0,
    protocolHeader: '{}',
    dataHeader: '{}',
    raw: text,
  };
  if (text === 'bad') return { row, parseError: 'sip_no_callid' };
  if (!text.startsWith('sip:')) return { row };
  const sip: SipSummary = {
    methodOrStatus: 'INVITE',
    cseqMethod: 'INVITE',
    callId: text.slice(4),
    isRequest: true,
  };
  return { row, sip };
}

function setup(queueRows = 1000): { metrics: Metrics; ingest: Ingest; rows: () => number } {
  const metrics = createMetrics({ defaultMetrics: false });
  const queue = new RowQueue(queueRows, 10);
  const seen: string[] = [];
  const ingest = new Ingest({
    queue,
    metrics,
    decode,
    capturePassword: '',
    methodResponse: new MethodResponseCounter(metrics),
    onQueued: () => undefined,
    onRow: (_result, _packet, nodeId) => seen.push(nodeId),
  });
  return { metrics, ingest, rows: () => seen.length };
}

/** The metric lines of /metrics (no HELP/TYPE), as a scraper reads them. */
async function lines(metrics: Metrics): Promise<string[]> {
  return (await metrics.registry.metrics()).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

describe('Ingest metrics', () => {
  it('counts packets, bytes, sizes, parse errors and method responses as prom-client did per packet', async () => {
    const { metrics, ingest, rows } = setup();
    const frames = [
      datagram('sip:a@x'),
      datagram('sip:a@x'),
      datagram('sip:b@x', { nodeName: 'edge-1' }),
      datagram('bad'),
      datagram('rtcp-report', { protoType: 5 }),
      datagram('x', { protoType: 5 }),
    ];
    for (const f of frames) expect(ingest.accept(f, 'udp')).toBe(true);
    ingest.accept(datagram('sip:c@x'), 'tcp');
    expect(ingest.accept(Buffer.from('not hep at all'), 'udp')).toBe(true);
    expect(rows()).toBe(7);
    const bytes = frames.reduce((n, f) => n + f.length, 0) + 'not hep at all'.length;
    const text = await lines(metrics);
    expect(text).toEqual(
      expect.arrayContaining([
        'heplify_packets_total{type="1",node_id="2001"} 4',
        'heplify_packets_total{type="1",node_id="edge-1"} 1',
        'heplify_packets_total{type="5",node_id="2001"} 2',
        'heplify_packets_size{type="5",node_id="2001"} 1',
        'heplify_packets_size{type="1",node_id="edge-1"} 7',
        'heplify_method_response{target_name="",direction="",node_id="2001",response="INVITE",method="INVITE"} 2',
        'heplify_method_response{target_name="",direction="",node_id="edge-1",response="INVITE",method="INVITE"} 1',
        'homer_received_packets_total{transport="udp"} 7',
        'homer_received_packets_total{transport="tcp"} 1',
        `homer_received_bytes_total{transport="udp"} ${bytes}`,
        'homer_parse_errors_total{reason="sip_no_callid"} 1',
      ]),
    );
    expect(text.filter((l) => l.startsWith('homer_decode_errors_total{'))).toHaveLength(1);
    expect(text.filter((l) => l.startsWith('homer_dropped_total{'))).toHaveLength(1);
  });

  it('counts queue_full drops and returns false when the queue refuses a row', async () => {
    const { metrics, ingest } = setup(1);
    expect(ingest.accept(datagram('sip:a@x'), 'udp')).toBe(true);
    expect(ingest.accept(datagram('sip:b@x'), 'udp')).toBe(false);
    expect(ingest.accept(datagram('sip:c@x'), 'udp')).toBe(false);
    expect(await lines(metrics)).toContain('homer_dropped_total{reason="queue_full"} 2');
  });

  it('shows the same values whether or not it was scraped in between', async () => {
    const quiet = setup();
    const scraped = setup();
    const texts: string[][] = [];
    for (let i = 0; i < 30; i++) {
      const frame = datagram(i % 7 === 0 ? 'bad' : `sip:call-${i % 11}`, { protoType: i % 3 === 0 ? 5 : 1 });
      quiet.ingest.accept(frame, i % 2 === 0 ? 'udp' : 'tls');
      scraped.ingest.accept(frame, i % 2 === 0 ? 'udp' : 'tls');
      texts.push(await lines(scraped.metrics));
    }
    expect(await lines(quiet.metrics)).toEqual(texts[texts.length - 1]);
    expect(await lines(scraped.metrics)).toEqual(texts[texts.length - 1]);
  });
});
