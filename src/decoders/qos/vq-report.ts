/**
 * SIP VQ reports (RFC 6035 `application/vq-rtcpxr` bodies) as HEP type 35 text, e.g.
 *
 *   VQSessionReport: CallTerm
 *   CallID: 6dg37f1890463
 *   LocalAddr: IP=10.10.1.100 PORT=5000 SSRC=0x2468abcd
 *   LocalMetrics:
 *   PacketLoss: NLR=5.0 JDR=2.0
 *   Delay: RTD=200 ESD=140 SOWD=200 IAJ=2 MAJ=10
 *   QualityEst: RLQ=88 RCQ=85 MOSLQ=4.2 MOSCQ=4.3
 *   RemoteMetrics: ...
 *
 * heplify-server reads `NLR= JDR= IAJ= MOSLQ= MOSCQ=` from the first place they occur (its
 * `extractXR`), i.e. the LocalMetrics section: `metrics` does the same for every `KEY=value`;
 * `local`/`remote` keep each section apart.
 */
export interface VqReport {
  /** `VQSessionReport`, `VQIntervalReport` or `VQAlertReport` (empty when none). */
  readonly reportType: string;
  /** The value after the report type, e.g. `CallTerm`. */
  readonly event: string;
  /** CallID line: the SIP Call-ID of the reported call. */
  readonly callId?: string;
  readonly localAddr?: Readonly<Record<string, string>>;
  readonly remoteAddr?: Readonly<Record<string, string>>;
  /** First occurrence of every `KEY=value`, keys upper-cased. */
  readonly metrics: Readonly<Record<string, string>>;
  readonly local: Readonly<Record<string, string>>;
  readonly remote: Readonly<Record<string, string>>;
}

/** The metrics heplify-server turns into `heplify_vqrtcpxr_*` gauges. */
export const VQ_METRIC_KEYS = ['NLR', 'JDR', 'IAJ', 'MOSLQ', 'MOSCQ'] as const;

const MAX_LINES = 200;
const MAX_TOKENS_PER_LINE = 64;

export function parseVqReport(text: string): VqReport {
  let reportType = '';
  let event = '';
  let callId: string | undefined;
  let localAddr: Record<string, string> | undefined;
  let remoteAddr: Record<string, string> | undefined;
  const metrics: Record<string, string> = {};
  const local: Record<string, string> = {};
  const remote: Record<string, string> = {};
  let section: Record<string, string> | undefined;
  const lines = text.split(/\r?\n/, MAX_LINES);
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      if (section !== undefined) addTokens(line, section, metrics);
      continue;
    }
    const name = line.slice(0, colon).trim();
    const rest = line.slice(colon + 1).trim();
    const lower = name.toLowerCase();
    if (/^vq(session|interval|alert)report$/.test(lower)) {
      if (reportType === '') {
        reportType = name;
        event = rest;
      }
    } else if (lower === 'callid') {
      callId ??= rest;
    } else if (lower === 'localaddr') {
      localAddr ??= tokens(rest);
    } else if (lower === 'remoteaddr') {
      remoteAddr ??= tokens(rest);
    } else if (lower === 'localmetrics') {
      section = local;
    } else if (lower === 'remotemetrics') {
      section = remote;
    } else if (section !== undefined) {
      addTokens(rest, section, metrics);
    } else {
      addTokens(rest, undefined, metrics);
    }
  }
  return { reportType, event, callId, localAddr, remoteAddr, metrics, local, remote };
}

/** A metric as a number (`undefined` when absent or not numeric), as heplify's `ParseFloat`. */
export function vqNumber(report: VqReport, key: string): number | undefined {
  const value = report.metrics[key];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function tokens(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  addTokens(text, out, undefined);
  return out;
}

/** `KEY=value KEY="quoted value"` tokens; the first occurrence of a key wins in each map. */
function addTokens(
  text: string,
  target: Record<string, string> | undefined,
  firstSeen: Record<string, string> | undefined,
): void {
  const re = /([A-Za-z][A-Za-z0-9_-]*)=("([^"]*)"|[^\s;]*)/g;
  let n = 0;
  for (let m = re.exec(text); m !== null && n < MAX_TOKENS_PER_LINE; m = re.exec(text), n++) {
    const key = m[1]!.toUpperCase();
    const value = m[3] ?? m[2]!;
    if (target !== undefined && !(key in target)) target[key] = value;
    if (firstSeen !== undefined && !(key in firstSeen)) firstSeen[key] = value;
  }
}
