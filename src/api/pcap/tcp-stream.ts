import {
  findSipStart,
  isSipStart,
  keepAliveLength,
  MAX_SIP_HEADERS,
  sipMessageLength,
} from './sip-framing.js';
import { parseWebSocketFrame, WS_OPCODE } from './websocket.js';

/** Out-of-order bytes kept per direction while waiting for a gap to fill; past it the gap is skipped. */
const MAX_OUT_OF_ORDER = 1024 * 1024;
const HTTP_START = /^(?:GET |HTTP\/1\.[01] )/;
const WEBSOCKET_UPGRADE = /^upgrade[ \t]*:[ \t]*websocket/im;

type Mode = 'sip' | 'websocket' | 'closed';

/**
 * One direction of a TCP connection: puts segments back in sequence order (dropping retransmitted
 * bytes, holding early ones), then cuts the byte stream into SIP messages by Content-Length — several
 * per segment or one over many — or, after an HTTP Upgrade to WebSocket (RFC 7118), into the SIP
 * messages carried in WebSocket frames. A stream joined mid-message resynchronises at the next SIP
 * start line; bytes that are not SIP are dropped.
 */
export class TcpDirection {
  private nextSeq: number | undefined;
  private readonly early = new Map<number, Buffer>();
  private earlyBytes = 0;
  private buffer: Buffer = Buffer.alloc(0);
  private mode: Mode = 'sip';
  private wsParts: Buffer[] = [];

  /**
   * Feeds one segment; returns the SIP messages it completed and whether its bytes were used
   * (SIP or WebSocket framing, a message in progress) rather than dropped as not SIP.
   */
  push(seq: number, syn: boolean, data: Buffer): { messages: Buffer[]; used: boolean } {
    if (syn) this.nextSeq = (seq + 1) >>> 0;
    if (data.length === 0 || this.mode === 'closed') return { messages: [], used: false };
    if (this.nextSeq === undefined) this.nextSeq = seq;
    this.accept(seq, data);
    const messages = this.drain();
    return { messages, used: messages.length > 0 || this.buffer.length > 0 };
  }

  private accept(seq: number, data: Buffer): void {
    const next = this.nextSeq!;
    const delta = (seq - next) | 0;
    if (delta > 0) {
      // A later segment: hold it until the gap fills; if too much piles up the gap is lost for good.
      if (!this.early.has(seq)) {
        this.early.set(seq, data);
        this.earlyBytes += data.length;
      }
      if (this.earlyBytes > MAX_OUT_OF_ORDER) this.skipGap();
      return;
    }
    if (-delta >= data.length) return; // a retransmission of bytes already taken
    this.append(data.subarray(-delta));
    this.takeEarly();
  }

  private append(data: Buffer): void {
    this.buffer = this.buffer.length === 0 ? Buffer.from(data) : Buffer.concat([this.buffer, data]);
    this.nextSeq = (this.nextSeq! + data.length) >>> 0;
  }

  /** Appends held segments that now follow on. */
  private takeEarly(): void {
    let progressed = true;
    while (progressed && this.early.size > 0) {
      progressed = false;
      for (const [seq, data] of this.early) {
        const delta = (seq - this.nextSeq!) | 0;
        if (delta > 0) continue;
        this.early.delete(seq);
        this.earlyBytes -= data.length;
        if (-delta < data.length) this.append(data.subarray(-delta));
        progressed = true;
      }
    }
  }

  /** Gives up on missing bytes: restarts at the earliest held segment, discarding the partial message. */
  private skipGap(): void {
    let earliest: number | undefined;
    for (const seq of this.early.keys()) {
      if (earliest === undefined || ((seq - earliest) | 0) < 0) earliest = seq;
    }
    if (earliest === undefined) return;
    this.buffer = Buffer.alloc(0);
    this.wsParts = [];
    this.nextSeq = earliest;
    this.takeEarly();
  }

  private drain(): Buffer[] {
    const messages: Buffer[] = [];
    for (;;) {
      if (this.mode === 'websocket') {
        if (!this.drainWebSocket(messages)) break;
        continue;
      }
      if (this.mode === 'closed') break;
      const skip = keepAliveLength(this.buffer);
      if (skip > 0) this.buffer = this.buffer.subarray(skip);
      if (this.buffer.length === 0) break;
      if (HTTP_START.test(this.buffer.toString('latin1', 0, 16))) {
        if (!this.takeHttpHeader()) break;
        continue;
      }
      if (!isSipStart(this.buffer)) {
        if (this.buffer.indexOf('\n') < 0 && this.buffer.length < 4096) break; // start line still arriving
        const at = findSipStart(this.buffer);
        this.buffer = at < 0 ? Buffer.alloc(0) : this.buffer.subarray(at);
        if (at < 0) break;
        continue;
      }
      const length = sipMessageLength(this.buffer);
      if (length === 'incomplete') {
        if (this.buffer.indexOf('\r\n\r\n') < 0 && this.buffer.length > MAX_SIP_HEADERS)
          this.buffer = Buffer.alloc(0);
        break;
      }
      messages.push(Buffer.from(this.buffer.subarray(0, length)));
      this.buffer = this.buffer.subarray(length);
    }
    return messages;
  }

  /** An HTTP request or response header: an Upgrade to WebSocket switches the stream to frames. */
  private takeHttpHeader(): boolean {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.buffer.length > MAX_SIP_HEADERS) this.buffer = Buffer.alloc(0);
      return false;
    }
    const header = this.buffer.toString('latin1', 0, end);
    this.buffer = this.buffer.subarray(end + 4);
    if (WEBSOCKET_UPGRADE.test(header)) this.mode = 'websocket';
    return true;
  }

  private drainWebSocket(messages: Buffer[]): boolean {
    const frame = parseWebSocketFrame(this.buffer);
    if (frame === undefined) return false;
    if (frame === 'invalid') {
      this.mode = 'closed';
      this.buffer = Buffer.alloc(0);
      return false;
    }
    this.buffer = this.buffer.subarray(frame.length);
    if (frame.opcode === WS_OPCODE.close) {
      this.mode = 'closed';
      return false;
    }
    if (frame.opcode > WS_OPCODE.binary) return true; // ping / pong
    this.wsParts.push(frame.payload);
    if (frame.fin) {
      const message = Buffer.concat(this.wsParts);
      this.wsParts = [];
      if (isSipStart(message)) messages.push(message);
    }
    return true;
  }
}
