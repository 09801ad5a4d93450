import { describe, expect, it } from 'vitest';
import type { CaptureRow } from '../../../src/pipeline/row.js';
import { RowQueue } from '../../../src/pipeline/row-queue.js';

function row(profile: string, n: number): CaptureRow {
  return {
    hepid: 1,
    profile,
    sid: `call-${n}`,
    timeSeconds: 1_700_000_000,
    timeUseconds: n,
    protocolHeader: '{}',
    dataHeader: '{}',
    raw: 'x',
  };
}

describe('RowQueue', () => {
  it('refuses rows beyond its bound, counting rows in flight', () => {
    const queue = new RowQueue(3);
    expect(queue.push(row('call', 1), 0)).toBe(true);
    expect(queue.push(row('call', 2), 0)).toBe(true);
    const batch = queue.take(2, 1000, 0);
    expect(batch?.rows).toHaveLength(2);
    expect(queue.push(row('call', 3), 0)).toBe(true);
    expect(queue.push(row('call', 4), 0)).toBe(false);
    expect(queue.isFull).toBe(true);
    queue.settle(batch!);
    expect(queue.push(row('call', 5), 0)).toBe(true);
  });

  it('batches per table: full batches at once, partial ones after max age', () => {
    const queue = new RowQueue(100);
    for (let i = 0; i < 5; i++) queue.push(row('call', i), 0);
    queue.push(row('registration', 99), 0);
    const full = queue.take(5, 1000, 1);
    expect(full?.table).toBe('hep_proto_1_call');
    expect(full?.rows.map((r) => r.sid)).toEqual(['call-0', 'call-1', 'call-2', 'call-3', 'call-4']);
    expect(queue.take(5, 1000, 500)).toBeUndefined();
    const aged = queue.take(5, 1000, 1000);
    expect(aged?.table).toBe('hep_proto_1_registration');
  });

  it('requeues a failed batch ahead of newer rows, keeping order', () => {
    const queue = new RowQueue(100);
    for (let i = 0; i < 4; i++) queue.push(row('call', i), 0);
    const batch = queue.take(2, 1000, 0)!;
    queue.push(row('call', 9), 0);
    queue.requeue(batch, 0);
    expect(queue.size).toBe(5);
    const next = queue.take(10, 1000, 0, true);
    expect(next?.rows.map((r) => r.sid)).toEqual(['call-0', 'call-1', 'call-2', 'call-3', 'call-9']);
  });

  it('hands out a long backlog batch by batch, in order, with chunk and batch sizes that differ', () => {
    for (const [chunkRows, batchSize] of [
      [4, 4],
      [4, 3],
      [3, 5],
    ] as const) {
      const queue = new RowQueue(1000, chunkRows);
      for (let i = 0; i < 22; i++) queue.push(row('call', i), 0);
      const seen: string[] = [];
      let batch = queue.take(batchSize, 1000, 0);
      while (batch) {
        expect(batch.rows.length).toBeLessThanOrEqual(batchSize);
        seen.push(...batch.rows.map((r) => r.sid));
        queue.settle(batch);
        batch = queue.take(batchSize, 1000, 0, true);
      }
      expect(seen).toEqual(Array.from({ length: 22 }, (_, i) => `call-${i}`));
      expect(queue.size).toBe(0);
    }
  });
});
