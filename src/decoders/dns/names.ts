/** DNS mnemonics (IANA "Domain Name System (DNS) Parameters"). Unknown values print as `TYPE123`. */

const TYPES: Readonly<Record<number, string>> = Object.freeze({
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  13: 'HINFO',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  29: 'LOC',
  33: 'SRV',
  35: 'NAPTR',
  39: 'DNAME',
  41: 'OPT',
  43: 'DS',
  46: 'RRSIG',
  47: 'NSEC',
  48: 'DNSKEY',
  50: 'NSEC3',
  52: 'TLSA',
  64: 'SVCB',
  65: 'HTTPS',
  99: 'SPF',
  251: 'IXFR',
  252: 'AXFR',
  255: 'ANY',
  257: 'CAA',
});

const CLASSES: Readonly<Record<number, string>> = Object.freeze({
  1: 'IN',
  3: 'CH',
  4: 'HS',
  254: 'NONE',
  255: 'ANY',
});

const OPCODES: Readonly<Record<number, string>> = Object.freeze({
  0: 'QUERY',
  1: 'IQUERY',
  2: 'STATUS',
  4: 'NOTIFY',
  5: 'UPDATE',
  6: 'DSO',
});

const RCODES: Readonly<Record<number, string>> = Object.freeze({
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
});

/** RFC 3597 §5 presentation of unknown types and classes. */
export function dnsTypeName(type: number): string {
  return TYPES[type] ?? `TYPE${type}`;
}

export function dnsClassName(cls: number): string {
  return CLASSES[cls] ?? `CLASS${cls}`;
}

export function dnsOpcodeName(opcode: number): string {
  return OPCODES[opcode] ?? String(opcode);
}

export function dnsRcodeName(rcode: number): string {
  return RCODES[rcode] ?? String(rcode);
}
