/**
 * Hand-built RTCP packets (RFC 3550 §6.4–6.7, RFC 3611 §2, §4.7) for the decoder tests. Every
 * builder writes the common header
 *   byte 0: V=2 (bits 7-6) | P (bit 5) | count (bits 4-0);  byte 1: PT;  bytes 2-3: length in
 *   32-bit words minus one
 * followed by the body, padded to a word boundary.
 */

export function rtcpHeader(type: number, count: number, bodyBytes: number, padding = false): Buffer {
  const header = Buffer.alloc(4);
  header[0] = 0x80 | (padding ? 0x20 : 0) | (count & 0x1f);
  header[1] = type;
  header.writeUInt16BE((4 + bodyBytes) / 4 - 1, 2);
  return header;
}

export interface Block {
  readonly ssrc: number;
  readonly fractionLost: number;
  /** Signed 24-bit cumulative loss. */
  readonly lost: number;
  readonly highestSeq: number;
  readonly jitter: number;
  readonly lsr: number;
  readonly dlsr: number;
}

/** One 24-byte report block: SSRC | fraction lost (8) + cumulative lost (24) | ext. highest seq | jitter | LSR | DLSR. */
export function reportBlock(b: Block): Buffer {
  const out = Buffer.alloc(24);
  out.writeUInt32BE(b.ssrc, 0);
  out[4] = b.fractionLost;
  out.writeIntBE(b.lost, 5, 3);
  out.writeUInt32BE(b.highestSeq, 8);
  out.writeUInt32BE(b.jitter, 12);
  out.writeUInt32BE(b.lsr, 16);
  out.writeUInt32BE(b.dlsr, 20);
  return out;
}

/** SR (PT 200): SSRC | NTP msw | NTP lsw | RTP ts | packet count | octet count | blocks. */
export function senderReport(
  ssrc: number,
  info: { ntpSec: number; ntpFrac: number; rtpTs: number; packets: number; octets: number },
  blocks: readonly Block[] = [],
): Buffer {
  const body = Buffer.alloc(24);
  body.writeUInt32BE(ssrc, 0);
  body.writeUInt32BE(info.ntpSec, 4);
  body.writeUInt32BE(info.ntpFrac, 8);
  body.writeUInt32BE(info.rtpTs, 12);
  body.writeUInt32BE(info.packets, 16);
  body.writeUInt32BE(info.octets, 20);
  const all = Buffer.concat([body, ...blocks.map(reportBlock)]);
  return Buffer.concat([rtcpHeader(200, blocks.length, all.length), all]);
}

/** RR (PT 201): SSRC of the packet sender | blocks. */
export function receiverReport(ssrc: number, blocks: readonly Block[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(ssrc, 0);
  const all = Buffer.concat([head, ...blocks.map(reportBlock)]);
  return Buffer.concat([rtcpHeader(201, blocks.length, all.length), all]);
}

/** SDES (PT 202): per chunk SSRC, items (type, length, text), END (0), null octets to a word boundary. */
export function sdes(chunks: readonly { ssrc: number; items: readonly [number, string][] }[]): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of chunks) {
    const ssrc = Buffer.alloc(4);
    ssrc.writeUInt32BE(chunk.ssrc, 0);
    const items = chunk.items.map(([type, text]) => {
      const value = Buffer.from(text, 'utf8');
      return Buffer.concat([Buffer.from([type, value.length]), value]);
    });
    let body = Buffer.concat([ssrc, ...items, Buffer.from([0])]);
    body = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    parts.push(body);
  }
  const all = Buffer.concat(parts);
  return Buffer.concat([rtcpHeader(202, chunks.length, all.length), all]);
}

/** BYE (PT 203): SSRCs, then an optional reason (length octet + text), padded with zeros. */
export function bye(ssrcs: readonly number[], reason?: string): Buffer {
  const ids = Buffer.alloc(4 * ssrcs.length);
  ssrcs.forEach((s, i) => ids.writeUInt32BE(s, 4 * i));
  let body = ids;
  if (reason !== undefined) {
    const text = Buffer.from(reason, 'utf8');
    body = Buffer.concat([ids, Buffer.from([text.length]), text]);
    body = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  }
  return Buffer.concat([rtcpHeader(203, ssrcs.length, body.length), body]);
}

/** APP (PT 204): subtype in the count field | SSRC | 4-octet ASCII name | data (multiple of 4). */
export function app(ssrc: number, subtype: number, name: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(ssrc, 0);
  head.write(name.padEnd(4).slice(0, 4), 4, 'ascii');
  const body = Buffer.concat([head, data]);
  return Buffer.concat([rtcpHeader(204, subtype, body.length), body]);
}

export interface VoipMetricsInput {
  readonly ssrc: number;
  readonly lossRate: number;
  readonly discardRate: number;
  readonly burstDensity: number;
  readonly gapDensity: number;
  readonly burstDuration: number;
  readonly gapDuration: number;
  readonly roundTrip: number;
  readonly endSystem: number;
  readonly signal: number;
  readonly noise: number;
  readonly rerl: number;
  readonly gmin: number;
  readonly r: number;
  readonly extR: number;
  /** ×10 on the wire; 127 = unavailable. */
  readonly mosLq: number;
  readonly mosCq: number;
  readonly rxConfig: number;
  readonly jbNominal: number;
  readonly jbMax: number;
  readonly jbAbsMax: number;
}

/**
 * XR (PT 207): SSRC of the sender, then one VoIP metrics block (BT=7, length 8 words):
 *  BT | reserved | length | SSRC of source | loss | discard | burst dens. | gap dens. |
 *  burst dur. (16) | gap dur. (16) | RTD (16) | ESD (16) | signal | noise | RERL | Gmin |
 *  R | ext. R | MOS-LQ | MOS-CQ | RX config | reserved | JB nominal | JB max | JB abs max
 * Optional extra blocks (e.g. a receiver reference time block, BT=4) come first.
 */
export function xrVoipMetrics(sender: number, m: VoipMetricsInput, before: readonly Buffer[] = []): Buffer {
  const b = Buffer.alloc(36);
  b[0] = 7;
  b.writeUInt16BE(8, 2);
  b.writeUInt32BE(m.ssrc, 4);
  b[8] = m.lossRate;
  b[9] = m.discardRate;
  b[10] = m.burstDensity;
  b[11] = m.gapDensity;
  b.writeUInt16BE(m.burstDuration, 12);
  b.writeUInt16BE(m.gapDuration, 14);
  b.writeUInt16BE(m.roundTrip, 16);
  b.writeUInt16BE(m.endSystem, 18);
  b.writeInt8(m.signal, 20);
  b.writeInt8(m.noise, 21);
  b[22] = m.rerl;
  b[23] = m.gmin;
  b[24] = m.r;
  b[25] = m.extR;
  b[26] = m.mosLq;
  b[27] = m.mosCq;
  b[28] = m.rxConfig;
  b.writeUInt16BE(m.jbNominal, 30);
  b.writeUInt16BE(m.jbMax, 32);
  b.writeUInt16BE(m.jbAbsMax, 34);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(sender, 0);
  const body = Buffer.concat([head, ...before, b]);
  return Buffer.concat([rtcpHeader(207, 0, body.length), body]);
}

/** RFC 3611 §4.4 receiver reference time block (BT=4, 2 words of NTP timestamp). */
export function xrReceiverReferenceTime(ntpSec: number, ntpFrac: number): Buffer {
  const b = Buffer.alloc(12);
  b[0] = 4;
  b.writeUInt16BE(2, 2);
  b.writeUInt32BE(ntpSec, 4);
  b.writeUInt32BE(ntpFrac, 8);
  return b;
}

/** Sets the P bit of the packet and appends `pad` octets, the last one holding the count. */
export function withPadding(packet: Buffer, pad: number): Buffer {
  const out = Buffer.concat([packet, Buffer.alloc(pad)]);
  out[0] = out[0]! | 0x20;
  out[out.length - 1] = pad;
  out.writeUInt16BE(out.length / 4 - 1, 2);
  return out;
}
