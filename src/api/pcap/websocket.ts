/** One complete WebSocket frame at the start of a buffer. */
export interface WebSocketFrame {
  readonly fin: boolean;
  readonly opcode: number;
  /** Unmasked payload. */
  readonly payload: Buffer;
  /** Bytes the frame takes in the buffer. */
  readonly length: number;
}

export const WS_OPCODE = { continuation: 0, text: 1, binary: 2, close: 8 } as const;
/** SIP over WebSocket messages are small; a larger announced length means a stream we misread. */
const MAX_WS_PAYLOAD = 16 * 1024 * 1024;

/**
 * Parses the frame at the start of `data` (RFC 6455 §5.2): undefined while incomplete, 'invalid'
 * for reserved opcodes or absurd lengths.
 */
export function parseWebSocketFrame(data: Buffer): WebSocketFrame | 'invalid' | undefined {
  if (data.length < 2) return undefined;
  const fin = (data[0]! & 0x80) !== 0;
  const opcode = data[0]! & 0x0f;
  if ((opcode > 2 && opcode < 8) || opcode > 10) return 'invalid';
  const masked = (data[1]! & 0x80) !== 0;
  let length = data[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    const big = data.readBigUInt64BE(2);
    if (big > BigInt(MAX_WS_PAYLOAD)) return 'invalid';
    length = Number(big);
    offset = 10;
  }
  if (length > MAX_WS_PAYLOAD) return 'invalid';
  const keyAt = offset;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= data[keyAt + (i & 3)]!;
  return { fin, opcode, payload, length: offset + length };
}
