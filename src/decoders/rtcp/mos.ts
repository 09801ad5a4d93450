/**
 * MOS from an RTCP report with a simplified ITU-T G.107 E-model.
 *
 *   R   = R0 − Is − Id − Ie,eff + A
 *
 * - R0 − Is = 93.2: the G.107 default values of every parameter (noise, loudness ratios, sidetone)
 *   give R = 93.2 for a loss-free, delay-free connection. A (advantage factor) = 0.
 * - Id, delay impairment, in the simplification of Cole & Rosenbluth ("Voice over IP performance
 *   monitoring", ACM CCR 2001), a fit of G.107's Idd/Idte/Idle for default echo parameters:
 *       Id = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3)      (d one-way delay in ms, H step function)
 *   RTCP receiver reports carry no one-way delay, so d is estimated as
 *       d = PACKETISATION_MS + JITTER_BUFFER_FACTOR·J + RTT/2
 *   with J the interarrival jitter in ms and RTT the XR round-trip delay when an XR block carries it.
 * - Ie,eff, equipment impairment with packet loss (G.107 §7.6, eq. 7-29):
 *       Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl)
 *   codec-independent: Ie = 0 and Bpl = 25.1 (G.711 with packet-loss concealment, G.113 Appendix I),
 *   BurstR = 1 (random loss: a receiver report does not say how losses cluster).
 *   Ppl = fraction_lost / 256 × 100 (RFC 3550 §6.4.1: fraction lost is a fixed-point /256 value).
 * - MOS from R (G.107 Annex B, eq. B-4): 1 for R < 0, 4.5 for R > 100, else
 *       MOS = 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶
 *
 * Jitter in RTCP is in RTP timestamp units; without the codec's clock rate we assume 8 kHz, the rate
 * of every narrowband voice codec (G.711, G.729, GSM), so J(ms) = ia_jitter / 8.
 */
export const EMODEL = Object.freeze({
  r0MinusIs: 93.2,
  ie: 0,
  bpl: 25.1,
  burstR: 1,
  clockRateHz: 8000,
  packetisationMs: 20,
  jitterBufferFactor: 2,
});

export interface MosInput {
  /** RFC 3550 fraction lost, 0–255 (loss fraction × 256). */
  readonly fractionLost: number;
  /** RFC 3550 interarrival jitter in RTP timestamp units. */
  readonly jitter: number;
  /** Round-trip time in ms, when known (RTCP XR VoIP metrics). */
  readonly roundTripMs?: number;
}

/** The R factor for one report (may be below 0 or above 100; `mosFromR` clamps). */
export function rFactor(input: MosInput): number {
  const fractionLost = clamp(input.fractionLost, 0, 255);
  const jitterMs = Math.max(0, input.jitter) / (EMODEL.clockRateHz / 1000);
  const rtt = input.roundTripMs !== undefined && input.roundTripMs > 0 ? input.roundTripMs : 0;
  const delay = EMODEL.packetisationMs + EMODEL.jitterBufferFactor * jitterMs + rtt / 2;
  const id = 0.024 * delay + (delay > 177.3 ? 0.11 * (delay - 177.3) : 0);
  const ppl = (fractionLost / 256) * 100;
  const ieEff = EMODEL.ie + ((95 - EMODEL.ie) * ppl) / (ppl / EMODEL.burstR + EMODEL.bpl);
  return EMODEL.r0MinusIs - id - ieEff;
}

/** G.107 Annex B: R → MOS (1 … 4.5). */
export function mosFromR(r: number): number {
  if (!Number.isFinite(r) || r <= 0) return 1;
  if (r >= 100) return 4.5;
  // The cubic dips just below 1 for R < 6.5; MOS is defined on 1 … 4.5.
  return Math.max(1, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6);
}

/** MOS for one RTCP report block, rounded to two decimals. */
export function mosOf(input: MosInput): number {
  return Math.round(mosFromR(rFactor(input)) * 100) / 100;
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return value < min ? min : value > max ? max : value;
}
