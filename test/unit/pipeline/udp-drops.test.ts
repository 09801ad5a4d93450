import { describe, expect, it } from 'vitest';
import { dropsForPort } from '../../../src/pipeline/sources/udp-drops.js';

// Two lines in the layout of Linux /proc/net/udp (kernel 6.x); port 9060 = 0x2364.
const table = [
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
  ' 1234: 0100007F:2364 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 1577',
  ' 1235: 0100007F:13C4 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4243 2 0000000000000000 9',
  '',
].join('\n');

describe('dropsForPort', () => {
  it('sums the drops column of the sockets bound to the port', () => {
    expect(dropsForPort(table, 9060)).toBe(1577);
    expect(dropsForPort(table, 5060)).toBe(9);
    expect(dropsForPort(table, 1)).toBe(0);
  });
});
