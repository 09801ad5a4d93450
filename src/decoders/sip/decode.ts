import type { HepPacket } from '../../hep/types.js';
import type { CaptureRow } from '../../pipeline/row.js';
import { DEFAULT_SIP_HEADERS } from '../defaults.js';
import { packetFlowKey } from '../flow-key.js';
import { buildProtocolHeader } from '../protocol-header.js';
import { payloadText, sipHeaderCodes } from '../text.js';
import type { DecodeContext, DecodeResult, PayloadDecoder, SipDecoderOptions, SipSummary } from '../types.js';
import { alegIdFrom, compileAlegIds } from './aleg.js';
import { compileDataHeader, type CustomField } from './data-header.js';
import { HEADER_SLOTS, HEADER_SLOT_NAMES, SipMessage, STANDARD_SLOT_COUNT } from './message.js';
import { SIP_PROFILES, profileForMethod } from './profile.js';
import { compileHeaderTable, scanValue, SipScanner, type WantedHeader } from './scan.js';

/** Snake_case reasons a SIP payload did not fully parse (the `parseError` metric label). */
export const SIP_PARSE_ERRORS = {
  tooShort: 'sip_too_short',
  noCrlf: 'sip_no_crlf',
  badStartLine: 'sip_bad_start_line',
  noCallId: 'sip_no_callid',
  noCseq: 'sip_no_cseq',
  badCseq: 'sip_bad_cseq',
} as const;

/** Quality statistics header sent by phones and SBCs in BYE or its 200 (qos/xrtp-stat.ts). */
const X_RTP_STAT = 'X-RTP-Stat';

/** heplify-server parses SIP only when the payload is longer than this (capture-servers.md §1.3). */
const MIN_SIP_BYTES = 32;
/** heplify-server rejects a CSeq method shorter than this. */
const MIN_CSEQ_METHOD = 3;

/**
 * Builds the SIP (HEP type 1) decoder: payload → `hep_proto_1_{call|registration|default}` row
 * as heplify-server writes it (capture-servers.md §1.3, §2, §3). Options are compiled once here
 * (header lookup, data_header layout, AlegIDs regexes); decoding is one header scan plus string
 * concatenation. An empty `sipHeaders` list falls back to DEFAULT_SIP_HEADERS, as heplify-server
 * falls back to its default list.
 *
 * A payload that does not parse is still stored, in `hep_proto_1_default`, with the keys that
 * could be read, a `parse_error` key and `parseError` set. Throws DecoderConfigError only for bad
 * options, never for bad payloads.
 */
export function createSipDecoder(options: SipDecoderOptions): PayloadDecoder {
  const keys = options.sipHeaders.length > 0 ? options.sipHeaders : DEFAULT_SIP_HEADERS;
  const alegRules = compileAlegIds(options.alegIds);
  const forceALegId = options.forceALegId;

  // Slots: the standard headers first, then one per distinct custom/AlegIDs header name.
  const slotByName = new Map<string, number>();
  for (const [name, slot] of Object.entries(HEADER_SLOTS)) {
    slotByName.set(HEADER_SLOT_NAMES[name as keyof typeof HEADER_SLOTS].toLowerCase(), slot);
  }
  let slotCount = STANDARD_SLOT_COUNT;
  const slotOf = (header: string): number => {
    const lower = header.trim().toLowerCase();
    let slot = slotByName.get(lower);
    if (slot === undefined) {
      slot = slotCount++;
      slotByName.set(lower, slot);
    }
    return slot;
  };
  const custom: CustomField[] = options.customHeaders
    .filter((name) => name.trim() !== '')
    .map((name) => ({ name, slot: slotOf(name) }));
  const aleg = alegRules.map((rule) => ({ rule, slot: slotOf(rule.header) }));
  const dataHeader = compileDataHeader(keys, custom);

  const wanted: WantedHeader[] = [
    { name: HEADER_SLOT_NAMES.callId, slot: HEADER_SLOTS.callId },
    { name: HEADER_SLOT_NAMES.cseq, slot: HEADER_SLOTS.cseq },
  ];
  for (const h of dataHeader.headers) {
    // heplify-server's `via` is the last Via line (its ViaOne is overwritten by each one).
    wanted.push({ name: HEADER_SLOT_NAMES[h], slot: HEADER_SLOTS[h], keepLast: h === 'via' });
  }
  for (const field of custom) wanted.push({ name: field.name, slot: field.slot });
  // Read for the metrics only; the scanner records where they are and nothing more when absent.
  const xRtpStatSlot = slotOf(X_RTP_STAT);
  wanted.push({ name: X_RTP_STAT, slot: xRtpStatSlot });
  wanted.push({ name: HEADER_SLOT_NAMES.reason, slot: HEADER_SLOTS.reason });
  for (const a of aleg) wanted.push({ name: a.rule.header, slot: a.slot });
  // One scanner and one message for every packet: decoding is synchronous and nothing keeps
  // them past the return (the row holds strings only).
  const scanner = new SipScanner(compileHeaderTable(wanted, slotCount));
  const message = new SipMessage();

  return function decodeSip(packet: HepPacket, ctx: DecodeContext): DecodeResult {
    const raw = payloadText(packet.payload);
    let error: string | undefined;
    if (packet.payload.length <= MIN_SIP_BYTES) {
      message.reset(undefined, '');
      error = SIP_PARSE_ERRORS.tooShort;
    } else {
      const scan = scanner.scan(raw, sipHeaderCodes(packet.payload, raw));
      let alegId = '';
      for (let i = 0; i < aleg.length && alegId === ''; i++) {
        const a = aleg[i] as (typeof aleg)[number];
        alegId = alegIdFrom(a.rule, scanValue(scan, a.slot));
      }
      message.reset(scan, alegId);
      error = scan.error ?? validate(message);
    }

    const callId = message.callId;
    // §1.3 Correlation: HEP 0x0011, else the A-leg id, else the Call-ID; ForceALegID prefers
    // the A-leg id over a HEP correlation id.
    const hepCid = packet.correlationId ?? '';
    const alegId = message.alegId;
    let correlationId = callId;
    let correlationIdIsPlain = false;
    if (hepCid !== '') correlationId = forceALegId && alegId !== '' ? alegId : hepCid;
    else if (alegId !== '') correlationId = alegId;
    else correlationIdIsPlain = message.callIdIsPlain();
    const header = buildProtocolHeader(packet, ctx, correlationId, correlationIdIsPlain);
    const cseqMethod = message.cseqMethod;
    const row: CaptureRow = {
      hepid: 1,
      profile: error === undefined ? profileForMethod(cseqMethod) : SIP_PROFILES.default,
      sid: callId !== '' ? callId : correlationId !== '' ? correlationId : packetFlowKey(packet),
      timeSeconds: header.timeSeconds,
      timeUseconds: header.timeUseconds,
      protocolHeader: header.json,
      dataHeader: dataHeader.render(message, error),
      raw,
    };
    if (error !== undefined) return { row, parseError: error };
    const xRtpStat = message.header(xRtpStatSlot);
    const reason = message.header(HEADER_SLOTS.reason);
    const sip: { -readonly [K in keyof SipSummary]: SipSummary[K] } = {
      methodOrStatus: message.methodOrStatus,
      cseqMethod,
      callId,
      isRequest: message.startLine?.isRequest === true,
    };
    if (xRtpStat !== '') sip.xRtpStat = xRtpStat;
    if (reason !== '') sip.reason = reason;
    return { row, sip };
  };
}

/** heplify-server's rejections after a successful scan: empty Call-ID, short CSeq method. */
function validate(message: SipMessage): string | undefined {
  if (message.callId === '') return SIP_PARSE_ERRORS.noCallId;
  if (!message.hasValue(HEADER_SLOTS.cseq)) return SIP_PARSE_ERRORS.noCseq;
  if (message.cseqMethod.length < MIN_CSEQ_METHOD) return SIP_PARSE_ERRORS.badCseq;
  return undefined;
}
