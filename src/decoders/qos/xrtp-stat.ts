/**
 * The `X-RTP-Stat` SIP header (sent in BYE or its 200 by many phones and SBCs) → numbers for the
 * `heplify_xrtp_*` metrics (capture-servers.md §1.4, §1.9). Example:
 *
 *   CS=0;PS=1433;ES=1525;OS=229280;SP=0/0;SO=0;QS=-;PR=1522;ER=1525;OR=243520;CR=0;SR=0;QR=-;
 *   PL=0,0;BL=0;LS=0;RB=0/0;SL=0;DU=29;EN=PCMU;DE=PCMU;JI=0,0;DL=20,20,20;IP=10.0.0.1:6000,10.0.0.2:6002
 *
 * Fields are `KEY=VALUE` separated by `;`. Single counters (CS call setup ms, PS/PR packets sent and
 * received, ES/ER expected, OS/OR octets, SO/SR/CR, BL burst loss, LS, SL, DU duration s) become
 * numbers; pairs split on `,` (PL lost received,sent; JI jitter received,sent) or `/` (SP, RB);
 * DL is average,min,max delay. Every field is also kept as text in `fields`.
 *
 * `mos` is heplify-server's estimate, reproduced exactly (its `dissectXRTPStats`):
 *   loss = trunc((PLr + PLs)·100 / (PR + PS))        (PR = PS = 1 when both are 0)
 *   el   = 2·JIr + DLavg + 10
 *   R    = 93.2 − el/40 when el < 160, else 93.2 − (el − 120)/10;  R −= 2.5·loss
 *   MOS  = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R), or 1 when outside 1 … 5
 * heplify-server reads integers only (Go `Atoi`); a value that is not an integer counts as 0 there.
 */
export interface XRtpStat {
  /** Every `KEY=VALUE` as sent (first occurrence of a key wins), keys upper-cased. */
  readonly fields: Readonly<Record<string, string>>;
  /** CS: call setup time in ms (heplify-server's `heplify_xrtp_cs` is this / 1000). */
  readonly callSetupMs?: number;
  readonly packetsSent?: number;
  readonly packetsReceived?: number;
  readonly expectedSent?: number;
  readonly expectedReceived?: number;
  readonly octetsSent?: number;
  readonly octetsReceived?: number;
  /** PL: packets lost (received direction, sent direction). */
  readonly packetsLostReceived?: number;
  readonly packetsLostSent?: number;
  /** JI: jitter in ms (received, sent). */
  readonly jitterReceived?: number;
  readonly jitterSent?: number;
  /** DL: delay in ms (average, minimum, maximum). */
  readonly delayAvg?: number;
  readonly delayMin?: number;
  readonly delayMax?: number;
  readonly burstLoss?: number;
  readonly durationSeconds?: number;
  readonly encoder?: string;
  readonly decoder?: string;
  /** IP: local and remote media address as sent (`ip:port`). */
  readonly localAddress?: string;
  readonly remoteAddress?: string;
  /** heplify-server's MOS estimate (above). */
  readonly mos: number;
}

/** At most this many fields are read: bounds the work a hostile header can cause. */
const MAX_FIELDS = 64;

/** Parses an X-RTP-Stat header value; never throws, unknown or bad fields are just skipped. */
export function parseXRtpStat(value: string): XRtpStat {
  const fields: Record<string, string> = {};
  let count = 0;
  for (const part of value.split(';')) {
    if (++count > MAX_FIELDS) break;
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toUpperCase();
    if (key === '' || key in fields || !/^[A-Z0-9_]+$/.test(key)) continue;
    fields[key] = part.slice(eq + 1).trim();
  }
  const int = (key: string): number | undefined => integer(fields[key]);
  const [plr, pls] = pair(fields.PL, ',');
  const [jir, jis] = pair(fields.JI, ',');
  const dl = list(fields.DL, ',');
  const ip = fields.IP?.split(',');
  const stat = {
    fields,
    callSetupMs: int('CS'),
    packetsSent: int('PS'),
    packetsReceived: int('PR'),
    expectedSent: int('ES'),
    expectedReceived: int('ER'),
    octetsSent: int('OS'),
    octetsReceived: int('OR'),
    packetsLostReceived: plr,
    packetsLostSent: pls,
    jitterReceived: jir,
    jitterSent: jis,
    // heplify-server only reads DL when it has exactly three values.
    delayAvg: dl.length === 3 ? dl[0] : undefined,
    delayMin: dl.length === 3 ? dl[1] : undefined,
    delayMax: dl.length === 3 ? dl[2] : undefined,
    burstLoss: int('BL'),
    durationSeconds: int('DU'),
    encoder: fields.EN,
    decoder: fields.DE,
    localAddress: ip?.[0]?.trim(),
    remoteAddress: ip?.[1]?.trim(),
  };
  return { ...stat, mos: heplifyXrtpMos(stat) };
}

function heplifyXrtpMos(s: {
  packetsLostReceived?: number;
  packetsLostSent?: number;
  jitterReceived?: number;
  delayAvg?: number;
  packetsReceived?: number;
  packetsSent?: number;
}): number {
  const plr = s.packetsLostReceived ?? 0;
  const pls = s.packetsLostSent ?? 0;
  const jir = s.jitterReceived ?? 0;
  const dle = s.delayAvg ?? 0;
  let pr = s.packetsReceived ?? 0;
  let ps = s.packetsSent ?? 0;
  if (pr === 0 && ps === 0) {
    pr = 1;
    ps = 1;
  }
  const total = pr + ps;
  // Go integer division truncates toward zero; a zero total (PR = −PS) would panic there: 0 here.
  const loss = total === 0 ? 0 : Math.trunc(((plr + pls) * 100) / total);
  const el = jir * 2 + (dle + 10);
  let r = el < 160 ? 93.2 - el / 40 : 93.2 - (el - 120) / 10;
  r -= loss * 2.5;
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return mos < 1 || mos > 5 || !Number.isFinite(mos) ? 1 : mos;
}

/** Go `strconv.Atoi`: an optional sign and decimal digits only, within the safe integer range. */
function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^[+-]?\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** `a<sep>b` → two integers; heplify-server reads PL/JI only when there are exactly two parts. */
function pair(text: string | undefined, sep: string): [number | undefined, number | undefined] {
  const parts = list(text, sep);
  return parts.length === 2 ? [parts[0], parts[1]] : [undefined, undefined];
}

function list(text: string | undefined, sep: string): (number | undefined)[] {
  if (text === undefined || text === '') return [];
  return text.split(sep).map((p) => integer(p.trim()));
}
