import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { loadUdpBatchAddon } from '../../../src/pipeline/sources/udp-batch-addon.js';
import { startUdpSource, type UdpSource } from '../../../src/pipeline/sources/udp.js';
import type { FrameSink, Transport } from '../../../src/pipeline/transport.js';
import { createLogger } from '../../../src/telemetry/logger.js';
import { createMetrics } from '../../../src/telemetry/metrics.js';
import { sendUdp } from '../../helpers/net.js';
import { waitFor } from '../../helpers/wait.js';

/** Keeps every frame (as sinks that forward or tail may): the bytes must stay intact afterwards. */
class KeepingSink implements FrameSink {
  readonly frames: Buffer[] = [];
  readonly saturated = false;
  accept(frame: Buffer, transport: Transport): boolean {
    expect(transport).toBe('udp');
    this.frames.push(frame);
    return true;
  }
}

/** Distinct contents per datagram: index in the first 4 bytes, then a pattern from the index. */
function datagram(index: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (index * 31 + i * 7) & 0xff;
  if (size >= 4) b.writeUInt32BE(index, 0);
  return b;
}

const logger = createLogger('silent');
const built = loadUdpBatchAddon();
// CI builds the addon (npm ci runs node-gyp): there it must load, so a broken build fails here.
const requireAddon = process.env['CI'] !== undefined && process.platform === 'linux';

describe('UDP receive', () => {
  let source: UdpSource | undefined;
  afterEach(async () => {
    await source?.close();
    source = undefined;
  });

  it('loads the native recvmmsg receiver where it is required', () => {
    if (requireAddon) expect('addon' in built ? 'loaded' : built.error).toBe('loaded');
  });

  const modes = (['dgram', 'recvmmsg'] as const).filter((m) => m === 'dgram' || 'addon' in built);
  describe.each(modes)('%s', (mode) => {
    it('delivers every datagram whole and in order, from 1 byte to the IPv4 maximum, frames kept intact', async () => {
      const sink = new KeepingSink();
      source = await startUdpSource({ host: '127.0.0.1', port: 0 }, sink, {
        receiveBufferBytes: 8 * 1024 * 1024,
        receiveMode: mode,
        logger,
        metrics: createMetrics(),
      });
      expect(source.receiver).toBe(mode);
      const sizes = [1, 2, 3, 17, 900, 1400, 1500, 9000, 65_507];
      // More than one recvmmsg batch (64): 300 datagrams sent without waiting between them.
      const packets = Array.from({ length: 300 }, (_, i) => datagram(i, sizes[i % sizes.length] as number));
      const socket = createSocket('udp4');
      await Promise.all(
        packets.map(
          (p) =>
            new Promise<void>((resolve, reject) =>
              socket.send(p, source!.address.port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
            ),
        ),
      );
      socket.close();
      await waitFor(() => (sink.frames.length === packets.length ? true : undefined), {
        what: `${packets.length} datagrams (have ${sink.frames.length})`,
        timeoutMs: 10_000,
      });
      sink.frames.forEach((frame, i) => expect(frame.equals(packets[i] as Buffer)).toBe(true));
    });

    it('receives on IPv6 and stops receiving once closed, freeing the port', async () => {
      const sink = new KeepingSink();
      const options = { receiveBufferBytes: 0, receiveMode: mode, logger, metrics: createMetrics() };
      source = await startUdpSource({ host: '::1', port: 0 }, sink, options);
      const port = source.address.port;
      await sendUdp('::1', port, [datagram(1, 100)]);
      await waitFor(() => (sink.frames.length === 1 ? true : undefined), { what: 'one datagram' });
      await source.close();
      source = undefined;
      await sendUdp('::1', port, [datagram(2, 100)]).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(sink.frames).toHaveLength(1);
      // The same port binds again: the first socket is really closed.
      source = await startUdpSource({ host: '::1', port }, sink, options);
      expect(source.address.port).toBe(port);
    });
  });

  it.runIf('addon' in built)(
    'refuses recvmmsg for a host name with a clear error (auto falls back to dgram)',
    async () => {
      const options = { receiveBufferBytes: 0, logger, metrics: createMetrics() };
      await expect(
        startUdpSource({ host: 'localhost', port: 0 }, new KeepingSink(), {
          ...options,
          receiveMode: 'recvmmsg',
        }),
      ).rejects.toThrow(/HOMER_UDP_RECEIVE=recvmmsg: localhost is not a numeric address/);
      source = await startUdpSource({ host: 'localhost', port: 0 }, new KeepingSink(), {
        ...options,
        receiveMode: 'auto',
      });
      expect(source.receiver).toBe('dgram');
    },
  );
});
