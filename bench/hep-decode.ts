/**
 * decodeHep throughput on one core for a typical ~900-byte HEP3 SIP packet (Kamailio siptrace
 * chunk set: addresses, ports, time, proto type, capture id, auth key, payload).
 * Run: npx tsx bench/hep-decode.ts [seconds]
 */
import { decodeHep, encodeHep3 } from '../src/hep/index.js';

const sipLines = [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.example.com>',
  'User-Agent: homer-ts-bench/1.0',
  'Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO',
  'Content-Type: application/sdp',
];
const sdp = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com',
  's=-',
  'c=IN IP4 192.0.2.101',
  't=0 0',
  'm=audio 49172 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=ptime:20',
  'a=sendrecv',
].join('\r\n');

function buildPacket(targetLength: number): Buffer {
  const make = (padding: string): Buffer => {
    const body = sdp + '\r\n' + padding;
    const sip = [...sipLines, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
    return encodeHep3({
      srcIp: '192.0.2.10',
      dstIp: '192.0.2.20',
      srcPort: 5060,
      dstPort: 5060,
      timeSeconds: 1_700_000_000,
      timeUseconds: 123_456,
      protoType: 1,
      captureId: 2001,
      authKey: 'myHepKey',
      payload: sip,
    });
  };
  const base = make('');
  return make('a=x-pad:' + 'x'.repeat(Math.max(0, targetLength - base.length - 10)) + '\r\n');
}

const packet = buildPacket(900);
const seconds = Number(process.argv[2] ?? 3);

let sink = 0;
function run(iterations: number): void {
  for (let i = 0; i < iterations; i++) sink += decodeHep(packet).payload.length;
}

run(200_000);
const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
const start = process.hrtime.bigint();
let count = 0;
while (process.hrtime.bigint() < deadline) {
  run(100_000);
  count += 100_000;
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
const rate = count / elapsed;
// Using the result keeps the decode from being optimised away.
if (sink === 0) throw new Error('decodeHep returned empty payloads');
console.log(
  `decodeHep: ${packet.length}-byte HEP3 SIP packet, ${count} packets in ${elapsed.toFixed(2)} s = ` +
    `${(rate / 1e6).toFixed(2)} M packets/s (${(1e9 / rate).toFixed(0)} ns/packet)`,
);
