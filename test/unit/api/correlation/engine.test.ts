import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../src/api/correlation/engine.js';
import { sortByTime, dedupeAcrossCaptureIds } from '../../../../src/api/correlation/order.js';
import { compileRules } from '../../../../src/api/correlation/rules.js';
import { MAPPING_SEED } from '../../../../src/storage/configdb/mapping-seed.js';
import type { CorrelationRuleRecord } from '../../../../src/api/config/mapping-store.js';
import { FixtureSource, row, sip, T0 } from './fixtures.js';

/** The shipped default rules, as MappingStore hands them out. */
const SEED_MAPPINGS = MAPPING_SEED.map((m) => ({
  hepid: m.hepid,
  profile: m.profile,
  correlation_mapping: m.correlationMapping as unknown as CorrelationRuleRecord[],
}));
const { rules: DEFAULT_RULES } = compileRules(SEED_MAPPINGS);

const MIN = 60_000;
const window = { fromMs: T0 - 5 * MIN, toMs: T0 + 5 * MIN };

/** A→B by correlation id (B carries A's Call-ID), B→C by the `_b2b-1` suffix, RTCP/log by sid. */
function b2buaChain() {
  const a = [sip('leg-a', 'INVITE', T0), sip('leg-a', '200', T0 + 2000), sip('leg-a', 'ACK', T0 + 2100)];
  const b = [
    sip('leg-b', 'INVITE', T0 + 100, { correlation_id: 'leg-a' }),
    sip('leg-b', '200', T0 + 1900, { correlation_id: 'leg-a' }),
  ];
  const c = [sip('leg-b_b2b-1', 'INVITE', T0 + 200), sip('leg-b_b2b-1', '200', T0 + 1800)];
  const rtcp = [
    row('hep_proto_5_default', 'leg-c-media', T0 + 5000),
    row('hep_proto_5_default', 'leg-b_b2b-1', T0 + 6000),
  ];
  const log = [
    row('hep_proto_100_default', 'leg-a', T0 + 50, {}, { correlation_id: 'leg-a' }, 'routing to B'),
  ];
  const unrelated = [sip('other', 'INVITE', T0 + 10), row('hep_proto_5_default', 'other', T0 + 20)];
  return { a, b, c, rtcp, log, all: [...a, ...b, ...c, ...rtcp, ...log, ...unrelated] };
}

describe('correlation engine', () => {
  it('follows a B2BUA chain over several hops from either end, with RTCP and logs by sid', async () => {
    const chain = b2buaChain();
    const expected = [...chain.a, ...chain.b, ...chain.c, chain.rtcp[1], ...chain.log]
      .map((r) => r?.id)
      .sort();
    for (const seed of ['leg-a', 'leg-b_b2b-1']) {
      const result = await correlate(new FixtureSource(chain.all), DEFAULT_RULES, {
        seeds: [{ table: 'hep_proto_1_call', callids: [seed] }],
        ...window,
      });
      expect(result.capped).toBe(false);
      expect(result.rows.map((r) => r.id).sort()).toEqual(expected);
      expect(result.hops).toBeGreaterThanOrEqual(2);
    }
  });

  it('puts the rows in microsecond order', async () => {
    const chain = b2buaChain();
    const result = await correlate(new FixtureSource(chain.all), DEFAULT_RULES, {
      seeds: [{ table: 'hep_proto_1_call', callids: ['leg-a'] }],
      ...window,
    });
    const times = sortByTime(result.rows).map((r) => r.createUs);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(sortByTime(result.rows)[0]?.sid).toBe('leg-a');
  });

  it('widens the window to the legs found so a BYE 20 minutes later and its RTCP are found', async () => {
    const rows = [
      sip('long', 'INVITE', T0),
      sip('long', '200', T0 + 1000),
      sip('long', 'BYE', T0 + 20 * MIN),
      sip('long', '200', T0 + 20 * MIN + 50),
      row('hep_proto_5_default', 'long', T0 + 20 * MIN - 3000),
      row('hep_proto_100_default', 'long', T0 + 20 * MIN + 60),
      sip('long', 'INVITE', T0 + 5 * 3600_000), // a reused Call-ID hours later is not this call
    ];
    const source = new FixtureSource(rows);
    const result = await correlate(source, DEFAULT_RULES, {
      seeds: [{ table: 'hep_proto_1_call', callids: ['long'] }],
      ...window,
    });
    expect(result.rows.map((r) => r.id).sort()).toEqual(
      rows
        .slice(0, 6)
        .map((r) => r.id)
        .sort(),
    );
    // The LOG lookup needed a window reaching past the BYE, which only exists after widening.
    const logQueries = source.queries.filter((q) => q.table === 'hep_proto_100_default');
    expect(Math.max(...logQueries.map((q) => q.toMs))).toBeGreaterThanOrEqual(T0 + 20 * MIN + 60);
  });

  it('finds only what the request window allows without the same-leg rule (homer-app behaviour)', async () => {
    const rows = [sip('long', 'INVITE', T0), sip('long', 'BYE', T0 + 20 * MIN)];
    const { rules } = compileRules(SEED_MAPPINGS, { legTailSeconds: 0 });
    const result = await correlate(new FixtureSource(rows), rules, {
      seeds: [{ table: 'hep_proto_1_call', callids: ['long'] }],
      ...window,
    });
    expect(result.rows.map((r) => r.dataHeader.method)).toEqual(['INVITE']);
  });

  it('stops at the hop limit and at the row limit and says so', async () => {
    // A chain of 15 legs, each carrying the previous leg's Call-ID as correlation id.
    const legs = Array.from({ length: 15 }, (_, i) =>
      sip(`hop-${i}`, 'INVITE', T0 + i * 10, i === 0 ? {} : { correlation_id: `hop-${i - 1}` }),
    );
    const seed = { seeds: [{ table: 'hep_proto_1_call', callids: ['hop-0'] }], ...window };
    const full = await correlate(new FixtureSource(legs), DEFAULT_RULES, seed, { maxHops: 100 });
    expect(full.rows).toHaveLength(15);
    expect(full.capped).toBe(false);

    const byHops = await correlate(new FixtureSource(legs), DEFAULT_RULES, seed, { maxHops: 3 });
    expect(byHops.capped).toBe('hops');
    expect(byHops.rows.length).toBeLessThan(15);
    expect(byHops.rows.length).toBeGreaterThanOrEqual(4);

    const byRows = await correlate(new FixtureSource(legs), DEFAULT_RULES, seed, { maxRows: 5 });
    expect(byRows.capped).toBe('rows');
    expect(byRows.rows).toHaveLength(5);
  });

  it('leaves out whitelisted IPs and does not follow them', async () => {
    const rows = [
      sip('w', 'INVITE', T0),
      sip('w', 'INVITE', T0 + 5, { srcIp: '192.0.2.9' }),
      sip('w2', 'INVITE', T0 + 10, { srcIp: '192.0.2.9', correlation_id: 'w' }),
    ];
    const result = await correlate(new FixtureSource(rows), DEFAULT_RULES, {
      seeds: [{ table: 'hep_proto_1_call', callids: ['w'] }],
      ...window,
      whitelist: ['192.0.2.9'],
    });
    expect(result.rows.map((r) => r.id)).toEqual([rows[0]?.id]);
  });

  it('does not ask the same value twice for a window it already covered, and ends', async () => {
    const chain = b2buaChain();
    const source = new FixtureSource(chain.all);
    await correlate(source, DEFAULT_RULES, {
      seeds: [{ table: 'hep_proto_1_call', callids: ['leg-a'] }],
      ...window,
    });
    const asked = new Map<string, number>();
    for (const q of source.queries) {
      for (const v of q.values) {
        const key = `${q.table} ${q.expression} ${v} ${q.fromMs} ${q.toMs}`;
        asked.set(key, (asked.get(key) ?? 0) + 1);
      }
    }
    expect(Math.max(...asked.values())).toBe(1);
    expect(source.queries.length).toBeLessThan(60);
  });

  it('drops copies of a message from other capture agents only when asked to', () => {
    const first = row('hep_proto_1_call', 'd', T0, {}, { captureId: '1' }, 'INVITE sip:a');
    const copy = row('hep_proto_1_call', 'd', T0 + 1, {}, { captureId: '2' }, 'INVITE sip:a');
    const retransmission = row('hep_proto_1_call', 'd', T0 + 500, {}, { captureId: '1' }, 'INVITE sip:a');
    expect(dedupeAcrossCaptureIds([first, copy, retransmission]).map((r) => r.id)).toEqual([
      first.id,
      retransmission.id,
    ]);
  });
});
