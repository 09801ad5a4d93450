import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHep3 } from '../../../src/hep/index.js';
import { startTestHomer, type TestHomer } from '../../helpers/homer.js';
import { waitFor } from '../../helpers/wait.js';
import { invite } from './messages.js';

describe.skipIf(process.platform !== 'linux')('UDP receive buffer overflow', () => {
  let homer: TestHomer;

  beforeAll(async () => {
    // A tiny receive buffer, so a burst overflows it in the kernel before Node reads it.
    homer = await startTestHomer('pglite', {
      HOMER_UDP_RCVBUF: '4096',
      HOMER_HEP_TCP: '',
      HOMER_HEP_TLS: '',
    });
  });

  afterAll(async () => {
    await homer?.stop();
  });

  it('counts datagrams the kernel dropped as homer_dropped_total{reason="udp_socket_overflow"}', async () => {
    const port = homer.capture.udp!.address.port;
    const now = Math.floor(Date.now() / 1000);
    const total = 2000;
    const socket = createSocket('udp4');
    // Fire-and-forget in one tick: the receiver cannot read while we send, so the buffer overflows.
    for (let i = 0; i < total; i++) {
      const packet = encodeHep3({
        srcIp: '10.7.0.1',
        dstIp: '10.7.0.2',
        srcPort: 5060,
        dstPort: 5060,
        timeSeconds: now,
        timeUseconds: i,
        payload: invite(`overflow-${i}@example.com`),
      });
      socket.send(packet, port, '127.0.0.1');
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 500));
    socket.close();
    const counted = async (): Promise<{ dropped: number; received: number } | undefined> => {
      const text = await (await fetch(`http://127.0.0.1:${homer.homer.http!.port}/metrics`)).text();
      const dropped = Number(
        /homer_dropped_total\{reason="udp_socket_overflow"\} (\d+)/.exec(text)?.[1] ?? 0,
      );
      const received = Number(/homer_received_packets_total\{transport="udp"\} (\d+)/.exec(text)?.[1] ?? 0);
      return dropped > 0 && dropped + received === total ? { dropped, received } : undefined;
    };
    const { dropped, received } = await waitFor(counted, {
      what: 'kernel drops on /metrics',
      timeoutMs: 10_000,
    });
    expect(dropped).toBeGreaterThan(0);
    expect(received).toBeLessThan(total);
  });
});
