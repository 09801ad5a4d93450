import type { HepPacket } from '../hep/types.js';
import type { CaptureRow } from '../pipeline/row.js';
import type { HoraclifixReport, RtpAgentReport } from './qos/reports.js';
import type { VqReport } from './qos/vq-report.js';

/** Options for the SIP decoder, mirroring heplify-server's SIPHeader / CustomHeader / AlegIDs. */
export interface SipDecoderOptions {
  /** data_header keys in output order (heplify-server `SIPHeader`). */
  readonly sipHeaders: readonly string[];
  /** Extra SIP headers copied into data_header under their configured name (`CustomHeader`). */
  readonly customHeaders: readonly string[];
  /** `"Header"` or `"Header,regex"`; capture group 1 of the regex is the A-leg id (`AlegIDs`). */
  readonly alegIds: readonly string[];
  /** Replace a non-empty HEP correlation id with the A-leg id (`ForceALegID`). */
  readonly forceALegId: boolean;
}

/** When the packet arrived, used when the HEP packet carries no timestamp (both fields 0). */
export interface DecodeContext {
  readonly arrivalSeconds: number;
  readonly arrivalUseconds: number;
}

/** What a SIP message contributes to metrics (`heplify_method_response`, KPIs). */
export interface SipSummary {
  /** Request method, or the status code for responses (heplify-server `FirstMethod`). */
  readonly methodOrStatus: string;
  /** Method from the CSeq header. */
  readonly cseqMethod: string;
  readonly callId: string;
  readonly isRequest: boolean;
  /**
   * Header values the metrics read, present only when the message carries them (no cost for the
   * others): `X-RTP-Stat` (heplify_xrtp_*) and `Reason` (heplify_reason_isup_total).
   */
  readonly xRtpStat?: string;
  readonly reason?: string;
}

export interface DecodeResult {
  readonly row: CaptureRow;
  /** Present for SIP messages that parsed. */
  readonly sip?: SipSummary;
  /**
   * Set when the payload could not be fully parsed: a short snake_case reason used as a metric
   * label (e.g. `sip_no_cseq`). The row is still stored, with what could be read.
   */
  readonly parseError?: string;
  /** A quality report (HEP 34, 35, 38) as its decoder read it, for the metrics (src/analytics). */
  readonly qos?: QosReportSummary;
  /** An RTCP report (HEP 5) as its decoder read it, so metrics and outputs do not parse it again. */
  readonly rtcp?: RtcpSummary;
}

/** The RTCP report in heplify's JSON shape (`report_blocks`, `report_blocks_xr`, ...) and its MOS. */
export interface RtcpSummary {
  readonly report: Readonly<Record<string, unknown>>;
  /** The E-model MOS the decoder computed (also in data_header.mos). */
  readonly mos?: number;
}

/** What a quality-report decoder read, by kind (src/decoders/qos). */
export type QosReportSummary =
  | { readonly kind: 'rtpagent'; readonly report: RtpAgentReport }
  | { readonly kind: 'vq'; readonly report: VqReport }
  | { readonly kind: 'horaclifix'; readonly report: HoraclifixReport };

/** A payload decoder: pure, never throws for bad payload bytes (it reports `parseError`). */
export type PayloadDecoder = (packet: HepPacket, ctx: DecodeContext) => DecodeResult;
