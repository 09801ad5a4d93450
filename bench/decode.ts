/**
 * Decode benchmark: HepPacket → CaptureRow for realistic SIP INVITEs with SDP, on one core.
 * Run with `npx tsx bench/decode.ts`. 10 000 distinct messages (~800 bytes each, distinct Call-IDs,
 * users, tags, branches and addresses), a warm-up pass, then RUNS timed passes; the median is
 * reported, per wall-clock second and per CPU-second of this process (the latter is steadier on a
 * shared machine; it also counts GC helper threads, so it is the conservative one). A second figure
 * also flattens the row strings (as a writer would when it serialises them), since string
 * concatenation defers that copy.
 */
import { DEFAULT_SIP_HEADERS } from '../src/decoders/defaults.js';
import { createDecoderRegistry } from '../src/decoders/registry.js';
import type { DecodeContext } from '../src/decoders/types.js';
import { decodeHep, encodeHep3 } from '../src/hep/index.js';
import type { HepPacket } from '../src/hep/types.js';

const MESSAGES = 10_000;
const WARMUP_PASSES = 20;
const RUNS = 5;
const PASSES_PER_RUN = 30;

function invite(i: number): string {
  const caller = `1${String(100000 + i)}`;
  const callee = `2${String(300000 + ((i * 7) % 90000))}`;
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const callId = `${(i * 2654435761) >>> 0}-${i.toString(16)}-4c2a9e@${ip}`;
  const sdp =
    'v=0\r\n' +
    `o=- ${1_700_000_000 + i} ${1_700_000_000 + i} IN IP4 ${ip}\r\n` +
    's=-\r\n' +
    `c=IN IP4 ${ip}\r\n` +
    't=0 0\r\n' +
    `m=audio ${10_000 + (i % 20_000) * 2} RTP/AVP 0 8 101\r\n` +
    'a=rtpmap:0 PCMU/8000\r\n' +
    'a=rtpmap:8 PCMA/8000\r\n' +
    'a=rtpmap:101 telephone-event/8000\r\n' +
    'a=fmtp:101 0-16\r\n' +
    'a=ptime:20\r\n' +
    'a=sendrecv\r\n';
  return (
    `INVITE sip:${callee}@sip.example.com SIP/2.0\r\n` +
    `Via: SIP/2.0/UDP ${ip}:5060;branch=z9hG4bK${(i * 40503).toString(36)}a7;rport\r\n` +
    'Max-Forwards: 70\r\n' +
    `From: "Caller ${i}" <sip:${caller}@sip.example.com>;tag=${(i * 97).toString(36)}f3a\r\n` +
    `To: <sip:${callee}@sip.example.com>\r\n` +
    `Call-ID: ${callId}\r\n` +
    'CSeq: 1 INVITE\r\n' +
    `Contact: <sip:${caller}@${ip}:5060;transport=udp>\r\n` +
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK, REFER, NOTIFY, INFO\r\n' +
    'Supported: replaces, timer, 100rel\r\n' +
    'User-Agent: homer-ts-bench/1.0\r\n' +
    `P-Asserted-Identity: <sip:${caller}@sip.example.com>\r\n` +
    'Content-Type: application/sdp\r\n' +
    `Content-Length: ${Buffer.byteLength(sdp)}\r\n` +
    '\r\n' +
    sdp
  );
}

function packet(i: number): HepPacket {
  return {
    version: 3,
    ipFamily: 2,
    ipProtocol: 17,
    srcIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    dstIp: '192.0.2.10',
    srcPort: 5060,
    dstPort: 5060,
    timeSeconds: 1_700_000_000 + i,
    timeUseconds: (i * 37) % 1_000_000,
    protoType: 1,
    captureId: 2001,
    authKey: 'myHep',
    payload: Buffer.from(invite(i)),
    extraChunks: [],
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function main(): void {
  const packets = Array.from({ length: MESSAGES }, (_, i) => packet(i));
  const avgBytes = packets.reduce((n, p) => n + p.payload.length, 0) / MESSAGES;
  const registry = createDecoderRegistry({
    sip: { sipHeaders: DEFAULT_SIP_HEADERS, customHeaders: [], alegIds: [], forceALegId: false },
  });
  const ctx: DecodeContext = { arrivalSeconds: 1_700_000_000, arrivalUseconds: 0 };
  let sink = 0;

  // The full hot path starts from the datagram's bytes: HEPv3 decode, then SIP decode → row.
  const datagrams = packets.map((p) => encodeHep3(p));
  let fromBytes = false;
  const pass = (flatten: boolean): void => {
    for (let i = 0; i < MESSAGES; i++) {
      const input = fromBytes ? decodeHep(datagrams[i] as Buffer) : (packets[i] as HepPacket);
      const { row } = registry.decode(input, ctx);
      // charCodeAt flattens a concatenated (cons) string: the copy a writer pays anyway.
      sink += flatten
        ? row.protocolHeader.charCodeAt(1) + row.dataHeader.charCodeAt(1) + row.raw.length
        : row.dataHeader.length + row.sid.length;
    }
  };
  const measure = (flatten: boolean): { wall: number; cpu: number } => {
    for (let w = 0; w < WARMUP_PASSES; w++) pass(flatten);
    const rates: number[] = [];
    const cpuRates: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      for (let p = 0; p < PASSES_PER_RUN; p++) pass(flatten);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(c0);
      rates.push((MESSAGES * PASSES_PER_RUN) / seconds);
      cpuRates.push((MESSAGES * PASSES_PER_RUN) / ((cpu.user + cpu.system) / 1e6));
    }
    const fmt = (values: number[]): string =>
      values.map((r) => Math.round(r).toLocaleString('en-US')).join(', ');
    console.log(
      `  ${flatten ? 'flattened' : 'plain'} wall: ${fmt(rates)} msgs/s; per CPU-second: ${fmt(cpuRates)}`,
    );
    return { wall: median(rates), cpu: median(cpuRates) };
  };

  console.log(
    `decode bench: ${MESSAGES} distinct INVITEs, avg ${Math.round(avgBytes)} bytes, node ${process.version}`,
  );
  const plain = measure(false);
  const flat = measure(true);
  const show = (label: string, m: { wall: number; cpu: number }): void =>
    console.log(
      `${label} ${Math.round(m.wall).toLocaleString('en-US')} msgs/s wall, ` +
        `${Math.round(m.cpu).toLocaleString('en-US')} msgs per CPU-second (median of ${RUNS})`,
    );
  show('SIP decode → row:           ', plain);
  show('SIP decode → row, flattened:', flat);
  fromBytes = true;
  console.log('from HEPv3 bytes (decodeHep + SIP decode):');
  const full = measure(false);
  const fullFlat = measure(true);
  show('HEP + SIP → row:            ', full);
  show('HEP + SIP → row, flattened: ', fullFlat);
  if (sink === 42) console.log('');
}

main();
