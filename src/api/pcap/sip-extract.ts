import { readCaptureFile, type CaptureFileInfo } from './capture-file.js';
import { ipPacketOf } from './link-layer.js';
import { NetworkLayer, type IpDatagram } from './network-layer.js';
import { isSipStart } from './sip-framing.js';
import { TcpDirection } from './tcp-stream.js';

/** One SIP message found in a capture file, with the addressing HEP would carry. */
export interface CapturedSip {
  readonly timeUs: number;
  /** 2 (IPv4) or 10 (IPv6), as HEP's ip family. */
  readonly ipFamily: 2 | 10;
  /** 17 UDP, 6 TCP (also WebSocket over TCP), 132 SCTP. */
  readonly ipProtocol: 6 | 17 | 132;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Buffer;
}

export interface SipExtraction {
  readonly format: CaptureFileInfo['format'];
  readonly messages: CapturedSip[];
  /** Frames in the file. */
  readonly frames: number;
  /** Frames that carried no SIP: other protocols, RTP/RTCP, bare TCP ACKs, non-SIP UDP ... */
  readonly ignoredFrames: number;
  /** The file ended inside a record; frames before it were read. */
  readonly truncated: boolean;
}

/** Open TCP directions kept at once; the least recently created go first past this. */
const MAX_TCP_DIRECTIONS = 10_000;
const SCTP_DATA = 0;

function addressing(datagram: IpDatagram, transport: Buffer) {
  return {
    ipFamily: datagram.family === 4 ? (2 as const) : (10 as const),
    srcIp: datagram.srcIp,
    dstIp: datagram.dstIp,
    srcPort: transport.readUInt16BE(0),
    dstPort: transport.readUInt16BE(2),
  };
}

/**
 * Every SIP message in a pcap or pcapng file, in file order: SIP over UDP (one message per
 * datagram), over TCP (reassembled by sequence number and cut by Content-Length, including SIP over
 * WebSocket) and over SCTP (DATA chunks, fragmented ones put back together). Throws PcapFormatError
 * for a file that is not a readable capture.
 */
export function extractSip(file: Buffer): SipExtraction {
  const { info, frames } = readCaptureFile(file);
  const network = new NetworkLayer();
  const tcp = new Map<string, TcpDirection>();
  const sctpParts = new Map<string, Buffer[]>();
  const messages: CapturedSip[] = [];
  let frameCount = 0;
  let ignored = 0;

  const onUdp = (timeUs: number, datagram: IpDatagram, segment: Buffer): boolean => {
    if (segment.length < 8) return false;
    const length = segment.readUInt16BE(4);
    const payload = segment.subarray(8, length >= 8 && length <= segment.length ? length : segment.length);
    if (!isSipStart(payload)) return false;
    messages.push({
      timeUs,
      ipProtocol: 17,
      ...addressing(datagram, segment),
      payload: Buffer.from(payload),
    });
    return true;
  };

  const onTcp = (timeUs: number, datagram: IpDatagram, segment: Buffer): boolean => {
    if (segment.length < 20) return false;
    const dataOffset = (segment[12]! >> 4) * 4;
    if (dataOffset < 20 || dataOffset > segment.length) return false;
    const flags = segment[13]!;
    const ends = addressing(datagram, segment);
    const key = `${ends.srcIp}|${ends.srcPort}|${ends.dstIp}|${ends.dstPort}`;
    let direction = tcp.get(key);
    if (!direction || (flags & 0x02) !== 0) {
      if (tcp.size >= MAX_TCP_DIRECTIONS) {
        const oldest = tcp.keys().next().value;
        if (oldest !== undefined) tcp.delete(oldest);
      }
      direction = new TcpDirection();
      tcp.set(key, direction);
    }
    const result = direction.push(
      segment.readUInt32BE(4),
      (flags & 0x02) !== 0,
      segment.subarray(dataOffset),
    );
    for (const payload of result.messages) messages.push({ timeUs, ipProtocol: 6, ...ends, payload });
    if (flags & 0x05) tcp.delete(key); // FIN or RST: the next connection on these ports starts afresh
    return result.used;
  };

  const onSctp = (timeUs: number, datagram: IpDatagram, packet: Buffer): boolean => {
    if (packet.length < 12) return false;
    const ends = addressing(datagram, packet);
    let found = false;
    let offset = 12;
    while (offset + 4 <= packet.length) {
      const type = packet[offset]!;
      const chunkFlags = packet[offset + 1]!;
      const length = packet.readUInt16BE(offset + 2);
      if (length < 4 || offset + length > packet.length) break;
      if (type === SCTP_DATA && length >= 16) {
        const data = packet.subarray(offset + 16, offset + length);
        const key = `${ends.srcIp}|${ends.srcPort}|${ends.dstIp}|${ends.dstPort}|${packet.readUInt16BE(offset + 8)}`;
        const begin = (chunkFlags & 0x02) !== 0;
        const end = (chunkFlags & 0x01) !== 0;
        if (begin) sctpParts.set(key, []);
        const parts = sctpParts.get(key);
        if (parts) {
          parts.push(data);
          found = true;
          if (end) {
            sctpParts.delete(key);
            const payload = Buffer.concat(parts);
            if (isSipStart(payload)) messages.push({ timeUs, ipProtocol: 132, ...ends, payload });
          }
        }
      }
      offset += (length + 3) & ~3;
    }
    return found;
  };

  for (const frame of frames) {
    frameCount++;
    const ip = ipPacketOf(frame.linkType, frame.data);
    let used = false;
    for (const datagram of ip ? network.decode(ip) : []) {
      if (datagram.protocol === 17) used = onUdp(frame.timeUs, datagram, datagram.transport) || used;
      else if (datagram.protocol === 6) used = onTcp(frame.timeUs, datagram, datagram.transport) || used;
      else if (datagram.protocol === 132) used = onSctp(frame.timeUs, datagram, datagram.transport) || used;
    }
    if (!used) ignored++;
  }
  return {
    format: info.format,
    messages,
    frames: frameCount,
    ignoredFrames: ignored,
    truncated: info.truncated,
  };
}
