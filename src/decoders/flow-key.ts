/**
 * A stable session id for packets that carry none (no HEP correlation id 0x0011, no Call-ID):
 * the two endpoints in sorted order, so both directions of a flow share one `sid`.
 * IPv6 addresses are bracketed (RFC 3986 §3.2.2) so the port separator stays unambiguous.
 */
export function flowKey(srcIp: string, srcPort: number, dstIp: string, dstPort: number): string {
  const a = endpoint(srcIp, srcPort);
  const b = endpoint(dstIp, dstPort);
  const srcFirst = srcIp < dstIp || (srcIp === dstIp && srcPort <= dstPort);
  return srcFirst ? a + '-' + b : b + '-' + a;
}

/** The flow key of a packet's two endpoints. */
export function packetFlowKey(packet: {
  readonly srcIp: string;
  readonly srcPort: number;
  readonly dstIp: string;
  readonly dstPort: number;
}): string {
  return flowKey(packet.srcIp, packet.srcPort, packet.dstIp, packet.dstPort);
}

function endpoint(ip: string, port: number): string {
  return ip.includes(':') ? '[' + ip + ']:' + port : ip + ':' + port;
}
