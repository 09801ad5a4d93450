/**
 * A capture file that cannot be read: truncated, not pcap/pcapng, or with a block that contradicts
 * itself. `reason` is a short snake_case code; the message says where and what, for the API reply.
 */
export class PcapFormatError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'PcapFormatError';
  }
}

/** A stored message that cannot be written as a frame (e.g. larger than one UDP datagram holds). */
export class PcapWriteError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'PcapWriteError';
  }
}
