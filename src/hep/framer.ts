import { HEP3_HEADER_LENGTH, isHep3Magic } from './decode.js';
import { HepDecodeError } from './errors.js';

/**
 * Cuts a TCP or TLS byte stream into HEP3 packets. The stream is HEP3 packets back to back with
 * no other framing: each frame's length is the u16 total length at offset 4 (reference/hep.md
 * §1.8). HEPv1/v2 carry no length and cannot be framed on a stream.
 *
 * There is no way to find the next frame after garbage, so on a bad magic or a length below 6 the
 * framer throws HepDecodeError (reason `stream_desync`) and stays failed: the caller must close the
 * connection, as heplify-server (server/tcp.go) does. Unlike heplify-server it accepts frames up
 * to 65535 bytes (the field's range), not only up to 65507 (a UDP limit that TCP does not have).
 *
 * Frames lying entirely within one pushed chunk are zero-copy views of it; frames split across
 * chunks are assembled into a fresh Buffer. The framer never writes to any buffer, so frames stay
 * valid as long as the caller does not reuse the chunks it pushes (Node sockets hand out a fresh
 * Buffer per read; a source using `onread` with a static buffer must copy before pushing).
 *
 * Pending bytes are bounded: at most one incomplete frame (< 65535 bytes) is kept between pushes,
 * as a list of parts concatenated once, when the frame completes (no quadratic re-copying).
 */
export class HepStreamFramer {
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** Length of the incomplete frame in `parts`, 0 while its 6-byte header is not complete. */
  private frameLength = 0;
  /** Stream bytes pushed before the current chunk, to say where a desync happened. */
  private received = 0;
  private failed: HepDecodeError | undefined;

  /** Bytes held for an incomplete frame (for a gauge, or to report a truncated stream at close). */
  get pendingBytes(): number {
    return this.partsLength;
  }

  /** Returns the frames completed by `chunk`, in stream order; throws HepDecodeError on desync. */
  push(chunk: Buffer): Buffer[] {
    if (this.failed !== undefined) throw this.failed;
    try {
      const frames = this.pushChunk(chunk);
      this.received += chunk.length;
      return frames;
    } catch (error) {
      if (error instanceof HepDecodeError) {
        this.failed = error;
        this.parts = [];
        this.partsLength = 0;
      }
      throw error;
    }
  }

  private pushChunk(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    const n = chunk.length;
    let off = 0;

    if (this.partsLength > 0) {
      const frameStart = this.received - this.partsLength;
      if (this.frameLength === 0) {
        const missingHeader = HEP3_HEADER_LENGTH - this.partsLength;
        if (n < missingHeader) {
          this.parts.push(chunk);
          this.partsLength += n;
          checkPartialMagic(Buffer.concat(this.parts, this.partsLength), 0, this.partsLength, frameStart);
          return frames;
        }
        const header = Buffer.concat([...this.parts, chunk.subarray(0, missingHeader)], HEP3_HEADER_LENGTH);
        this.frameLength = readFrameLength(header, 0, frameStart);
      }
      const missing = this.frameLength - this.partsLength;
      if (n < missing) {
        this.parts.push(chunk);
        this.partsLength += n;
        return frames;
      }
      this.parts.push(chunk.subarray(0, missing));
      frames.push(Buffer.concat(this.parts, this.frameLength));
      this.parts = [];
      this.partsLength = 0;
      this.frameLength = 0;
      off = missing;
    }

    while (n - off >= HEP3_HEADER_LENGTH) {
      const length = readFrameLength(chunk, off, this.received + off);
      if (n - off < length) break;
      frames.push(chunk.subarray(off, off + length));
      off += length;
    }

    if (off < n) {
      const rest = n - off;
      if (rest >= HEP3_HEADER_LENGTH) this.frameLength = chunk.readUInt16BE(off + 4);
      else checkPartialMagic(chunk, off, rest, this.received + off);
      this.parts.push(chunk.subarray(off));
      this.partsLength = rest;
    }
    return frames;
  }
}

function readFrameLength(buf: Buffer, offset: number, position: number): number {
  if (!isHep3Magic(buf, offset)) {
    throw new HepDecodeError(
      'stream_desync',
      `HEP stream lost framing at offset ${position}: 0x${buf.toString('hex', offset, offset + 4)} is not "HEP3"/"EEP3"`,
    );
  }
  const length = buf.readUInt16BE(offset + 4);
  if (length < HEP3_HEADER_LENGTH) {
    throw new HepDecodeError(
      'stream_desync',
      `HEP stream frame at offset ${position} announces ${length} bytes, below the 6-byte header`,
    );
  }
  return length;
}

/** Fails early on a stream whose first bytes already cannot start "HEP3"/"EEP3". */
function checkPartialMagic(buf: Buffer, offset: number, available: number, position: number): void {
  const count = Math.min(available, 4);
  const expected = [-1, 0x45, 0x50, 0x33];
  for (let i = 0; i < count; i++) {
    const byte = buf[offset + i];
    const ok = i === 0 ? byte === 0x48 || byte === 0x45 : byte === expected[i];
    if (!ok) {
      throw new HepDecodeError(
        'stream_desync',
        `HEP stream lost framing at offset ${position}: 0x${buf.toString('hex', offset, offset + count)} cannot start "HEP3"/"EEP3"`,
      );
    }
  }
}
