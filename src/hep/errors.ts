import { HomerError } from '../errors.js';

/**
 * Why a byte sequence is not a HEP packet (or a HEP stream lost its framing). Each value is a short
 * snake_case label, stable across releases, meant to be used as a Prometheus label: the list is
 * exported so a metrics sink can pre-create one series per reason.
 */
export const HEP_DECODE_REASONS = [
  /** Too few bytes to hold the header the first bytes announce (v3: 6, v1/v2: hp_l [+ 12]). */
  'too_short',
  /** Neither "HEP3"/"EEP3" nor a v1/v2 version byte. */
  'bad_magic',
  /** HEP3 total length (offset 4) differs from the datagram length. */
  'length_mismatch',
  /** A chunk header or value runs past the end of the packet. */
  'chunk_overflow',
  /** A chunk length below the 6-byte chunk header, or a fixed-size chunk with the wrong size. */
  'chunk_size',
  /** HEPv1/v2 header with an impossible hp_l / address family pair. */
  'bad_legacy_header',
  /** Chunk 0x0010 is not a zlib/gzip/deflate stream, or inflates past the size cap. */
  'decompress_failed',
  /** TCP/TLS stream: a frame does not start with "HEP3"/"EEP3" or announces a length below 6. */
  'stream_desync',
] as const;

export type HepDecodeReason = (typeof HEP_DECODE_REASONS)[number];

/** Bytes that could not be decoded as HEP. `reason` is the metric label, `message` says where. */
export class HepDecodeError extends HomerError {
  readonly reason: HepDecodeReason;

  constructor(reason: HepDecodeReason, message: string, options?: { cause?: unknown }) {
    super('HEP_DECODE', message, options);
    this.reason = reason;
  }
}

export const HEP_ENCODE_REASONS = [
  /** The packet would exceed the 16-bit HEP3 total length (65535 bytes). */
  'too_large',
  /** An address is not a valid IPv4 or IPv6 text form. */
  'bad_ip',
  /** A numeric field is not an integer in the range of its chunk (e.g. a port above 65535). */
  'bad_value',
] as const;

export type HepEncodeReason = (typeof HEP_ENCODE_REASONS)[number];

/** The input cannot be represented as a HEP packet. */
export class HepEncodeError extends HomerError {
  readonly reason: HepEncodeReason;

  constructor(reason: HepEncodeReason, message: string, options?: { cause?: unknown }) {
    super('HEP_ENCODE', message, options);
    this.reason = reason;
  }
}
