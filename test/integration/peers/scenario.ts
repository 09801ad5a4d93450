import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../helpers/pg.js';
import {
  CAPTURE_TABLES,
  readPartitionBounds,
  readRows,
  waitForRows,
  type CaptureTable,
  type PartitionBounds,
  type StoredRow,
} from './capture-rows.js';
import type { ManagedProcess } from './child.js';
import { Cleanup } from './cleanup.js';
import { sippCallId, type ScenarioPorts } from './expected.js';
import { startHomerUnderTest, type HomerUnderTest } from './homer.js';
import { startKamailio } from './kamailio.js';
import { PortPicker } from './ports.js';
import { runSippCalls, runSippOptions, startSippUas } from './sipp.js';

/** Three calls: enough to see that rows of different calls do not mix, fast enough for CI. */
export const CALLS = 3;
/** Per call: 13 SIP messages in hep_proto_1_call (see expected.ts) and one hlog() row. */
export const SIP_ROWS_PER_CALL = 13;

export interface ScenarioVariant {
  readonly name: string;
  readonly storage: 'postgres' | 'pglite';
  readonly hepVersion: 2 | 3;
  readonly hepTransport: 'udp' | 'tcp';
}

export interface ScenarioResult {
  readonly variant: ScenarioVariant;
  readonly ports: ScenarioPorts;
  /** The Call-IDs sipp used, call 1 to 3. */
  readonly callIds: readonly string[];
  readonly optionsCallId: string;
  /** Wall clock just before Kamailio started: no stored timestamp may be older. */
  readonly startedAtMs: number;
  readonly rows: Readonly<Record<CaptureTable, readonly StoredRow[]>>;
  /** Catalog bounds of every partition holding one of `rows`. */
  readonly partitions: ReadonlyMap<string, PartitionBounds>;
  /** Everything that helps explain a failed assertion: peer output, homer-ts logs, ports. */
  diagnostics(): string;
}

export type ScenarioOutcome = { readonly skipped: string } | { readonly result: ScenarioResult };

/**
 * Runs one end-to-end capture: homer-ts (PostgreSQL or PGlite) ← HEP ← Kamailio siptrace ← SIP ← sipp
 * (three INVITE calls through the proxy to a sipp UAS, and one OPTIONS), then waits until the rows
 * are stored and reads them all. Everything started is registered in `cleanup`, so the caller's
 * afterAll tears it down even when a step here throws. Errors carry the diagnostics.
 */
export async function runScenario(variant: ScenarioVariant, cleanup: Cleanup): Promise<ScenarioOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'homer-peers-'));
  cleanup.defer('temp dir', () => rm(dir, { recursive: true, force: true }));

  const peers: ManagedProcess[] = [];
  let homer: HomerUnderTest | undefined;
  let ports: ScenarioPorts | undefined;
  const diagnostics = (): string =>
    [
      `variant: ${JSON.stringify(variant)}`,
      `ports: ${JSON.stringify(ports)}`,
      ...peers.map((p) => `--- ${p.name} (pid ${p.pid}): ${p.commandLine}\n${tail(p.output(), 12_000)}`),
      `--- homer-ts log\n${tail(homer?.logs() ?? '', 12_000)}`,
    ].join('\n');

  try {
    let dbUrl: string | undefined;
    if (variant.storage === 'postgres') {
      let db: Awaited<ReturnType<typeof createTestDatabase>>;
      try {
        db = await createTestDatabase();
      } catch (err) {
        // Outside CI a developer without PostgreSQL still runs the PGlite variant; CI must not skip.
        if (process.env.CI) throw err;
        return { skipped: `PostgreSQL not available: ${(err as Error).message}` };
      }
      cleanup.defer('test database', () => db.drop());
      dbUrl = db.url;
    }

    homer = await startHomerUnderTest({
      dbUrl,
      dataDir: join(dir, 'data'),
      hepTransport: variant.hepTransport,
    });
    const running = homer;
    cleanup.defer('homer-ts', () => running.homer.stop());

    const picker = new PortPicker();
    ports = {
      sip: await picker.pick({ alsoTcp: variant.hepTransport === 'tcp' }),
      uas: await picker.pick(),
      uac: await picker.pick(),
      options: await picker.pick(),
      hep: homer.hepPort,
    };

    const startedAtMs = Date.now();
    const kamailio = await startKamailio({
      dir,
      sipPort: ports.sip,
      uasPort: ports.uas,
      hepPort: ports.hep,
      hepVersion: variant.hepVersion,
      hepTransport: variant.hepTransport,
    });
    peers.push(kamailio.process);
    cleanup.defer('kamailio', () => kamailio.process.stop());

    const uas = await startSippUas(dir, ports.uas);
    peers.push(uas);
    cleanup.defer('sipp uas', () => uas.stop());

    const calls = await runSippCalls(dir, ports.uac, ports.sip, CALLS);
    const options = await runSippOptions(dir, ports.options, ports.sip);

    await waitForRows(
      homer.homer.storage.sql,
      {
        hep_proto_1_call: CALLS * SIP_ROWS_PER_CALL,
        hep_proto_1_default: 2,
        hep_proto_100_default: CALLS,
      },
      // settleMs: several flush intervals, so a duplicate written late is still counted.
      { timeoutMs: 15_000, settleMs: 400 },
    );
    const rows = {} as Record<CaptureTable, StoredRow[]>;
    for (const table of CAPTURE_TABLES) rows[table] = await readRows(homer.homer.storage.sql, table);
    const partitionNames = new Set(Object.values(rows).flatMap((list) => list.map((row) => row.partition)));
    const partitions = await readPartitionBounds(homer.homer.storage.sql, [...partitionNames]);

    return {
      result: {
        variant,
        ports,
        callIds: Array.from({ length: CALLS }, (_, i) => sippCallId(i + 1, calls.pid)),
        optionsCallId: sippCallId(1, options.pid),
        startedAtMs,
        rows,
        partitions,
        diagnostics,
      },
    };
  } catch (err) {
    throw new Error(`${(err as Error).message}\n=== diagnostics ===\n${diagnostics()}`, { cause: err });
  }
}

function tail(text: string, chars: number): string {
  return text.length <= chars ? text : `…${text.slice(-chars)}`;
}
