/**
 * Big-endian reads without Buffer's per-call bounds checks (readUInt16BE and friends check for
 * `undefined` on every byte; on the decode hot path that costs about a third of the time). Callers
 * must have checked that the bytes exist: an out-of-range read would yield NaN, not throw.
 */
export function u8(buf: Buffer, offset: number): number {
  return buf[offset]!;
}

export function u16(buf: Buffer, offset: number): number {
  return (buf[offset]! << 8) | buf[offset + 1]!;
}

export function u32(buf: Buffer, offset: number): number {
  // Multiply the top byte instead of shifting it: `<< 24` would make values >= 2^31 negative.
  return buf[offset]! * 0x1000000 + ((buf[offset + 1]! << 16) | (buf[offset + 2]! << 8) | buf[offset + 3]!);
}
