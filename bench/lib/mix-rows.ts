import type { CaptureRow } from '../../src/pipeline/row.js';
import { decodeHep } from '../../src/hep/index.js';
import { benchDecoder } from './decode-mix.js';
import { NO_PATCH, encodeMessage } from './packet-file.js';
import { CALLID_SLOT_CHARS, generateSipMix } from './sip-mix.js';

/**
 * The rows the ingest benchmark's traffic turns into, pre-built: the same SIP mix (calls,
 * registrations, OPTIONS; same generator and seed as the packet file), with each pass's Call-IDs
 * made unique the way the C sender does it, timestamps spread over the last `spanSeconds`, and
 * decoded by the server's own decoder. This is what "the same pre-built rows" of issue 2's store
 * ceiling means: the ceiling then inserts exactly what ingest stores, into the same tables.
 */
export function buildMixRows(
  count: number,
  runTag: number,
  calls = 5000,
  seed = 7060,
  spanSeconds = 240,
): CaptureRow[] {
  const messages = generateSipMix({ calls, seed });
  const nowSeconds = Math.floor(Date.now() / 1000);
  const packets = messages.map((m) => encodeMessage(m, nowSeconds));
  const decode = benchDecoder();
  const ctx = { arrivalSeconds: nowSeconds, arrivalUseconds: 0 };
  const rows = new Array<CaptureRow>(count);
  const startUs = (nowSeconds - spanSeconds) * 1e6;
  for (let i = 0; i < count; i++) {
    const p = packets[i % packets.length];
    if (!p) throw new Error('empty SIP mix');
    const pass = Math.floor(i / packets.length);
    const datagram = Buffer.from(p.datagram);
    if (p.callIdSlotOffset !== NO_PATCH) {
      // Slot layout as the sender's: 4 hex digits of "step", 8 of "cycle"; ffff never comes from it.
      const slot = `ffff${((runTag + pass) >>> 0).toString(16).padStart(8, '0').slice(-8)}`;
      datagram.write(slot.slice(0, CALLID_SLOT_CHARS), p.callIdSlotOffset, 'latin1');
    }
    const us = startUs + Math.floor((i / count) * spanSeconds * 1e6);
    if (p.timeSecOffset !== NO_PATCH) datagram.writeUInt32BE(Math.floor(us / 1e6), p.timeSecOffset);
    if (p.timeUsecOffset !== NO_PATCH) datagram.writeUInt32BE(us % 1e6, p.timeUsecOffset);
    rows[i] = decode(decodeHep(datagram), ctx).row;
  }
  return rows;
}
