import { deflateSync } from 'node:zlib';
import { HepEncodeError } from './errors.js';
import { parseIp } from './ip.js';
import type { HepOptionalChunks, HepRawChunk } from './types.js';

/**
 * What to put in a HEP packet. Field names and meanings are those of HepPacket, so a decoded
 * packet can be re-encoded as is (`encodeHep3(decodeHep(bytes))`). Optional chunks are written only
 * when the field is defined (an empty string still writes a zero-length chunk, as heplify-server's
 * test vector has for the auth key).
 */
export interface HepEncodeInput extends HepOptionalChunks {
  /** 0x0001; default 10 when either address is IPv6, else 2. */
  readonly ipFamily?: number;
  /** 0x0002; default 17 (UDP). */
  readonly ipProtocol?: number;
  /** 0x0003/0x0005 (picked from the address form); an empty string writes no address chunk. */
  readonly srcIp: string;
  /** 0x0004/0x0006. */
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** 0x0009 / 0x000a; default 0, which receivers read as "use the arrival time". */
  readonly timeSeconds?: number;
  readonly timeUseconds?: number;
  /** 0x000b; default 1 (SIP). Written as one byte, or two when above 255. */
  readonly protoType?: number;
  /** 0x000c; default 0. */
  readonly captureId?: number;
  /** 0x000f, or 0x0010 when `compress` is set. Strings are written as UTF-8. */
  readonly payload: Buffer | string;
  /** Send the payload zlib-compressed in chunk 0x0010 (HEP3 rev. 37). */
  readonly compress?: boolean;
  /** Written as given (vendor, type, value), after the generic chunks and before the payload. */
  readonly extraChunks?: readonly HepRawChunk[];
}

/** The largest HEP3 packet: the total length field is 16 bits (reference/hep.md §1.2). */
export const HEP3_MAX_LENGTH = 0xffff;

/**
 * Encodes a HEPv3 packet. Chunk order follows Kamailio's siptrace (reference/hep.md §3.2): 0x01,
 * 0x02, 0x03/0x05, 0x04/0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, then the optional chunks in type
 * order, then `extraChunks`, then the payload last. Throws HepEncodeError when a value does not fit
 * its chunk or the packet would exceed 65535 bytes.
 */
export function encodeHep3(input: HepEncodeInput): Buffer {
  const src = input.srcIp === '' ? undefined : parseIp(input.srcIp);
  const dst = input.dstIp === '' ? undefined : parseIp(input.dstIp);
  const rawPayload = typeof input.payload === 'string' ? Buffer.from(input.payload, 'utf8') : input.payload;
  const chunks: EncodedParts = {
    src,
    dst,
    payload: input.compress === true ? deflateSync(rawPayload) : rawPayload,
    authKey: utf8(input.authKey),
    correlationId: utf8(input.correlationId),
    nodeName: utf8(input.nodeName),
    geoLocation: utf8(input.geoLocation),
    transactionType: utf8(input.transactionType),
    payloadJsonKeys: utf8(input.payloadJsonKeys),
    tagsValues: utf8(input.tagsValues),
    groupId: utf8(input.groupId),
  };

  // Pass 1 measures (and validates), pass 2 writes: one routine, so size and bytes cannot disagree.
  const counter = new ChunkWriter(undefined);
  writeChunks(counter, input, chunks);
  const total = counter.offset;
  if (total > HEP3_MAX_LENGTH) {
    throw new HepEncodeError(
      'too_large',
      `HEP3 packet would be ${total} bytes, the limit is ${HEP3_MAX_LENGTH}`,
    );
  }
  const out = Buffer.alloc(total);
  out.write('HEP3', 0, 'latin1');
  out.writeUInt16BE(total, 4);
  writeChunks(new ChunkWriter(out), input, chunks);
  return out;
}

interface EncodedParts {
  readonly src: Buffer | undefined;
  readonly dst: Buffer | undefined;
  readonly payload: Buffer;
  readonly authKey: Buffer | undefined;
  readonly correlationId: Buffer | undefined;
  readonly nodeName: Buffer | undefined;
  readonly geoLocation: Buffer | undefined;
  readonly transactionType: Buffer | undefined;
  readonly payloadJsonKeys: Buffer | undefined;
  readonly tagsValues: Buffer | undefined;
  readonly groupId: Buffer | undefined;
}

function utf8(text: string | undefined): Buffer | undefined {
  return text === undefined ? undefined : Buffer.from(text, 'utf8');
}

function writeChunks(w: ChunkWriter, input: HepEncodeInput, parts: EncodedParts): void {
  const ipv6 = parts.src?.length === 16 || parts.dst?.length === 16;
  w.uint(0x0001, input.ipFamily ?? (ipv6 ? 10 : 2), 1, 'ipFamily');
  w.uint(0x0002, input.ipProtocol ?? 17, 1, 'ipProtocol');
  if (parts.src !== undefined) w.bytes(0, parts.src.length === 4 ? 0x0003 : 0x0005, parts.src);
  if (parts.dst !== undefined) w.bytes(0, parts.dst.length === 4 ? 0x0004 : 0x0006, parts.dst);
  w.uint(0x0007, input.srcPort, 2, 'srcPort');
  w.uint(0x0008, input.dstPort, 2, 'dstPort');
  w.uint(0x0009, input.timeSeconds ?? 0, 4, 'timeSeconds');
  w.uint(0x000a, input.timeUseconds ?? 0, 4, 'timeUseconds');
  const protoType = input.protoType ?? 1;
  // One byte as the spec says; two for types above 255 (decodeHep reads both).
  w.uint(0x000b, protoType, protoType > 0xff ? 2 : 1, 'protoType');
  w.uint(0x000c, input.captureId ?? 0, 4, 'captureId');
  if (input.keepAlive !== undefined) w.uint(0x000d, input.keepAlive, 2, 'keepAlive');
  if (parts.authKey !== undefined) w.bytes(0, 0x000e, parts.authKey);
  if (parts.correlationId !== undefined) w.bytes(0, 0x0011, parts.correlationId);
  if (input.vlan !== undefined) w.uint(0x0012, input.vlan, 2, 'vlan');
  if (parts.nodeName !== undefined) w.bytes(0, 0x0013, parts.nodeName);
  if (input.srcMac !== undefined) w.uint64(0x0014, input.srcMac, 'srcMac');
  if (input.dstMac !== undefined) w.uint64(0x0015, input.dstMac, 'dstMac');
  if (input.ethType !== undefined) w.uint(0x0016, input.ethType, 2, 'ethType');
  if (input.tcpFlags !== undefined) w.uint(0x0017, input.tcpFlags, 1, 'tcpFlags');
  if (input.ipTos !== undefined) w.uint(0x0018, input.ipTos, 1, 'ipTos');
  if (input.mos !== undefined) w.uint(0x0020, input.mos, 2, 'mos');
  if (input.rFactor !== undefined) w.uint(0x0021, input.rFactor, 2, 'rFactor');
  if (parts.geoLocation !== undefined) w.bytes(0, 0x0022, parts.geoLocation);
  if (input.jitter !== undefined) w.uint(0x0023, input.jitter, 4, 'jitter');
  if (parts.transactionType !== undefined) w.bytes(0, 0x0024, parts.transactionType);
  if (parts.payloadJsonKeys !== undefined) w.bytes(0, 0x0025, parts.payloadJsonKeys);
  if (parts.tagsValues !== undefined) w.bytes(0, 0x0026, parts.tagsValues);
  if (input.tagType !== undefined) w.uint(0x0027, input.tagType, 2, 'tagType');
  if (input.eventType !== undefined) w.uint(0x0028, input.eventType, 2, 'eventType');
  if (parts.groupId !== undefined) w.bytes(0, 0x0029, parts.groupId);
  for (const chunk of input.extraChunks ?? []) {
    checkUint('extraChunks vendor', chunk.vendor, 0xffff);
    checkUint('extraChunks type', chunk.type, 0xffff);
    w.bytes(chunk.vendor, chunk.type, chunk.value);
  }
  w.bytes(0, input.compress === true ? 0x0010 : 0x000f, parts.payload);
}

/**
 * Writes chunks after the 6-byte packet header, or only counts their bytes when it has no buffer.
 * A chunk longer than 65535 bytes cannot be written; the caller's total check rejects it first
 * because such a chunk alone makes the packet too large.
 */
class ChunkWriter {
  offset = 6;

  constructor(private readonly out: Buffer | undefined) {}

  uint(type: number, value: number, width: 1 | 2 | 4, field: string): void {
    checkUint(field, value, width === 1 ? 0xff : width === 2 ? 0xffff : 0xffffffff);
    const out = this.out;
    if (out !== undefined) {
      this.header(out, 0, type, width);
      out.writeUIntBE(value, this.offset + 6, width);
    }
    this.offset += 6 + width;
  }

  uint64(type: number, value: bigint, field: string): void {
    if (value < 0n || value > 0xffffffffffffffffn) {
      throw new HepEncodeError('bad_value', `${field} must fit in 64 bits unsigned, got ${value}`);
    }
    const out = this.out;
    if (out !== undefined) {
      this.header(out, 0, type, 8);
      out.writeBigUInt64BE(value, this.offset + 6);
    }
    this.offset += 14;
  }

  bytes(vendor: number, type: number, value: Buffer): void {
    const out = this.out;
    if (out !== undefined) {
      this.header(out, vendor, type, value.length);
      value.copy(out, this.offset + 6);
    }
    this.offset += 6 + value.length;
  }

  private header(out: Buffer, vendor: number, type: number, valueLength: number): void {
    out.writeUInt16BE(vendor, this.offset);
    out.writeUInt16BE(type, this.offset + 2);
    out.writeUInt16BE(6 + valueLength, this.offset + 4);
  }
}

function checkUint(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new HepEncodeError('bad_value', `${field} must be an integer in 0..${max}, got ${value}`);
  }
}

/**
 * Encodes a HEPv1 or HEPv2 packet byte for byte as Kamailio's siptrace does (reference/hep.md §1.7):
 * 8-byte header, both addresses, for v2 the 12-byte little-endian time block (tv_sec, tv_usec,
 * u16 capture id, 2 zero pad bytes), then the payload. Both addresses must be of the same family;
 * v1/v2 have no chunks, so only these fields are used, and no compression. v2 capture ids are 16 bits.
 */
export function encodeHepLegacy(version: 1 | 2, input: HepEncodeInput): Buffer {
  const src = parseIp(input.srcIp);
  const dst = parseIp(input.dstIp);
  if (src.length !== dst.length) {
    throw new HepEncodeError(
      'bad_ip',
      `HEPv${version} needs both addresses in one family: ${input.srcIp}, ${input.dstIp}`,
    );
  }
  const ipv6 = src.length === 16;
  const family = ipv6 ? 10 : 2;
  if (input.ipFamily !== undefined && input.ipFamily !== family) {
    throw new HepEncodeError(
      'bad_value',
      `ipFamily ${input.ipFamily} does not match the addresses (${family})`,
    );
  }
  const ipProtocol = input.ipProtocol ?? 17;
  checkUint('ipProtocol', ipProtocol, 0xff);
  checkUint('srcPort', input.srcPort, 0xffff);
  checkUint('dstPort', input.dstPort, 0xffff);
  const headerLength = ipv6 ? 40 : 16;
  const payload = typeof input.payload === 'string' ? Buffer.from(input.payload, 'utf8') : input.payload;
  const payloadStart = version === 2 ? headerLength + 12 : headerLength;

  const out = Buffer.alloc(payloadStart + payload.length);
  out[0] = version;
  out[1] = headerLength;
  out[2] = family;
  out[3] = ipProtocol;
  out.writeUInt16BE(input.srcPort, 4);
  out.writeUInt16BE(input.dstPort, 6);
  src.copy(out, 8);
  dst.copy(out, 8 + src.length);
  if (version === 2) {
    const timeSeconds = input.timeSeconds ?? 0;
    const timeUseconds = input.timeUseconds ?? 0;
    const captureId = input.captureId ?? 0;
    checkUint('timeSeconds', timeSeconds, 0xffffffff);
    checkUint('timeUseconds', timeUseconds, 0xffffffff);
    checkUint('captureId', captureId, 0xffff);
    out.writeUInt32LE(timeSeconds, headerLength);
    out.writeUInt32LE(timeUseconds, headerLength + 4);
    out.writeUInt16LE(captureId, headerLength + 8);
  }
  payload.copy(out, payloadStart);
  return out;
}
