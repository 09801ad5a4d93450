import { DEFAULT_SIP_HEADERS } from '../../src/decoders/defaults.js';
import { createDecoderRegistry, type DecoderRegistry } from '../../src/decoders/registry.js';
import { decodeHep } from '../../src/hep/index.js';
import type { EncodedPacket } from './packet-file.js';

/** The server's decoder with the default configuration (no custom headers, no A-leg ids). */
export function benchDecoder(): DecoderRegistry['decode'] {
  const registry = createDecoderRegistry({
    sip: { sipHeaders: DEFAULT_SIP_HEADERS, customHeaders: [], alegIds: [], forceALegId: false },
  });
  return (packet, ctx) => registry.decode(packet, ctx);
}

export interface DecodeMixResult {
  /** Median msgs/s for datagram bytes → HepPacket → CaptureRow (strings flattened), one core. */
  readonly msgsPerSec: number;
  readonly runs: readonly number[];
  /** Rows per table for one pass over the file: what the database should receive, in proportion. */
  readonly rowsByTable: Record<string, number>;
  readonly parseErrors: number;
}

/**
 * The decode half of the targets, on the benchmark's own mix (calls, registrations,
 * OPTIONS) rather than INVITEs only: the same work the server's hot path does per datagram, minus
 * the socket and the metrics. bench/decode.ts measures the INVITE-only case.
 */
export function measureDecodeMix(packets: readonly EncodedPacket[], runs = 5, seconds = 2): DecodeMixResult {
  const registry = { decode: benchDecoder() };
  const ctx = { arrivalSeconds: Math.floor(Date.now() / 1000), arrivalUseconds: 0 };
  const datagrams = packets.map((p) => p.datagram);
  const rowsByTable: Record<string, number> = {};
  let parseErrors = 0;
  for (const d of datagrams) {
    const r = registry.decode(decodeHep(d), ctx);
    const table = `hep_proto_${r.row.hepid}_${r.row.profile}`;
    rowsByTable[table] = (rowsByTable[table] ?? 0) + 1;
    if (r.parseError) parseErrors++;
  }
  let sink = 0;
  const pass = (): number => {
    for (const d of datagrams) {
      const { row } = registry.decode(decodeHep(d), ctx);
      // charCodeAt flattens concatenated strings: the copy the writer pays anyway.
      sink +=
        row.protocolHeader.charCodeAt(1) + row.dataHeader.charCodeAt(1) + row.raw.length + row.sid.length;
    }
    return datagrams.length;
  };
  for (let i = 0; i < 5; i++) pass();
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < seconds * 1000) n += pass();
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  if (sink === 42) rates.push(0);
  const sorted = [...rates].sort((a, b) => a - b);
  return { msgsPerSec: sorted[Math.floor(sorted.length / 2)] ?? 0, runs: rates, rowsByTable, parseErrors };
}
