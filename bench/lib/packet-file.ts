import { writeFileSync } from 'node:fs';
import { encodeHep3 } from '../../src/hep/index.js';
import type { SipMessage } from './sip-mix.js';

/**
 * The file the C sender cycles through. Each record is a 12-byte little-endian header followed by
 * one HEPv3 datagram:
 *
 *   u32 length | u16 Call-ID slot offset | u16 time-seconds offset | u16 time-microseconds offset | u16 0
 *
 * Offsets are byte positions inside the datagram (0xffff: nothing to patch). The sender writes the
 * step/cycle hex into the Call-ID slot and the send time into HEP3 chunks 0x0009/0x000a, so rows get
 * live timestamps (create_date index grows like in production) and every packet is distinct.
 */
export const RECORD_HEADER_BYTES = 12;
export const NO_PATCH = 0xffff;

/** The capture agent the generated packets claim to come from (HEP3 chunk 0x000c). */
export const BENCH_CAPTURE_ID = 2001;

export interface EncodedPacket {
  readonly datagram: Buffer;
  readonly callIdSlotOffset: number;
  readonly timeSecOffset: number;
  readonly timeUsecOffset: number;
}

/** Offset of a HEP3 chunk's value (generic vendor 0), or NO_PATCH. */
function chunkValueOffset(packet: Buffer, type: number): number {
  const total = packet.readUInt16BE(4);
  let off = 6;
  while (off + 6 <= total) {
    const vendor = packet.readUInt16BE(off);
    const chunkType = packet.readUInt16BE(off + 2);
    const len = packet.readUInt16BE(off + 4);
    if (vendor === 0 && chunkType === type) return off + 6;
    if (len < 6) break;
    off += len;
  }
  return NO_PATCH;
}

export function encodeMessage(message: SipMessage, timeSeconds: number): EncodedPacket {
  const payload = Buffer.from(message.text, 'latin1');
  const datagram = encodeHep3({
    srcIp: message.srcIp,
    dstIp: message.dstIp,
    srcPort: message.srcPort,
    dstPort: message.dstPort,
    timeSeconds,
    timeUseconds: 0,
    protoType: 1,
    captureId: BENCH_CAPTURE_ID,
    authKey: 'myHep',
    payload,
  });
  // The payload chunk is written last (encodeHep3's documented order), so it ends the datagram.
  const payloadStart = datagram.length - payload.length;
  return {
    datagram,
    callIdSlotOffset: payloadStart + message.callIdSlotOffset,
    timeSecOffset: chunkValueOffset(datagram, 0x0009),
    timeUsecOffset: chunkValueOffset(datagram, 0x000a),
  };
}

export function writePacketFile(path: string, packets: readonly EncodedPacket[]): { bytes: number } {
  let size = 0;
  for (const p of packets) size += RECORD_HEADER_BYTES + p.datagram.length;
  const out = Buffer.alloc(size);
  let off = 0;
  for (const p of packets) {
    out.writeUInt32LE(p.datagram.length, off);
    out.writeUInt16LE(p.callIdSlotOffset, off + 4);
    out.writeUInt16LE(p.timeSecOffset, off + 6);
    out.writeUInt16LE(p.timeUsecOffset, off + 8);
    out.writeUInt16LE(0, off + 10);
    p.datagram.copy(out, off + RECORD_HEADER_BYTES);
    off += RECORD_HEADER_BYTES + p.datagram.length;
  }
  writeFileSync(path, out);
  return { bytes: size };
}
