import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { decodeHep } from '../../src/hep/index.js';
import { runSender, type SenderResult } from './sender.js';
import { sleep } from './net.js';

export interface SenderCheck {
  readonly ok: boolean;
  readonly sender: SenderResult;
  readonly received: number;
  readonly distinctPayloads: number;
  readonly badTimestamps: number;
  readonly badSlots: number;
  readonly problems: readonly string[];
}

/**
 * Self-check of the C sender against a trivial UDP counter in this process: every datagram the
 * sender reports as sent arrives, the achieved rate is the requested one, every datagram is
 * distinct (Call-ID slot rewritten per cycle) and carries the send time. Run before the
 * measurement so a broken sender cannot be mistaken for a lossy server.
 */
export async function checkSender(
  binary: string,
  file: string,
  rate: number,
  seconds: number,
): Promise<SenderCheck> {
  const step = 0xbe;
  const expectedPrefix = step.toString(16).padStart(4, '0');
  const socket = createSocket({ type: 'udp4', recvBufferSize: 32 * 1024 * 1024 });
  const packets: Buffer[] = [];
  socket.on('message', (m) => packets.push(m));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  const started = Date.now() / 1000;
  const sender = await runSender(binary, { port, file, rate, seconds, step }).done;
  await sleep(500);
  socket.close();
  const ended = Date.now() / 1000;

  const hashes = new Set<string>();
  let badTimestamps = 0;
  let badSlots = 0;
  for (const p of packets) {
    hashes.add(createHash('sha1').update(p).digest('base64'));
    const hep = decodeHep(p);
    const t = hep.timeSeconds + hep.timeUseconds / 1e6;
    if (t < started - 1 || t > ended + 1) badTimestamps++;
    const text = hep.payload.toString('latin1');
    const at = text.indexOf('\r\nCall-ID: ');
    if (at < 0 || text.slice(at + 11, at + 15) !== expectedPrefix) badSlots++;
  }
  const problems: string[] = [];
  if (packets.length !== sender.sent) problems.push(`received ${packets.length} of ${sender.sent} sent`);
  if (Math.abs(sender.rate - rate) > rate * 0.01)
    problems.push(`achieved ${sender.rate.toFixed(0)} pps, asked ${rate}`);
  if (hashes.size !== packets.length) problems.push(`${packets.length - hashes.size} duplicate datagrams`);
  if (badTimestamps > 0) problems.push(`${badTimestamps} datagrams without the send time`);
  if (badSlots > 0) problems.push(`${badSlots} datagrams without the step prefix in the Call-ID`);
  if (sender.errors + sender.refused > 0) problems.push(`${sender.errors + sender.refused} send errors`);
  return {
    ok: problems.length === 0,
    sender,
    received: packets.length,
    distinctPayloads: hashes.size,
    badTimestamps,
    badSlots,
    problems,
  };
}
