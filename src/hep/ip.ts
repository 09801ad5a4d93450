import { u16, u8 } from './bytes.js';
import { HepEncodeError } from './errors.js';

/** "0".."255": dotted-quad formatting without a number-to-string conversion per octet. */
const OCTET: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/**
 * Recently formatted IPv4 addresses, direct-mapped by a hash of the address. Capture traffic
 * repeats a bounded set of addresses (proxies, trunks, phones), so most packets find both of
 * theirs here: no string to build, and the same string object every time (cheap to compare and
 * to check for JSON escaping downstream).
 */
const IPV4_CACHE_SIZE = 1024;
const ipv4Keys = new Int32Array(IPV4_CACHE_SIZE);
const ipv4Texts: string[] = new Array<string>(IPV4_CACHE_SIZE).fill('');

/** Dotted-quad text of the 4 bytes at `offset`; the hot path for every IPv4 HEP packet. */
export function formatIpv4(buf: Buffer, offset: number): string {
  checkRange(buf, offset, 4);
  const a = u8(buf, offset);
  const b = u8(buf, offset + 1);
  const c = u8(buf, offset + 2);
  const d = u8(buf, offset + 3);
  const key = (a << 24) | (b << 16) | (c << 8) | d;
  const slot = Math.imul(key, 0x9e3779b1) >>> 22;
  const cached = ipv4Texts[slot] as string;
  if (ipv4Keys[slot] === key && cached !== '') return cached;
  const text = OCTET[a] + '.' + OCTET[b] + '.' + OCTET[c] + '.' + OCTET[d];
  ipv4Keys[slot] = key;
  ipv4Texts[slot] = text;
  return text;
}

/**
 * RFC 5952 text of the 16 bytes at `offset`: lower-case hex, no leading zeros (§4.1), the longest
 * run of two or more zero groups replaced by "::", the first one on a tie (§4.2), and IPv4-mapped
 * addresses (::ffff:0:0/96) in mixed notation "::ffff:192.0.2.1" (§5).
 */
export function formatIpv6(buf: Buffer, offset: number): string {
  checkRange(buf, offset, 16);
  const groups: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  let bestStart = -1;
  let bestLen = 0;
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    const g = u16(buf, offset + 2 * i);
    groups[i] = g;
    if (g !== 0) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = i;
    const runLen = i - runStart + 1;
    if (runLen > bestLen) {
      bestStart = runStart;
      bestLen = runLen;
    }
  }
  if (bestStart === 0 && bestLen === 5 && groups[5] === 0xffff) {
    return '::ffff:' + formatIpv4(buf, offset + 12);
  }
  // RFC 5952 §4.2.2: a single zero group is not shortened.
  if (bestLen < 2) return groups.map(hex).join(':');
  return (
    groups.slice(0, bestStart).map(hex).join(':') +
    '::' +
    groups
      .slice(bestStart + bestLen)
      .map(hex)
      .join(':')
  );
}

/** One check per address instead of Buffer's check per byte (see bytes.ts). */
function checkRange(buf: Buffer, offset: number, length: number): void {
  if (!(offset >= 0 && offset + length <= buf.length)) {
    throw new RangeError(`${length}-byte address at offset ${offset} is outside a ${buf.length}-byte buffer`);
  }
}

function hex(group: number): string {
  return group.toString(16);
}

const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * Binary form of an address in text form: 4 bytes for dotted IPv4, 16 bytes for IPv6 (RFC 4291
 * §2.2: "::" compression, an embedded dotted IPv4 tail, any case). Octets with leading zeros are
 * rejected (inet_pton does the same, they could be read as octal) and so are zone ids ("%eth0"),
 * which HEP cannot carry. Throws HepEncodeError (reason `bad_ip`).
 */
export function parseIp(text: string): Buffer {
  const out = text.includes(':') ? parseIpv6(text) : parseIpv4(text);
  if (out === undefined)
    throw new HepEncodeError('bad_ip', `not an IPv4 or IPv6 address: ${JSON.stringify(text)}`);
  return out;
}

function parseIpv4(text: string): Buffer | undefined {
  const out = Buffer.alloc(4);
  return writeIpv4(text, out, 0) ? out : undefined;
}

function writeIpv4(text: string, out: Buffer, offset: number): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    if (!DECIMAL_OCTET.test(part)) return false;
    const value = Number(part);
    if (value > 255) return false;
    out[offset + i] = value;
  }
  return true;
}

function parseIpv6(text: string): Buffer | undefined {
  const gap = text.indexOf('::');
  if (gap !== -1 && text.indexOf('::', gap + 1) !== -1) return undefined;
  const headText = gap === -1 ? text : text.slice(0, gap);
  const tailText = gap === -1 ? '' : text.slice(gap + 2);
  const head = headText === '' ? [] : headText.split(':');
  const tail = tailText === '' ? [] : tailText.split(':');
  // Only the last group of the whole address may be a dotted IPv4 (RFC 4291 §2.2 form 3).
  const last = tail.length > 0 ? tail : gap === -1 ? head : undefined;
  const v4 = last !== undefined && (last[last.length - 1] ?? '').includes('.') ? last.pop() : undefined;
  const groupCount = head.length + tail.length + (v4 === undefined ? 0 : 2);
  if (gap === -1 ? groupCount !== 8 : groupCount > 7) return undefined;

  const out = Buffer.alloc(16);
  if (!writeGroups(head, out, 0)) return undefined;
  const tailOffset = 16 - 2 * (tail.length + (v4 === undefined ? 0 : 2));
  if (!writeGroups(tail, out, tailOffset)) return undefined;
  if (v4 !== undefined && !writeIpv4(v4, out, 12)) return undefined;
  return out;
}

function writeGroups(groups: readonly string[], out: Buffer, offset: number): boolean {
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i] ?? '';
    if (!HEX_GROUP.test(group)) return false;
    out.writeUInt16BE(parseInt(group, 16), offset + 2 * i);
  }
  return true;
}
