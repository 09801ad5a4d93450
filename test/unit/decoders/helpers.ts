import { readFileSync } from 'node:fs';
import { DEFAULT_SIP_HEADERS } from '../../../src/decoders/defaults.js';
import type { DecodeContext, SipDecoderOptions } from '../../../src/decoders/types.js';
import type { HepPacket } from '../../../src/hep/types.js';

/** Arrival time used when a packet carries no timestamp. */
export const CTX: DecodeContext = { arrivalSeconds: 1_700_000_999, arrivalUseconds: 424_242 };

/** A HEP packet built directly (the HEP codec is not needed to test decoders). */
export function hepPacket(payload: string | Buffer, overrides: Partial<HepPacket> = {}): HepPacket {
  return {
    version: 3,
    ipFamily: 2,
    ipProtocol: 17,
    srcIp: '192.0.2.1',
    dstIp: '192.0.2.2',
    srcPort: 5060,
    dstPort: 5080,
    timeSeconds: 1_700_000_000,
    timeUseconds: 123_456,
    protoType: 1,
    captureId: 2001,
    payload: typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload,
    extraChunks: [],
    ...overrides,
  };
}

export function sipOptions(overrides: Partial<SipDecoderOptions> = {}): SipDecoderOptions {
  return {
    sipHeaders: DEFAULT_SIP_HEADERS,
    customHeaders: [],
    alegIds: [],
    forceALegId: false,
    ...overrides,
  };
}

/** A fixture from test/fixtures/sip/ (stored with LF) in wire form, CRLF (RFC 3261 §7). */
export function loadSipFixture(name: string): string {
  const text = readFileSync(new URL(`../../fixtures/sip/${name}`, import.meta.url), 'utf8');
  return text.replace(/\r?\n/g, '\r\n');
}

/** Lines joined with CRLF, plus the empty line that ends the header section. */
export function sip(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n\r\n';
}

/** Deterministic PRNG (mulberry32) for reproducible fuzz input. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
