import { createRequire } from 'node:module';

/** The native recvmmsg receiver (native/udp_batch.c, built by `npm install` through node-gyp). */
export interface UdpBatchAddon {
  /** Datagrams per recvmmsg call: the `lengths` array passed to `start` must hold this many. */
  readonly BATCH: number;
  open(
    host: string,
    port: number,
    family: 4 | 6,
    receiveBufferBytes: number,
  ): { handle: unknown; port: number; receiveBuffer: number };
  /**
   * `onBatch(buffer, count)`: `count` datagrams packed back to back in `buffer`, their lengths in
   * `lengths[0..count)` (valid only during the call).
   */
  start(handle: unknown, onBatch: (buffer: Buffer, count: number) => void, lengths: Int32Array): void;
  stats(handle: unknown): { truncated: number; errors: number };
  close(handle: unknown): void;
}

export type AddonLoad = { readonly addon: UdpBatchAddon } | { readonly error: string };

// src/pipeline/sources and dist/pipeline/sources are both three levels below the package root.
const ADDON_PATH = '../../../build/Release/udp_batch.node';

let loaded: AddonLoad | undefined;

/** Loads the addon once; the error says why it is not usable (not built, other platform, ...). */
export function loadUdpBatchAddon(): AddonLoad {
  if (loaded) return loaded;
  if (process.platform !== 'linux') {
    loaded = { error: `recvmmsg receive is Linux-only (platform ${process.platform})` };
    return loaded;
  }
  try {
    const require = createRequire(import.meta.url);
    loaded = { addon: require(ADDON_PATH) as UdpBatchAddon };
  } catch (err) {
    loaded = {
      error: `native UDP receiver not built (npm install builds it with node-gyp): ${(err as Error).message.split('\n')[0] ?? ''}`,
    };
  }
  return loaded;
}
