/**
 * heplify-server's names for HEP protocol types (its `ProtoString`, capture-servers.md §1.2), used
 * in the `proto` key of non-SIP data_header. Types not listed use their decimal number.
 */
export const PROTO_NAMES: Readonly<Record<number, string>> = Object.freeze({
  1: 'sip',
  5: 'rtcp',
  34: 'rtpagent',
  35: 'rtcpxr',
  38: 'horaclifix',
  53: 'dns',
  100: 'log',
});

/** The `proto` name of a HEP protocol type (0x000b). */
export function protoName(protoType: number): string {
  return PROTO_NAMES[protoType] ?? String(protoType);
}
