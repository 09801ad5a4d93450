/**
 * Binary RTCP (RFC 3550 §6, RFC 3611 XR) → the JSON object heplify and captagent send as HEP type 5
 * (hep.md §3.4, capture-servers.md §1.4): one object per compound packet.
 *
 * Key names and order follow heplify's `RTCP_Packet` (sender_information, ssrc, type,
 * report_count, report_blocks, report_blocks_xr, sdes_ssrc); SDES text follows rtpengine/captagent
 * (`sdes_report_count`, `sdes_information: [{sdes_chunk_ssrc, type, text}]`); the full XR VoIP
 * metrics block is `voip_metrics` as in newer heplify. Differences from heplify, on purpose:
 * - `type`/`report_count`/`ssrc` come from the first SR or RR of the compound (rtpengine and
 *   captagent do the same); heplify overwrites them with each sub-packet, so an SR+SDES compound
 *   says `type: 202`.
 * - `packets_lost` is the signed 24-bit value of RFC 3550 §6.4.1 (duplicates make it negative);
 *   heplify reads it unsigned (16 777 215 for −1, hence heplify-server's `normMax`).
 * - `report_blocks` is `[]`, never `null`, when there are none.
 * - BYE and APP are decoded (`bye`, `app`) instead of discarded.
 *
 * Pure and total: every read is bounds-checked; malformed input yields `{ error }`, never a throw.
 */

export const RTCP_PARSE_ERRORS = {
  empty: 'rtcp_empty',
  truncated: 'rtcp_truncated',
  badVersion: 'rtcp_bad_version',
  badType: 'rtcp_bad_type',
  badPadding: 'rtcp_bad_padding',
  badLength: 'rtcp_bad_length',
  trailingBytes: 'rtcp_trailing_bytes',
} as const;

export type RtcpParseError = (typeof RTCP_PARSE_ERRORS)[keyof typeof RTCP_PARSE_ERRORS];

export const RTCP_TYPES = { SR: 200, RR: 201, SDES: 202, BYE: 203, APP: 204, XR: 207 } as const;

/** RTCP packet types we accept in a compound (RFC 3550, 4585 feedback 205/206, 3611 XR 207, ...). */
const MIN_RTCP_TYPE = 200;
const MAX_RTCP_TYPE = 213;
/** XR block type of the VoIP metrics report block (RFC 3611 §4.7). */
const XR_VOIP_METRICS = 7;
/** RFC 3611 §4.7: 127 in MOS-LQ/MOS-CQ/R factor means "unavailable". */
const XR_UNAVAILABLE = 127;
const REPORT_BLOCK_BYTES = 24;

export interface SenderInformation {
  ntp_timestamp_sec: number;
  ntp_timestamp_usec: number;
  rtp_timestamp: number;
  packets: number;
  octets: number;
}

export interface ReportBlock {
  source_ssrc: number;
  fraction_lost: number;
  packets_lost: number;
  highest_seq_no: number;
  ia_jitter: number;
  lsr: number;
  dlsr: number;
}

/** heplify's flat `report_blocks_xr` (the first VoIP metrics block; zeros when there is none). */
export interface ReportBlockXr {
  type: number;
  id: number;
  fraction_lost: number;
  fraction_discard: number;
  burst_density: number;
  gap_density: number;
  burst_duration: number;
  gap_duration: number;
  round_trip_delay: number;
  end_system_delay: number;
}

/** Every field of an RFC 3611 §4.7 VoIP metrics block; MOS as a decimal, null when unavailable. */
export interface VoipMetrics {
  ssrc: number;
  loss_rate: number;
  discard_rate: number;
  burst_density: number;
  gap_density: number;
  burst_duration: number;
  gap_duration: number;
  round_trip_delay: number;
  end_system_delay: number;
  signal_level: number;
  noise_level: number;
  rerl: number;
  gmin: number;
  r_factor: number | null;
  ext_r_factor: number | null;
  mos_lq: number | null;
  mos_cq: number | null;
  rx_config: number;
  jb_nominal: number;
  jb_maximum: number;
  jb_abs_max: number;
}

export interface SdesItem {
  sdes_chunk_ssrc: number;
  type: number;
  text: string;
}

export interface RtcpReport {
  sender_information: SenderInformation;
  ssrc: number;
  type: number;
  report_count: number;
  report_blocks: ReportBlock[];
  report_blocks_xr: ReportBlockXr;
  sdes_ssrc: number;
  sdes_chunk_ssrc?: number;
  sdes_report_count?: number;
  sdes_information?: SdesItem[];
  bye?: { ssrcs: number[]; reason?: string };
  app?: { ssrc: number; subtype: number; name: string; length: number };
  voip_metrics?: VoipMetrics;
  /** Types of every sub-packet, in order (also those we only skip, e.g. 205/206 feedback). */
  packet_types: number[];
  mos?: number;
}

export type RtcpParseResult =
  | { readonly report: RtcpReport; readonly error?: undefined }
  | { readonly report: RtcpReport; readonly error: RtcpParseError; readonly undecodedFrom: number }
  | { readonly report?: undefined; readonly error: RtcpParseError };

/**
 * Parses one (compound) RTCP packet. When a later sub-packet is malformed, the ones before it are
 * still returned, with `error` and `undecodedFrom` (the offset of the bad sub-packet) — as heplify
 * keeps what it parsed before a "fishy" header. Real senders do this: the G.711 sample capture
 * (testdata `heplify_rtp_rtcp_sip.pcap`) has SR+RR+SDES compounds followed by 2 stray bytes.
 */
export function parseRtcp(buf: Buffer): RtcpParseResult {
  if (buf.length === 0) return { error: RTCP_PARSE_ERRORS.empty };
  const report: RtcpReport = {
    sender_information: {
      ntp_timestamp_sec: 0,
      ntp_timestamp_usec: 0,
      rtp_timestamp: 0,
      packets: 0,
      octets: 0,
    },
    ssrc: 0,
    type: 0,
    report_count: 0,
    report_blocks: [],
    report_blocks_xr: emptyXr(),
    sdes_ssrc: 0,
    packet_types: [],
  };
  let sawReport = false;
  let offset = 0;
  const fail = (error: RtcpParseError): RtcpParseResult => {
    if (report.packet_types.length === 0) return { error };
    if (report.type === 0) report.type = report.packet_types[0]!;
    return { report, error, undecodedFrom: offset };
  };
  while (offset < buf.length) {
    if (offset + 4 > buf.length) {
      return fail(offset === 0 ? RTCP_PARSE_ERRORS.truncated : RTCP_PARSE_ERRORS.trailingBytes);
    }
    const first = buf[offset]!;
    if (first >> 6 !== 2) return fail(RTCP_PARSE_ERRORS.badVersion);
    const padding = (first & 0x20) !== 0;
    const count = first & 0x1f;
    const type = buf[offset + 1]!;
    if (type < MIN_RTCP_TYPE || type > MAX_RTCP_TYPE) return fail(RTCP_PARSE_ERRORS.badType);
    const size = (buf.readUInt16BE(offset + 2) + 1) * 4;
    if (offset + size > buf.length) return fail(RTCP_PARSE_ERRORS.truncated);
    let end = offset + size;
    if (padding) {
      // RFC 3550 §6.4.1: the last octet counts the padding octets, itself included.
      const pad = buf[end - 1]!;
      if (pad === 0 || pad > size - 4) return fail(RTCP_PARSE_ERRORS.badPadding);
      end -= pad;
    }
    const body = buf.subarray(offset + 4, end);
    // Each reader checks its lengths before writing into `report`, so a failure leaves it as it was.
    let ok = true;
    switch (type) {
      case RTCP_TYPES.SR:
      case RTCP_TYPES.RR:
        ok = readReport(body, type, count, report, !sawReport);
        sawReport ||= ok;
        break;
      case RTCP_TYPES.SDES:
        ok = readSdes(body, count, report);
        break;
      case RTCP_TYPES.BYE:
        ok = readBye(body, count, report);
        break;
      case RTCP_TYPES.APP:
        ok = readApp(body, count, report);
        break;
      case RTCP_TYPES.XR:
        ok = readXr(body, report, !sawReport);
        break;
      default:
        break; // feedback and other types: listed in packet_types, not decoded
    }
    if (!ok) return fail(RTCP_PARSE_ERRORS.badLength);
    report.packet_types.push(type);
    offset += size;
  }
  if (report.type === 0) report.type = report.packet_types[0] ?? 0;
  return { report };
}

function readReport(body: Buffer, type: number, count: number, report: RtcpReport, first: boolean): boolean {
  const senderBytes = type === RTCP_TYPES.SR ? 24 : 4;
  if (body.length < senderBytes + count * REPORT_BLOCK_BYTES) return false;
  if (first) {
    report.ssrc = body.readUInt32BE(0);
    report.type = type;
    report.report_count = count;
    if (type === RTCP_TYPES.SR) {
      report.sender_information = {
        ntp_timestamp_sec: body.readUInt32BE(4),
        ntp_timestamp_usec: body.readUInt32BE(8),
        rtp_timestamp: body.readUInt32BE(12),
        packets: body.readUInt32BE(16),
        octets: body.readUInt32BE(20),
      };
    }
  }
  for (let i = 0; i < count; i++) {
    const at = senderBytes + i * REPORT_BLOCK_BYTES;
    report.report_blocks.push({
      source_ssrc: body.readUInt32BE(at),
      fraction_lost: body[at + 4]!,
      packets_lost: body.readIntBE(at + 5, 3),
      highest_seq_no: body.readUInt32BE(at + 8),
      ia_jitter: body.readUInt32BE(at + 12),
      lsr: body.readUInt32BE(at + 16),
      dlsr: body.readUInt32BE(at + 20),
    });
  }
  // Bytes after the blocks are profile-specific extensions (RFC 3550 §6.4.1): ignored.
  return true;
}

/** RFC 3550 §6.5: `count` chunks of SSRC + items (type, length, text) ended by a 0 item, 32-bit aligned. */
function readSdes(body: Buffer, count: number, report: RtcpReport): boolean {
  const items: SdesItem[] = [];
  let firstSsrc = 0;
  let at = 0;
  for (let chunk = 0; chunk < count; chunk++) {
    if (at + 4 > body.length) return false;
    const ssrc = body.readUInt32BE(at);
    if (chunk === 0) firstSsrc = ssrc;
    at += 4;
    for (;;) {
      if (at >= body.length) return false;
      const itemType = body[at]!;
      if (itemType === 0) {
        at += 1;
        at = (at + 3) & ~3; // the END item is followed by null octets up to the next 32-bit word
        break;
      }
      if (at + 2 > body.length) return false;
      const length = body[at + 1]!;
      if (at + 2 + length > body.length) return false;
      items.push({
        sdes_chunk_ssrc: ssrc,
        type: itemType,
        text: printable(body.subarray(at + 2, at + 2 + length)),
      });
      at += 2 + length;
    }
  }
  if (report.sdes_information === undefined) {
    report.sdes_ssrc = firstSsrc;
    report.sdes_chunk_ssrc = firstSsrc;
    report.sdes_report_count = count;
  }
  report.sdes_information = [...(report.sdes_information ?? []), ...items];
  return true;
}

/** RFC 3550 §6.6: `count` SSRC/CSRC, then an optional length-prefixed reason. */
function readBye(body: Buffer, count: number, report: RtcpReport): boolean {
  if (body.length < count * 4) return false;
  const ssrcs: number[] = [];
  for (let i = 0; i < count; i++) ssrcs.push(body.readUInt32BE(i * 4));
  const bye: { ssrcs: number[]; reason?: string } = { ssrcs };
  const at = count * 4;
  if (at < body.length) {
    const length = body[at]!;
    if (at + 1 + length > body.length) return false;
    if (length > 0) bye.reason = printable(body.subarray(at + 1, at + 1 + length));
  }
  report.bye = bye;
  return true;
}

/** RFC 3550 §6.7: SSRC, 4 ASCII name octets, application data (kept as its length only). */
function readApp(body: Buffer, subtype: number, report: RtcpReport): boolean {
  if (body.length < 8) return false;
  report.app = {
    ssrc: body.readUInt32BE(0),
    subtype,
    name: printable(body.subarray(4, 8)),
    length: body.length - 8,
  };
  return true;
}

/** RFC 3611 §2: SSRC of the sender, then report blocks (BT, type-specific, length in words). */
function readXr(body: Buffer, report: RtcpReport, setSsrc: boolean): boolean {
  if (body.length < 4) return false;
  let voip: Buffer | undefined;
  let at = 4;
  while (at < body.length) {
    if (at + 4 > body.length) return false;
    const blockType = body[at]!;
    const blockBytes = 4 + body.readUInt16BE(at + 2) * 4;
    if (at + blockBytes > body.length) return false;
    if (blockType === XR_VOIP_METRICS && blockBytes >= 36) voip ??= body.subarray(at, at + blockBytes);
    at += blockBytes; // other block types (RFC 3611 §4.1–4.6, later RFCs) are skipped
  }
  if (setSsrc && report.ssrc === 0) report.ssrc = body.readUInt32BE(0);
  if (voip !== undefined && report.voip_metrics === undefined) readVoipMetrics(voip, report);
  return true;
}

/**
 * RFC 3611 §4.7 layout, offsets from the block header:
 *  0 BT=7 | 1 reserved | 2-3 length=8 | 4-7 SSRC of source
 *  8 loss rate | 9 discard rate | 10 burst density | 11 gap density
 * 12-13 burst duration | 14-15 gap duration | 16-17 round trip delay | 18-19 end system delay
 * 20 signal level | 21 noise level | 22 RERL | 23 Gmin
 * 24 R factor | 25 ext. R factor | 26 MOS-LQ | 27 MOS-CQ
 * 28 RX config | 29 reserved | 30-31 JB nominal | 32-33 JB maximum | 34-35 JB abs max
 */
function readVoipMetrics(block: Buffer, report: RtcpReport): void {
  const unavailableOr = (value: number, scale: number): number | null =>
    value === XR_UNAVAILABLE ? null : value / scale;
  const metrics: VoipMetrics = {
    ssrc: block.readUInt32BE(4),
    loss_rate: block[8]!,
    discard_rate: block[9]!,
    burst_density: block[10]!,
    gap_density: block[11]!,
    burst_duration: block.readUInt16BE(12),
    gap_duration: block.readUInt16BE(14),
    round_trip_delay: block.readUInt16BE(16),
    end_system_delay: block.readUInt16BE(18),
    signal_level: block.readInt8(20),
    noise_level: block.readInt8(21),
    rerl: block[22]!,
    gmin: block[23]!,
    r_factor: unavailableOr(block[24]!, 1),
    ext_r_factor: unavailableOr(block[25]!, 1),
    mos_lq: unavailableOr(block[26]!, 10),
    mos_cq: unavailableOr(block[27]!, 10),
    rx_config: block[28]!,
    jb_nominal: block.readUInt16BE(30),
    jb_maximum: block.readUInt16BE(32),
    jb_abs_max: block.readUInt16BE(34),
  };
  report.voip_metrics = metrics;
  report.report_blocks_xr = {
    type: XR_VOIP_METRICS,
    id: metrics.ssrc,
    fraction_lost: metrics.loss_rate,
    fraction_discard: metrics.discard_rate,
    burst_density: metrics.burst_density,
    gap_density: metrics.gap_density,
    burst_duration: metrics.burst_duration,
    gap_duration: metrics.gap_duration,
    round_trip_delay: metrics.round_trip_delay,
    end_system_delay: metrics.end_system_delay,
  };
}

function emptyXr(): ReportBlockXr {
  return {
    type: 0,
    id: 0,
    fraction_lost: 0,
    fraction_discard: 0,
    burst_density: 0,
    gap_density: 0,
    burst_duration: 0,
    gap_duration: 0,
    round_trip_delay: 0,
    end_system_delay: 0,
  };
}

/** SDES/BYE/APP text is UTF-8 (RFC 3550 §6.5); NUL cannot be stored in PostgreSQL text. */
function printable(bytes: Buffer): string {
  return bytes.toString('utf8').replaceAll('\u0000', '');
}
