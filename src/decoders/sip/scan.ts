import { textCodes } from '../text.js';
import { CH, isWsp, lowerAscii, type Codes } from './chars.js';
import { parseStartLineInto, StartLineFields } from './start-line.js';

/**
 * Compact header forms: RFC 3261 §7.3.3 (i m e l c f s k t v) plus the single letters later RFCs
 * registered with IANA, each mapped to its lower-case long name.
 */
export const COMPACT_FORMS: Readonly<Record<string, string>> = Object.freeze({
  a: 'accept-contact', // RFC 3841
  b: 'referred-by', // RFC 3892
  c: 'content-type',
  d: 'request-disposition', // RFC 3841
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact', // RFC 3841
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info', // RFC 4474
  o: 'event', // RFC 6665
  r: 'refer-to', // RFC 3515
  s: 'subject',
  t: 'to',
  u: 'allow-events', // RFC 6665
  v: 'via',
  x: 'session-expires', // RFC 4028
  y: 'identity', // RFC 8224
});

/** A header the scanner should capture, and where to put its value. */
export interface WantedHeader {
  /** Header name in any case; its compact form (if any) is matched too. */
  readonly name: string;
  readonly slot: number;
  /** Keep the last occurrence instead of the first (heplify-server's `via`). */
  readonly keepLast?: boolean;
}

interface TableEntry {
  readonly lower: string;
  readonly hash: number;
  readonly slot: number;
  readonly keepLast: boolean;
}

/**
 * Header names to capture, in a small open-addressed hash table keyed by a case-folded hash of the
 * name computed while looking for the colon: a line nobody asked for costs one array read.
 */
export interface HeaderTable {
  readonly entries: readonly TableEntry[];
  /** entry index + 1 at `hash & mask`, 0 = empty; linear probing. */
  readonly index: Int32Array;
  readonly mask: number;
  readonly slotCount: number;
}

/**
 * Folds one character code into a name hash; `| 0x20` lower-cases letters (collisions are
 * verified). Every non-ASCII character counts as 0x80, as in the scanner's codes (chars.ts).
 */
function foldHash(h: number, c: number): number {
  return (Math.imul(h, 31) + ((c < 0x80 ? c : 0x80) | 0x20)) | 0;
}

function nameHash(lower: string): number {
  let h = 0;
  for (let i = 0; i < lower.length; i++) h = foldHash(h, lower.charCodeAt(i));
  return h;
}

/** Builds the lookup once per decoder. Names are case-insensitive (RFC 3261 §7.3.5). */
export function compileHeaderTable(wanted: readonly WantedHeader[], slotCount: number): HeaderTable {
  const entries: TableEntry[] = [];
  const add = (lower: string, slot: number, keepLast: boolean): void => {
    if (!entries.some((e) => e.lower === lower))
      entries.push({ lower, hash: nameHash(lower), slot, keepLast });
  };
  for (const w of wanted) {
    const lower = w.name.trim().toLowerCase();
    if (lower === '') continue;
    add(lower, w.slot, w.keepLast === true);
    for (const [letter, long] of Object.entries(COMPACT_FORMS)) {
      if (long === lower) add(letter, w.slot, w.keepLast === true);
    }
  }
  let size = 64;
  while (size < entries.length * 4) size *= 2;
  const mask = size - 1;
  const index = new Int32Array(size);
  entries.forEach((entry, i) => {
    let at = entry.hash & mask;
    while (index[at] !== 0) at = (at + 1) & mask;
    index[at] = i + 1;
  });
  return { entries, index, mask, slotCount };
}

/** What the scanner found in the header section. */
export interface SipScan {
  /** The scanned text: header offsets point into it. */
  readonly text: string;
  /** The codes of `text` (chars.ts), valid over its header section. */
  readonly codes: Codes;
  /** Undefined when the start line is neither a Request-Line nor a Status-Line. */
  readonly startLine: StartLineFields | undefined;
  /**
   * Per slot, the trimmed value as offsets into `text`: `spans[2 * slot]` is the start (-1 when
   * the header is absent), `spans[2 * slot + 1]` the end. Offsets rather than substrings: parsing
   * reads characters of the flat payload string, which is faster than reading through slices.
   */
  readonly spans: ArrayLike<number>;
  /** Per slot, the unfolded value of a header folded over lines; undefined when none was. */
  readonly unfolded: (string | undefined)[] | undefined;
  /** `sip_no_crlf` (a single line, nothing scanned) or `sip_bad_start_line`. */
  readonly error: 'sip_no_crlf' | 'sip_bad_start_line' | undefined;
}

/** LWS that folds a header value over lines (RFC 3261 §7.3.1): replaced by one SP. */
const FOLD = /[ \t]*\r?\n[ \t]*/g;
const EDGE_WSP = /^[ \t]+|[ \t]+$/g;

/**
 * A scanner that keeps its result arrays from one message to the next: a decoder scans every
 * packet into the same one, so a scan allocates nothing but the method or status string (and the
 * unfolded value of a folded header). The result is valid until the next `scan`.
 */
export class SipScanner implements SipScan {
  text = '';
  /** The codes of `text` the last scan read (see chars.ts); parsers of the values read them too. */
  codes: Codes = EMPTY_CODES;
  error: SipScan['error'] = undefined;
  readonly spans: Int32Array;
  unfolded: (string | undefined)[] | undefined = undefined;
  private readonly line = new StartLineFields();
  private hasStartLine = false;

  constructor(private readonly table: HeaderTable) {
    this.spans = new Int32Array(2 * table.slotCount);
  }

  get startLine(): StartLineFields | undefined {
    return this.hasStartLine ? this.line : undefined;
  }

  /**
   * Scans the start line and the header lines of a SIP message, recording only the headers in
   * the table. One pass with `indexOf('\n')`; no allocation for headers nobody asked for.
   * Lines end in CRLF (RFC 3261 §7); a bare LF is accepted too. The header section ends at the
   * first empty line; a message cut short simply ends there. Never throws.
   */
  scan(text: string, codes: Codes = textCodes(text)): this {
    const spans = this.spans;
    spans.fill(-1);
    this.text = text;
    this.codes = codes;
    this.unfolded = undefined;
    this.hasStartLine = false;
    const len = text.length;
    let pos = 0;
    // RFC 3261 §7.5: CRLFs before the start line are ignored.
    while (pos < len) {
      const c = codes[pos]!;
      if (c !== CH.cr && c !== CH.lf) break;
      pos++;
    }
    const firstNl = text.indexOf('\n', pos);
    if (firstNl < 0) {
      this.error = 'sip_no_crlf';
      return this;
    }
    this.hasStartLine = parseStartLineInto(this.line, codes, text, pos, contentEnd(codes, pos, firstNl));
    pos = firstNl + 1;
    const { entries, index, mask } = this.table;
    while (pos < len) {
      const nl = text.indexOf('\n', pos);
      const next = nl < 0 ? len : nl + 1;
      const end = contentEnd(codes, pos, nl < 0 ? len : nl);
      if (end === pos) break; // the empty line before the body
      const first = codes[pos]!;
      // A continuation of a header nobody asked for, or a line without a name: skip it.
      if (isWsp(first) || first === CH.colon) {
        pos = next;
        continue;
      }
      // Find the colon, hashing the name on the way (blanks before the colon are not hashed:
      // a name cannot contain them, RFC 3261 §7.3.1 HCOLON).
      let colon = pos;
      let hash = 0;
      let c = first;
      while (c !== CH.colon) {
        if (!isWsp(c)) hash = foldHash(hash, c);
        if (++colon === end) break;
        c = codes[colon]!;
      }
      if (colon === end) {
        pos = next;
        continue;
      }
      let entry: TableEntry | undefined;
      for (
        let at = hash & mask, i = index[at] as number;
        i !== 0;
        at = (at + 1) & mask, i = index[at] as number
      ) {
        const candidate = entries[i - 1] as TableEntry;
        if (candidate.hash === hash && nameMatches(candidate.lower, codes, text, pos, colon)) {
          entry = candidate;
          break;
        }
      }
      const spanAt = entry === undefined ? -1 : entry.slot * 2;
      if (entry === undefined || (!entry.keepLast && spans[spanAt] !== -1)) {
        pos = next;
        continue;
      }
      // RFC 3261 §7.3.1: a line starting with SP/HTAB continues the value above it.
      let valueEnd = end;
      let after = next;
      let folded = false;
      while (after < len && isWsp(codes[after]!)) {
        const nl2 = text.indexOf('\n', after);
        valueEnd = contentEnd(codes, after, nl2 < 0 ? len : nl2);
        after = nl2 < 0 ? len : nl2 + 1;
        folded = true;
      }
      let start = colon + 1;
      if (folded) {
        const value = text.slice(start, valueEnd).replace(FOLD, ' ').replace(EDGE_WSP, '');
        this.unfolded ??= [];
        this.unfolded[entry.slot] = value;
        spans[spanAt] = 0;
        spans[spanAt + 1] = value.length;
      } else {
        while (start < valueEnd && isWsp(codes[start]!)) start++;
        while (valueEnd > start && isWsp(codes[valueEnd - 1]!)) valueEnd--;
        spans[spanAt] = start;
        spans[spanAt + 1] = valueEnd;
        if (this.unfolded !== undefined) this.unfolded[entry.slot] = undefined;
      }
      pos = after;
    }
    this.error = this.hasStartLine ? undefined : 'sip_bad_start_line';
    return this;
  }
}

/** One scan into a scanner of its own (the decoder reuses one instead). */
export function scanSip(text: string, table: HeaderTable): SipScan {
  return new SipScanner(table).scan(text);
}

const EMPTY_CODES: Codes = new Uint8Array(0);

/** End of a line's content: `lineEnd` (the LF index) minus a CR before it. */
function contentEnd(codes: Codes, start: number, lineEnd: number): number {
  return lineEnd > start && codes[lineEnd - 1] === CH.cr ? lineEnd - 1 : lineEnd;
}

/** True when the name in [start, colon) (trailing blanks allowed) equals `lower`, ignoring case. */
function nameMatches(lower: string, codes: Codes, text: string, start: number, colon: number): boolean {
  const n = lower.length;
  if (colon - start < n) return false;
  for (let i = 0; i < n; i++) {
    const l = lower.charCodeAt(i);
    // A configured name may hold non-ASCII characters, which only the text tells apart.
    const c = l < 0x80 ? lowerAscii(codes[start + i]!) : text.charCodeAt(start + i);
    if (c !== l) return false;
  }
  for (let p = start + n; p < colon; p++) if (!isWsp(codes[p]!)) return false;
  return true;
}

/** The value of a slot as a string (unfolded, trimmed); undefined when the header is absent. */
export function scanValue(scan: SipScan, slot: number): string | undefined {
  const start = scan.spans[slot * 2] ?? -1;
  if (start < 0) return undefined;
  return scan.unfolded?.[slot] ?? scan.text.slice(start, scan.spans[slot * 2 + 1]);
}
