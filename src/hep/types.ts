/** A chunk the codec does not interpret (vendor chunk, or a generic type it does not know). */
export interface HepRawChunk {
  readonly vendor: number;
  readonly type: number;
  readonly value: Buffer;
}

/**
 * The optional HEP3 chunks (0x000d, 0x000e, 0x0011 to 0x0029): absent from a decoded packet when the
 * sender did not send the chunk, written by the encoder only when defined.
 */
export interface HepOptionalChunks {
  /** 0x000d keep-alive timer, seconds. */
  readonly keepAlive?: number;
  /** 0x000e authentication key (plain text). */
  readonly authKey?: string;
  /** 0x0011 correlation id. */
  readonly correlationId?: string;
  /** 0x0012 VLAN id. */
  readonly vlan?: number;
  /** 0x0013 capture agent name. */
  readonly nodeName?: string;
  /** 0x0014/0x0015 MAC addresses as 64-bit values. */
  readonly srcMac?: bigint;
  readonly dstMac?: bigint;
  /** 0x0016 Ethernet type. */
  readonly ethType?: number;
  /** 0x0017 TCP flags. */
  readonly tcpFlags?: number;
  /** 0x0018 IP TOS. */
  readonly ipTos?: number;
  /** 0x0020 MOS x100. */
  readonly mos?: number;
  /** 0x0021 R-factor. */
  readonly rFactor?: number;
  /** 0x0022 GEO location. */
  readonly geoLocation?: string;
  /** 0x0023 jitter. */
  readonly jitter?: number;
  /** 0x0024 transaction type ("call", "registration"). */
  readonly transactionType?: string;
  /** 0x0025 payload JSON keys. */
  readonly payloadJsonKeys?: string;
  /** 0x0026 tags' values. */
  readonly tagsValues?: string;
  /** 0x0027 type of tag. */
  readonly tagType?: number;
  /** 0x0028 event type. */
  readonly eventType?: number;
  /** 0x0029 group id. */
  readonly groupId?: string;
}

/**
 * One decoded HEP packet, whatever its version. Field names follow the HEP3 spec (rev. 37, §1.3 of
 * reference/hep.md); optional fields are absent when the sender did not send the chunk.
 */
export interface HepPacket extends HepOptionalChunks {
  readonly version: 1 | 2 | 3;
  /** 0x0001: 2 = IPv4, 10 = IPv6 (Linux AF_ values). */
  readonly ipFamily: number;
  /** 0x0002: IP protocol id (17 UDP, 6 TCP, 132 SCTP, 22 Kamailio's TLS/WS placeholder). */
  readonly ipProtocol: number;
  /** 0x0003/0x0005 source address, text form (dotted IPv4 or RFC 5952 IPv6). */
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** 0x0009 seconds and 0x000a microseconds; both 0 when the sender sent none (v1). */
  readonly timeSeconds: number;
  readonly timeUseconds: number;
  /** 0x000b protocol type: 1 SIP, 5 RTCP, 100 log, ... (v1/v2 are always SIP = 1). */
  readonly protoType: number;
  /** 0x000c capture agent id. */
  readonly captureId: number;
  /** 0x000f payload, or the inflated 0x0010 compressed payload. A view into the input when possible. */
  readonly payload: Buffer;
  /** True when the payload came from chunk 0x0010 (zlib). */
  readonly compressed?: boolean;
  /** Vendor chunks and generic chunks this codec does not know, kept in arrival order. */
  readonly extraChunks: readonly HepRawChunk[];
}
