import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { u16, u32, u8 } from './bytes.js';
import { HepDecodeError } from './errors.js';
import { formatIpv4, formatIpv6 } from './ip.js';
import type { HepPacket, HepRawChunk } from './types.js';

/**
 * Upper bound for an inflated 0x0010 payload. A HEP3 packet is at most 65535 bytes; real SIP
 * compresses 3-10x, so 1 MiB leaves room while stopping a zip bomb (zlib reaches ~1000:1).
 */
export const HEP_MAX_INFLATED_PAYLOAD = 1024 * 1024;

/** HEP3 packet header: "HEP3" + u16 total length (reference/hep.md §1.2). */
export const HEP3_HEADER_LENGTH = 6;

const CHUNK_HEADER_LENGTH = 6;
const NO_EXTRA_CHUNKS: readonly HepRawChunk[] = Object.freeze([]);
/** Shared by every packet without a payload chunk; a zero-length Buffer cannot be written to. */
const EMPTY_PAYLOAD: Buffer = Buffer.alloc(0);

/**
 * True when the 4 bytes at `offset` are "HEP3" or "EEP3": the spec allows both, though every real
 * sender uses "HEP3" (reference/hep.md §1.2). The caller guarantees `offset + 4 <= buf.length`.
 */
export function isHep3Magic(buf: Buffer, offset: number): boolean {
  const first = buf[offset];
  return (
    (first === 0x48 || first === 0x45) &&
    buf[offset + 1] === 0x45 &&
    buf[offset + 2] === 0x50 &&
    buf[offset + 3] === 0x33
  );
}

/**
 * Decodes one HEP packet (one UDP datagram, one WebSocket message, one framed TCP record).
 *
 * - HEPv3 is recognised by "HEP3"/"EEP3"; HEPv1/v2 by a first byte 1 or 2 plus a consistent
 *   header (reference/hep.md §1.7), since they carry no magic.
 * - `payload` is a view into `buf` (no copy: this is the hot path), unless it was inflated from
 *   chunk 0x0010. Callers that recycle `buf` must copy the payload first. `extraChunks` values are
 *   copies, so keeping only them does not pin the datagram.
 * - Octet-string chunks (auth key, correlation id, node name, ...) are read as UTF-8; invalid
 *   sequences become U+FFFD, so the strings are always valid for JSON and PostgreSQL text.
 * - A chunk type sent twice: the last one wins. Both 0x000f and 0x0010: the last one wins.
 * - Fields whose chunk is absent are `undefined`; every packet has the same object shape so
 *   downstream code stays monomorphic.
 *
 * Throws only HepDecodeError, never reads outside `buf`.
 */
export function decodeHep(buf: Buffer): HepPacket {
  const length = buf.length;
  if (length >= 4 && isHep3Magic(buf, 0)) return decodeHep3(buf);
  const first = buf[0];
  if (first === 1 || first === 2) return decodeLegacy(buf, first);
  if (length < 4) throw new HepDecodeError('too_short', `${length} bytes cannot hold a HEP header`);
  throw new HepDecodeError(
    'bad_magic',
    `not HEP: starts with 0x${buf.toString('hex', 0, 4)}, expected "HEP3", "EEP3" or a v1/v2 version byte`,
  );
}

function decodeHep3(buf: Buffer): HepPacket {
  const end = buf.length;
  if (end < HEP3_HEADER_LENGTH) {
    throw new HepDecodeError('too_short', `HEP3 packet of ${end} bytes, the header alone is 6`);
  }
  // heplify-server (decoder/hep.go) requires total length == datagram length: UDP carries exactly
  // one packet, and a stream framer cuts frames at this length, so any difference is corruption.
  const total = u16(buf, 4);
  if (total !== end) {
    throw new HepDecodeError(
      'length_mismatch',
      `HEP3 total length field says ${total}, packet has ${end} bytes`,
    );
  }

  let ipFamily = 0;
  let ipProtocol = 0;
  let srcIp = '';
  let dstIp = '';
  let srcPort = 0;
  let dstPort = 0;
  let timeSeconds = 0;
  let timeUseconds = 0;
  let protoType = 0;
  let captureId = 0;
  let keepAlive: number | undefined;
  let authKey: string | undefined;
  let payloadStart = -1;
  let payloadEnd = -1;
  let compressed = false;
  let correlationId: string | undefined;
  let vlan: number | undefined;
  let nodeName: string | undefined;
  let srcMac: bigint | undefined;
  let dstMac: bigint | undefined;
  let ethType: number | undefined;
  let tcpFlags: number | undefined;
  let ipTos: number | undefined;
  let mos: number | undefined;
  let rFactor: number | undefined;
  let geoLocation: string | undefined;
  let jitter: number | undefined;
  let transactionType: string | undefined;
  let payloadJsonKeys: string | undefined;
  let tagsValues: string | undefined;
  let tagType: number | undefined;
  let eventType: number | undefined;
  let groupId: string | undefined;
  let extras: HepRawChunk[] | undefined;

  let off = HEP3_HEADER_LENGTH;
  while (off < end) {
    if (end - off < CHUNK_HEADER_LENGTH) {
      throw new HepDecodeError(
        'chunk_overflow',
        `chunk header at offset ${off} needs 6 bytes, only ${end - off} left`,
      );
    }
    const vendor = u16(buf, off);
    const type = u16(buf, off + 2);
    const chunkLength = u16(buf, off + 4);
    if (chunkLength < CHUNK_HEADER_LENGTH) {
      throw new HepDecodeError(
        'chunk_size',
        `chunk 0x${type.toString(16)} at offset ${off} has length ${chunkLength}, below its 6-byte header`,
      );
    }
    if (chunkLength > end - off) {
      throw new HepDecodeError(
        'chunk_overflow',
        `chunk 0x${type.toString(16)} at offset ${off} has length ${chunkLength}, only ${end - off} bytes left`,
      );
    }
    const vs = off + CHUNK_HEADER_LENGTH;
    const ve = off + chunkLength;
    const size = chunkLength - CHUNK_HEADER_LENGTH;
    off = ve;

    // Vendor chunks (vendor ids, reference/hep.md §1.5) are opaque to us, whatever their type. heplify-server
    // ignores the vendor id and would take a vendor type 0x000f as the payload; we do not.
    if (vendor !== 0) {
      (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
      continue;
    }

    // Chunks heplify-server size-checks (decoder/hep.go) reject the packet when the size is wrong,
    // as there; numeric chunks it does not check are kept raw in extraChunks instead, so a packet
    // heplify-server would store is never dropped here.
    switch (type) {
      case 0x0001:
        if (size !== 1) throw sizeError(type, size, 1, vs);
        ipFamily = u8(buf, vs);
        break;
      case 0x0002:
        if (size !== 1) throw sizeError(type, size, 1, vs);
        ipProtocol = u8(buf, vs);
        break;
      case 0x0003:
        if (size !== 4) throw sizeError(type, size, 4, vs);
        srcIp = formatIpv4(buf, vs);
        break;
      case 0x0004:
        if (size !== 4) throw sizeError(type, size, 4, vs);
        dstIp = formatIpv4(buf, vs);
        break;
      case 0x0005:
        if (size !== 16) throw sizeError(type, size, 16, vs);
        srcIp = formatIpv6(buf, vs);
        break;
      case 0x0006:
        if (size !== 16) throw sizeError(type, size, 16, vs);
        dstIp = formatIpv6(buf, vs);
        break;
      case 0x0007:
        if (size !== 2) throw sizeError(type, size, 2, vs);
        srcPort = u16(buf, vs);
        break;
      case 0x0008:
        if (size !== 2) throw sizeError(type, size, 2, vs);
        dstPort = u16(buf, vs);
        break;
      case 0x0009:
        if (size !== 4) throw sizeError(type, size, 4, vs);
        timeSeconds = u32(buf, vs);
        break;
      case 0x000a:
        if (size !== 4) throw sizeError(type, size, 4, vs);
        timeUseconds = u32(buf, vs);
        break;
      case 0x000b:
        // The spec's chunk is one byte; types above 255 (the seed's CDRs over type 1087, events of
        // mapped protocols) need two, so a uint16 chunk is accepted too. heplify-server only takes 1.
        if (size === 2) protoType = buf.readUInt16BE(vs);
        else if (size === 1) protoType = u8(buf, vs);
        else throw sizeError(type, size, 1, vs);
        break;
      case 0x000c:
        if (size !== 4) throw sizeError(type, size, 4, vs);
        captureId = u32(buf, vs);
        break;
      case 0x000d:
        if (size === 2) keepAlive = u16(buf, vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x000e:
        authKey = AUTH_KEY_TEXT.decode(buf, vs, ve);
        break;
      case 0x000f:
        payloadStart = vs;
        payloadEnd = ve;
        compressed = false;
        break;
      case 0x0010:
        payloadStart = vs;
        payloadEnd = ve;
        compressed = true;
        break;
      case 0x0011:
        correlationId = buf.toString('utf8', vs, ve);
        break;
      case 0x0012:
        if (size !== 2) throw sizeError(type, size, 2, vs);
        vlan = u16(buf, vs);
        break;
      case 0x0013:
        nodeName = NODE_NAME_TEXT.decode(buf, vs, ve);
        break;
      case 0x0014:
        if (size === 8) srcMac = buf.readBigUInt64BE(vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x0015:
        if (size === 8) dstMac = buf.readBigUInt64BE(vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x0016:
        if (size === 2) ethType = u16(buf, vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x0017:
        if (size === 1) tcpFlags = u8(buf, vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x0018:
        if (size === 1) ipTos = u8(buf, vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x0020:
        if (size === 2) mos = u16(buf, vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x0021:
        if (size === 2) rFactor = u16(buf, vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x0022:
        geoLocation = buf.toString('utf8', vs, ve);
        break;
      case 0x0023:
        if (size === 4) jitter = u32(buf, vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x0024:
        transactionType = buf.toString('utf8', vs, ve);
        break;
      case 0x0025:
        payloadJsonKeys = buf.toString('utf8', vs, ve);
        break;
      case 0x0026:
        tagsValues = buf.toString('utf8', vs, ve);
        break;
      case 0x0027:
        if (size === 2) tagType = u16(buf, vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x0028:
        if (size === 2) eventType = u16(buf, vs);
        else (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
        break;
      case 0x0029:
        groupId = buf.toString('utf8', vs, ve);
        break;
      default:
        // Reserved 0x0019..0x001f and types newer than rev. 37: skipped by length as the spec requires
        // of receivers (reference/hep.md §1.2), and kept raw.
        (extras ??= []).push(rawChunk(buf, vendor, type, vs, ve));
    }
  }

  // Inflate only once the whole packet is known to be well formed, and only the last 0x0010.
  let payload: Buffer = EMPTY_PAYLOAD;
  if (payloadStart >= 0) {
    payload = compressed
      ? inflatePayload(buf, payloadStart, payloadEnd)
      : buf.subarray(payloadStart, payloadEnd);
  }

  return {
    version: 3,
    ipFamily,
    ipProtocol,
    srcIp,
    dstIp,
    srcPort,
    dstPort,
    timeSeconds,
    timeUseconds,
    protoType,
    captureId,
    keepAlive,
    authKey,
    payload,
    compressed,
    correlationId,
    vlan,
    nodeName,
    srcMac,
    dstMac,
    ethType,
    tcpFlags,
    ipTos,
    mos,
    rFactor,
    geoLocation,
    jitter,
    transactionType,
    payloadJsonKeys,
    tagsValues,
    tagType,
    eventType,
    groupId,
    extraChunks: extras ?? NO_EXTRA_CHUNKS,
  };
}

/**
 * The text of one octet-string chunk type, remembering the last bytes and string: an agent sends
 * the same auth key and node name in every packet, so comparing a few bytes replaces a decode
 * (and downstream code gets the same string object each time).
 */
class ChunkTextCache {
  private bytes: Buffer = EMPTY_PAYLOAD;
  private text = '';

  decode(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    const last = this.bytes;
    if (length === last.length) {
      let i = 0;
      while (i < length && buf[start + i] === last[i]) i++;
      if (i === length) return this.text;
    }
    const text = buf.toString('utf8', start, end);
    if (length <= MAX_CACHED_CHUNK_TEXT) {
      this.bytes = Buffer.from(buf.subarray(start, end));
      this.text = text;
    }
    return text;
  }
}

/** Longer octet strings are decoded every time (and not kept alive by the cache). */
const MAX_CACHED_CHUNK_TEXT = 128;
const AUTH_KEY_TEXT = new ChunkTextCache();
const NODE_NAME_TEXT = new ChunkTextCache();

function rawChunk(buf: Buffer, vendor: number, type: number, start: number, end: number): HepRawChunk {
  return { vendor, type, value: Buffer.from(buf.subarray(start, end)) };
}

function sizeError(type: number, size: number, expected: number, valueOffset: number): HepDecodeError {
  return new HepDecodeError(
    'chunk_size',
    `chunk 0x${type.toString(16).padStart(4, '0')} at offset ${valueOffset - CHUNK_HEADER_LENGTH} has a ${size}-byte value, expected ${expected}`,
  );
}

/**
 * Chunk 0x0010 is "gzip/inflate" in the spec; the one real capture (hep-wireshark
 * hep3_compressed.pcapng) carries a zlib stream (RFC 1950, "78 9c"). Pick the decoder from the
 * header: zlib (RFC 1950 §2.2: CM = 8, CINFO <= 7, CMF.FLG a multiple of 31), gzip (RFC 1952
 * magic 1f 8b), else raw deflate (RFC 1951).
 */
function inflatePayload(buf: Buffer, start: number, end: number): Buffer {
  if (start === end) return EMPTY_PAYLOAD;
  const data = buf.subarray(start, end);
  const b0 = data[0] ?? 0;
  const b1 = data[1] ?? 0;
  const options = { maxOutputLength: HEP_MAX_INFLATED_PAYLOAD };
  try {
    if ((b0 & 0x0f) === 8 && b0 >> 4 <= 7 && ((b0 << 8) | b1) % 31 === 0) return inflateSync(data, options);
    if (b0 === 0x1f && b1 === 0x8b) return gunzipSync(data, options);
    return inflateRawSync(data, options);
  } catch (cause) {
    const tooLarge = (cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new HepDecodeError(
      'decompress_failed',
      tooLarge
        ? `compressed payload (chunk 0x0010) inflates past ${HEP_MAX_INFLATED_PAYLOAD} bytes`
        : `compressed payload (chunk 0x0010) is not a valid zlib, gzip or deflate stream`,
      { cause },
    );
  }
}

/**
 * HEPv1/v2 as Kamailio sends them (sipcapture/hep.h `struct hep_hdr`, `hep_iphdr`/`hep_ip6hdr`,
 * `hep_timehdr`), reference/hep.md §1.7:
 *   u8 version | u8 hp_l (16 IPv4, 40 IPv6) | u8 family (2, 10) | u8 proto | u16 sport | u16 dport
 *   | src addr | dst addr | v2 only: u32 tv_sec LE, u32 tv_usec LE, u16 capture id LE, 2 pad bytes
 *   | SIP payload to the end.
 * The v2 time block is little-endian and 12 bytes: heplify-server's big-endian 10-byte reading is
 * wrong for Kamailio and is deliberately not followed.
 */
function decodeLegacy(buf: Buffer, version: 1 | 2): HepPacket {
  const length = buf.length;
  if (length < 4) throw new HepDecodeError('too_short', `HEPv${version} packet of ${length} bytes`);
  const headerLength = u8(buf, 1);
  const family = u8(buf, 2);
  const ipv6 = headerLength === 40 && family === 10;
  if (!ipv6 && !(headerLength === 16 && family === 2)) {
    throw new HepDecodeError(
      'bad_legacy_header',
      `HEPv${version} header length ${headerLength} with address family ${family}, expected 16/2 or 40/10`,
    );
  }
  const payloadStart = version === 2 ? headerLength + 12 : headerLength;
  if (length < payloadStart) {
    throw new HepDecodeError(
      'too_short',
      `HEPv${version} packet of ${length} bytes, header needs ${payloadStart}`,
    );
  }
  const addressLength = ipv6 ? 16 : 4;
  const srcIp = ipv6 ? formatIpv6(buf, 8) : formatIpv4(buf, 8);
  const dstIp = ipv6 ? formatIpv6(buf, 8 + addressLength) : formatIpv4(buf, 8 + addressLength);
  let timeSeconds = 0;
  let timeUseconds = 0;
  let captureId = 0;
  if (version === 2) {
    timeSeconds = buf.readUInt32LE(headerLength);
    timeUseconds = buf.readUInt32LE(headerLength + 4);
    captureId = buf.readUInt16LE(headerLength + 8);
  }

  return {
    version,
    ipFamily: family,
    ipProtocol: u8(buf, 3),
    srcIp,
    dstIp,
    srcPort: u16(buf, 4),
    dstPort: u16(buf, 6),
    timeSeconds,
    timeUseconds,
    // HEPv1/v2 only ever carried SIP.
    protoType: 1,
    captureId,
    keepAlive: undefined,
    authKey: undefined,
    payload: buf.subarray(payloadStart),
    compressed: false,
    correlationId: undefined,
    vlan: undefined,
    nodeName: undefined,
    srcMac: undefined,
    dstMac: undefined,
    ethType: undefined,
    tcpFlags: undefined,
    ipTos: undefined,
    mos: undefined,
    rFactor: undefined,
    geoLocation: undefined,
    jitter: undefined,
    transactionType: undefined,
    payloadJsonKeys: undefined,
    tagsValues: undefined,
    tagType: undefined,
    eventType: undefined,
    groupId: undefined,
    extraChunks: NO_EXTRA_CHUNKS,
  };
}
