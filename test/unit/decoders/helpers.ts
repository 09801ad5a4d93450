import { readFileSync } from 'node:fs';
import { DEFAULT_SIP_HEADERS } from '../../../src/decoders/defaults.js';
import { SIP_FIELD_SOURCES } from '../../../src/decoders/sip/data-header.js';
import type { DecodeContext, SipDecoderOptions } from '../../../src/decoders/types.js';
import type { HepPacket } from '../../../src/hep/types.js';

/** Arrival time used when a packet carries no timestamp. */
export const CTX: DecodeContext = { arrivalSeconds: 1_700_000_999, arrivalUseconds: 424_242 };

/**
 * Addresses, ports and time of `hepPacket()`; protocol_header carries them under the same names,
 * in this order.
 */
const PACKET_ENDPOINTS = {
  srcIp: '192.0.2.1',
  dstIp: '192.0.2.2',
  srcPort: 5060,
  dstPort: 5080,
  timeSeconds: 1_700_000_000,
  timeUseconds: 123_456,
} as const;

/** A HEP packet built directly (the HEP codec is not needed to test decoders). */
export function hepPacket(payload: string | Buffer, overrides: Partial<HepPacket> = {}): HepPacket {
  return {
    version: 3,
    ipFamily: 2,
    ipProtocol: 17,
    ...PACKET_ENDPOINTS,
    protoType: 1,
    captureId: 2001,
    payload: typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload,
    extraChunks: [],
    ...overrides,
  };
}

/**
 * The protocol_header text for a `hepPacket()` left at its defaults but for the given fields:
 * heplify-server's keys in its order (capture-servers.md §3). An undefined `capturePass` is left
 * out, as JSON.stringify leaves out undefined values.
 */
export function defaultProtocolHeader(fields: {
  readonly correlationId: string;
  readonly payloadType?: number;
  readonly capturePass?: string;
}): string {
  return JSON.stringify({
    protocolFamily: 2,
    protocol: 17,
    ...PACKET_ENDPOINTS,
    payloadType: fields.payloadType ?? 1,
    captureId: '2001',
    capturePass: fields.capturePass,
    correlation_id: fields.correlationId,
  });
}

/** Every data_header key the SIP decoder knows (heplify-server's `EscapeFields`), in its order. */
export const ALL_SIP_KEYS: readonly string[] = Object.keys(SIP_FIELD_SOURCES);

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
