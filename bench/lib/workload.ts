import { describeMix, generateSipMix } from './sip-mix.js';
import { encodeMessage, writePacketFile, type EncodedPacket } from './packet-file.js';

export interface Workload {
  readonly file: string;
  readonly packets: readonly EncodedPacket[];
  readonly fileBytes: number;
  readonly mix: ReturnType<typeof describeMix>;
  /** Mean HEP datagram size in bytes (SIP + ~110 bytes of HEP3 chunks). */
  readonly meanDatagramBytes: number;
}

/**
 * Builds the packet file the sender cycles through. 5 000 calls give ~46 000 distinct datagrams
 * (~40 MB): big enough that consecutive cycles do not sit in one CPU cache, small enough to build in
 * about a second. The sender makes each cycle's Call-IDs unique, so the file size does not bound the
 * run length.
 */
export function buildWorkload(file: string, calls = 5000, seed = 7060): Workload {
  const messages = generateSipMix({ calls, seed });
  const now = Math.floor(Date.now() / 1000);
  const packets = messages.map((m) => encodeMessage(m, now));
  const { bytes } = writePacketFile(file, packets);
  const total = packets.reduce((n, p) => n + p.datagram.length, 0);
  return {
    file,
    packets,
    fileBytes: bytes,
    mix: describeMix(messages),
    meanDatagramBytes: total / packets.length,
  };
}
