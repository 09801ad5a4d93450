/** libpcap link types the importer understands (https://www.tcpdump.org/linktypes.html). */
export const LINKTYPE = {
  null: 0,
  ethernet: 1,
  raw: 101,
  /** DLT_RAW as some BSDs number it in classic files. */
  rawBsd: 12,
  rawOpenBsd: 14,
  loop: 108,
  linuxSll: 113,
  ipv4: 228,
  ipv6: 229,
  linuxSll2: 276,
} as const;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);

/** An IP packet found inside a frame (its first byte gives the version). */
export type IpPayload = Buffer | undefined;

function byEtherType(type: number, data: Buffer): IpPayload {
  return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6 ? data : undefined;
}

/** The IP packet of an Ethernet II frame, through any number of 802.1Q/802.1ad tags. */
export function ethernetPayload(frame: Buffer): IpPayload {
  let offset = 12;
  if (frame.length < offset + 2) return undefined;
  let type = frame.readUInt16BE(offset);
  while (VLAN_TAGS.has(type)) {
    offset += 4;
    if (frame.length < offset + 2) return undefined;
    type = frame.readUInt16BE(offset);
  }
  return byEtherType(type, frame.subarray(offset + 2));
}

/** BSD loopback: a 4-byte address family, host order for NULL, network order for LOOP. */
function loopbackPayload(frame: Buffer, networkOrder: boolean): IpPayload {
  if (frame.length < 4) return undefined;
  // NULL is in the capturing host's order, which the file does not say: a family fits one byte.
  const family = networkOrder || frame[0] === 0 ? frame.readUInt32BE(0) : frame.readUInt32LE(0);
  // 2 = AF_INET everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux).
  return [2, 10, 24, 28, 30].includes(family) ? frame.subarray(4) : undefined;
}

function rawPayload(frame: Buffer): IpPayload {
  const version = (frame[0] ?? 0) >> 4;
  return version === 4 || version === 6 ? frame : undefined;
}

/** The IP packet inside a frame of the given link type, or undefined (not IP, or a link type we skip). */
export function ipPacketOf(linkType: number, frame: Buffer): IpPayload {
  switch (linkType) {
    case LINKTYPE.ethernet:
      return ethernetPayload(frame);
    case LINKTYPE.null:
      return loopbackPayload(frame, false);
    case LINKTYPE.loop:
      return loopbackPayload(frame, true);
    case LINKTYPE.raw:
    case LINKTYPE.rawBsd:
    case LINKTYPE.rawOpenBsd:
    case LINKTYPE.ipv4:
    case LINKTYPE.ipv6:
      return rawPayload(frame);
    case LINKTYPE.linuxSll:
      return frame.length < 16 ? undefined : byEtherType(frame.readUInt16BE(14), frame.subarray(16));
    case LINKTYPE.linuxSll2:
      return frame.length < 20 ? undefined : byEtherType(frame.readUInt16BE(0), frame.subarray(20));
    default:
      return undefined;
  }
}
