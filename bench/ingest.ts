/**
 * Ingest benchmark (`npm run bench:ingest`, not a test). A C sender offers a realistic SIP mix as
 * HEPv3 over UDP at fixed rates to `node dist/main.js serve` running as its own process; each step
 * compares datagrams sent with rows stored and reports the highest lossless rate, CPU and RSS. In
 * the same run, bench/store-ceiling.ts measures the best plain insert into the same schema from a
 * separate process (the store's ceiling), and the ratio of the two is the headline figure.
 * Method and results: docs/PERFORMANCE.md, section "Ingest".
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIngestArgs, USAGE, type IngestArgs } from './lib/args.js';
import { ceilingScript, runCeiling, type CeilingRun } from './lib/ceiling.js';
import { measureDecodeMix, type DecodeMixResult } from './lib/decode-mix.js';
import { freeTcpPort, freeUdpPort, sleep } from './lib/net.js';
import {
  countRows,
  createDatabase,
  dropDatabase,
  indexDefinitions,
  serverSettings,
  truncateCapture,
  withDatabase,
} from './lib/pg-admin.js';
import { countPgliteRows } from './lib/pglite-count.js';
import { processMemory, uidOf } from './lib/proc-stats.js';
import { highest, judge, markdownTable, nextRefinement, stepTable, type StepResult } from './lib/report.js';
import { buildSender } from './lib/sender.js';
import { checkSender, type SenderCheck } from './lib/sender-check.js';
import { runCli, startServer, type ServerHandle } from './lib/server-process.js';
import { runStep } from './lib/step.js';
import { raiseRmemMax } from './lib/sysctl.js';
import { buildWorkload, type Workload } from './lib/workload.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(REPO, '.bench-out');
/** The server asks for 32 MiB (HOMER_UDP_RCVBUF); the kernel doubles it and caps it at rmem_max. */
const RMEM_MAX_WANTED = 64 * 1024 * 1024;

const cleanups: (() => Promise<void> | void)[] = [];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function log(message: string): void {
  process.stdout.write(`[ingest ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop();
    try {
      await fn?.();
    } catch (err) {
      log(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function serverEnvBase(args: IngestArgs, udpPort: number, httpPort: number): Record<string, string> {
  return {
    HOMER_HEP_UDP: `127.0.0.1:${udpPort}`,
    HOMER_HEP_TCP: '',
    HOMER_HEP_TLS: '',
    HOMER_HTTP: `127.0.0.1:${httpPort}`,
    HOMER_LOG_LEVEL: 'warn',
    ...args.serverEnv,
  };
}

/** Socket memory the kernel granted the server's UDP socket (`ss -m`: rb = receive buffer). */
function grantedReceiveBuffer(port: number): number | undefined {
  try {
    const out = execFileSync('ss', ['-uamn', `sport = :${port}`], { encoding: 'utf8' });
    const m = /rb(\d+)/.exec(out);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

interface SweepContext {
  readonly args: IngestArgs;
  readonly senderBinary: string;
  readonly workload: Workload;
  /** Runs one step at `rate` and returns the judged result. */
  readonly step: (rate: number, index: number) => Promise<StepResult>;
}

async function sweep(ctx: SweepContext): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let index = 1;
  const run = async (rate: number): Promise<void> => {
    log(`step ${index}: ${rate} pps for ${ctx.args.seconds} s`);
    const r = await ctx.step(rate, index++);
    results.push(r);
    log(
      `  sent ${r.sent}, stored ${r.stored}, lost ${r.lost} (${r.lossPct.toFixed(3)} %), kernel drops ${r.kernelDrops}, ` +
        `server drops ${r.counters.dropped} ${JSON.stringify(r.counters.droppedByReason)}, backlog ${r.backlogAtSendEnd} (unread ${r.unreadDatagramsAtSendEnd}), ` +
        `drain ${r.drainSeconds.toFixed(1)} s, CPU server ${r.cpuSend.serverPct.toFixed(0)} % / PG ${r.cpuSend.postgresPct.toFixed(0)} % / ` +
        `sender ${r.cpuSend.senderPct.toFixed(0)} % / machine ${r.cpuSend.machinePct.toFixed(0)} %, RSS peak ${r.rssPeakMb.toFixed(0)} MB, ` +
        `loop lag max ${r.eventLoopLagMaxMs.toFixed(0)} ms, GC ${r.gcPct.toFixed(0)} %, machine busy before ${r.busyBeforePct.toFixed(0)} %`,
    );
    if (!r.serverAlive) throw new Error(`the server exited during the ${rate} pps step`);
  };
  for (const rate of ctx.args.rates) await run(rate);
  for (let i = 0; i < ctx.args.refine; i++) {
    const next = nextRefinement(results);
    if (next === undefined) break;
    await run(next);
  }
  return results;
}

interface PostgresRun {
  readonly database: string;
  readonly settings: Record<string, string>;
  readonly indexes: string[];
  readonly steps: StepResult[];
  readonly serverExitCode: number | null;
  readonly serverHwmMb: number;
  readonly grantedReceiveBuffer?: number;
  readonly ceiling: CeilingRun[];
  readonly ceilingError?: string;
}

async function runPostgres(args: IngestArgs, senderBinary: string, workload: Workload): Promise<PostgresRun> {
  const database = `homer_bench_${Date.now()}`;
  await createDatabase(args.adminUrl, database);
  const url = withDatabase(args.adminUrl, database);
  if (!args.keepDb) cleanups.push(() => dropDatabase(args.adminUrl, database));
  log(`database ${database} created`);
  const settings = await serverSettings(url);
  const pgUid = uidOf('postgres');

  const udpPort = await freeUdpPort();
  const httpPort = await freeTcpPort();
  const env = { ...serverEnvBase(args, udpPort, httpPort), HOMER_DB_URL: url };
  await runCli(REPO, ['migrate'], env);
  const logFile = join(OUT, `server-${database}.log`);
  const server: ServerHandle = await startServer({ repoRoot: REPO, env, udpPort, httpPort, logFile });
  cleanups.push(async () => void (await server.stop()));
  const granted = grantedReceiveBuffer(udpPort);
  log(
    `server pid ${server.pid} on udp ${udpPort}, http ${httpPort}; socket receive buffer ${granted ?? '?'} B; log ${logFile}`,
  );
  const indexes = await indexDefinitions(url);
  const firstRate = args.rates[0];
  if (args.warmupPackets > 0 && firstRate !== undefined) {
    // Steady state before measuring: JIT, connection pool, partitions, and the server's bounded
    // caches (e.g. the 200 k-key heplify_method_response de-duplication set) filled.
    const seconds = Math.ceil(args.warmupPackets / firstRate);
    log(`warm-up: ${firstRate} pps for ${seconds} s (not counted)`);
    const w = await runStep({
      server,
      senderBinary,
      packetFile: workload.file,
      rate: firstRate,
      seconds,
      step: 0,
      noQuietWait: true,
    });
    log(
      `  warm-up: sent ${w.sent}, received ${w.received}, kernel drops ${w.kernelDrops}, server CPU ${w.cpuSend.serverPct.toFixed(0)} %`,
    );
  }
  log(`${indexes.length} indexes per hep_proto_1_call partition; PostgreSQL ${JSON.stringify(settings)}`);

  const steps = await sweep({
    args,
    senderBinary,
    workload,
    step: async (rate, index) => {
      await truncateCapture(url);
      await sleep(1000);
      const m = await runStep({
        server,
        senderBinary,
        packetFile: workload.file,
        rate,
        seconds: args.seconds,
        step: index,
        pgDatabase: database,
        ...(pgUid === undefined ? {} : { pgUid }),
      });
      return judge(m, await countRows(url));
    },
  });
  const hwm = processMemory(server.pid)?.hwmKb ?? 0;
  const serverExitCode = await server.stop();
  log(`server stopped (exit ${serverExitCode}); peak RSS over the run ${(hwm / 1024).toFixed(0)} MB`);

  const ceiling: CeilingRun[] = [];
  let ceilingError: string | undefined;
  if (args.ceiling) {
    if (!ceilingScript(REPO)) {
      ceilingError = 'bench/store-ceiling.ts does not exist';
      log(`ceiling skipped: ${ceilingError}`);
    } else {
      await truncateCapture(url);
      for (const rowsFrom of args.ceilingRowsFrom) {
        for (const method of args.ceilingMethods) {
          for (let i = 0; i < args.ceilingRuns; i++) {
            log(
              `ceiling: store-ceiling --method ${method} --rows-from ${rowsFrom} --rows ${args.ceilingRows} --seconds ${args.ceilingSeconds} --conns ${args.ceilingConns}`,
            );
            try {
              const run = await runCeiling({
                repoRoot: REPO,
                url,
                rows: args.ceilingRows,
                seconds: args.ceilingSeconds,
                conns: args.ceilingConns,
                method,
                rowsFrom,
                database,
                ...(pgUid === undefined ? {} : { pgUid }),
              });
              ceiling.push(run);
              log(`  ${run.rowsPerSec.toFixed(0)} rows/s (${JSON.stringify(run.report)})`);
            } catch (err) {
              ceilingError = err instanceof Error ? err.message : String(err);
              log(`  failed: ${ceilingError}`);
            }
          }
        }
      }
    }
  }
  return {
    database,
    settings,
    indexes,
    steps,
    serverExitCode,
    serverHwmMb: hwm / 1024,
    ...(granted === undefined ? {} : { grantedReceiveBuffer: granted }),
    ceiling,
    ...(ceilingError === undefined ? {} : { ceilingError }),
  };
}

interface PgliteRun {
  readonly steps: StepResult[];
}

/**
 * PGlite steps: a fresh data folder and server per step (PGlite is single-user, so the rows are
 * counted by opening the folder after the server stopped and drained).
 */
async function runPglite(args: IngestArgs, senderBinary: string, workload: Workload): Promise<PgliteRun> {
  const steps = await sweep({
    args,
    senderBinary,
    workload,
    step: async (rate, index) => {
      const dataDir = mkdtempSync(join(OUT, 'pglite-'));
      const udpPort = await freeUdpPort();
      const httpPort = await freeTcpPort();
      const env = { ...serverEnvBase(args, udpPort, httpPort), HOMER_DB_URL: '', HOMER_DATA_DIR: dataDir };
      const logFile = join(OUT, `server-pglite-${Date.now()}-${index}.log`);
      const server = await startServer({ repoRoot: REPO, env, udpPort, httpPort, logFile });
      try {
        await sleep(1000);
        const m = await runStep({
          server,
          senderBinary,
          packetFile: workload.file,
          rate,
          seconds: args.seconds,
          step: index,
        });
        const code = await server.stop();
        if (code !== 0) log(`  server exit code ${code}; see ${logFile}`);
        return judge(m, await countPgliteRows(dataDir));
      } finally {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  });
  return { steps };
}

async function main(): Promise<number> {
  const parsed = parseIngestArgs(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const args = parsed;
  mkdirSync(OUT, { recursive: true });
  const startedAt = new Date();

  if (args.build) {
    log('npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const senderBinary = buildSender(REPO, OUT);
  const rmem = raiseRmemMax(RMEM_MAX_WANTED);
  if (rmem.restore) cleanups.push(rmem.restore);
  log(
    rmem.after !== rmem.before
      ? `net.core.rmem_max raised ${rmem.before} → ${rmem.after} for the run (restored at the end)`
      : `net.core.rmem_max = ${rmem.before} (not changed)`,
  );

  const workload = buildWorkload(join(OUT, 'packets.bin'), args.calls);
  log(
    `packet file: ${workload.packets.length} datagrams, ${(workload.fileBytes / 1e6).toFixed(1)} MB, mean ${workload.meanDatagramBytes.toFixed(0)} B ` +
      `(SIP ${workload.mix.bytes.min}–${workload.mix.bytes.max} B, mean ${workload.mix.bytes.mean.toFixed(0)}); ` +
      `calls ${workload.mix.byKind.call}, registrations ${workload.mix.byKind.registration}, options ${workload.mix.byKind.options} messages`,
  );

  const checkRate = Math.max(...args.rates);
  const check: SenderCheck = await checkSender(senderBinary, workload.file, checkRate, 2);
  log(
    `sender self-check at ${checkRate} pps: sent ${check.sender.sent}, received ${check.received}, distinct ${check.distinctPayloads}, ` +
      `sender CPU ${(((check.sender.cpuUserSec + check.sender.cpuSysSec) / check.sender.elapsed) * 100).toFixed(0)} % ` +
      (check.ok ? 'OK' : `FAILED: ${check.problems.join('; ')}`),
  );
  if (!check.ok) throw new Error('sender self-check failed');

  let decode: DecodeMixResult | undefined;
  if (args.decode) {
    decode = measureDecodeMix(workload.packets);
    log(
      `decode (HEP + SIP → row, this mix, one core): ${decode.msgsPerSec.toFixed(0)} msgs/s; rows per table ${JSON.stringify(decode.rowsByTable)}`,
    );
  }

  const pg = args.pglite ? undefined : await runPostgres(args, senderBinary, workload);
  const pglite = args.pglite ? await runPglite(args, senderBinary, workload) : undefined;
  const steps = pg?.steps ?? pglite?.steps ?? [];

  const lossless = highest(steps, (s) => s.lossless);
  const sustained = highest(steps, (s) => s.sustained);
  // Per method the median of its runs (single runs vary with checkpoints), then the best method.
  // The ratio's ceiling is the mix's (the same rows ingest stores); INVITE-only runs are context.
  const ceilingByMethod = new Map<string, { rowsFrom: string; runs: number[] }>();
  for (const c of pg?.ceiling ?? []) {
    const key = c.rowsFrom === 'mix' ? c.method : `${c.method}, ${c.rowsFrom} rows`;
    const entry = ceilingByMethod.get(key) ?? { rowsFrom: c.rowsFrom, runs: [] };
    entry.runs.push(c.rowsPerSec);
    ceilingByMethod.set(key, entry);
  }
  const ceilingMedians = [...ceilingByMethod].map(([method, { rowsFrom, runs }]) => ({
    method,
    rowsFrom,
    runs,
    median: median(runs),
  }));
  const ratioCeilings = ceilingMedians.some((c) => c.rowsFrom === 'mix')
    ? ceilingMedians.filter((c) => c.rowsFrom === 'mix')
    : ceilingMedians;
  const bestCeiling = ratioCeilings.length > 0 ? Math.max(...ratioCeilings.map((c) => c.median)) : undefined;
  const ratio = lossless !== undefined && bestCeiling ? lossless / bestCeiling : undefined;

  const summary = {
    store: args.pglite ? 'pglite' : 'postgresql',
    secondsPerStep: args.seconds,
    highestLosslessPps: lossless ?? null,
    highestSustainedLosslessPps: sustained ?? null,
    ceilingRowsPerSec: bestCeiling ?? null,
    ceilingByMethod: ceilingMedians,
    ratio: ratio ?? null,
    decodeMsgsPerSec: decode?.msgsPerSec ?? null,
  };
  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    args,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memGiB: totalmem() / 2 ** 30,
      freeGiB: freemem() / 2 ** 30,
      kernel: release(),
      node: process.version,
      rmemMax: rmem,
    },
    workload: {
      packets: workload.packets.length,
      meanDatagramBytes: workload.meanDatagramBytes,
      mix: workload.mix,
    },
    senderCheck: check,
    decode,
    postgres: pg,
    pglite,
    summary,
  };
  const outFile = join(OUT, `ingest-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(outFile, JSON.stringify(result, null, 2));

  process.stdout.write(`\n${stepTable(steps)}\n\n`);
  const lines: string[][] = [
    ['store', summary.store],
    ['seconds per step', String(args.seconds)],
    ['highest lossless rate (sent == stored)', lossless === undefined ? 'none' : `${lossless} pps`],
    [
      'highest lossless rate that kept pace (backlog ≤ 1 s)',
      sustained === undefined ? 'none' : `${sustained} pps`,
    ],
  ];
  if (pg) {
    for (const c of ceilingMedians) {
      lines.push([
        `store ceiling (${c.method}, median of ${c.runs.length})`,
        `${c.median.toFixed(0)} rows/s (runs ${c.runs.map((r) => r.toFixed(0)).join(', ')})`,
      ]);
    }
    if (pg.ceilingError) lines.push(['store ceiling', `not measured: ${pg.ceilingError}`]);
    lines.push([
      'lossless / ceiling (target ≥ 75 %)',
      ratio === undefined ? 'n/a' : `${(ratio * 100).toFixed(1)} % ${ratio >= 0.75 ? 'MET' : 'NOT MET'}`,
    ]);
    lines.push(['PostgreSQL', JSON.stringify(pg.settings)]);
  }
  if (pglite) {
    lines.push([
      'PGlite target ≥ 10 000 pps',
      lossless !== undefined && lossless >= 10_000 ? 'MET' : 'NOT MET',
    ]);
  }
  if (decode) {
    lines.push([
      'decode, this mix, one core (target ≥ 200 k)',
      `${decode.msgsPerSec.toFixed(0)} msgs/s ${decode.msgsPerSec >= 200_000 ? 'MET' : 'NOT MET'}`,
    ]);
  }
  lines.push(['results', outFile]);
  process.stdout.write(`${markdownTable(['', 'value'], lines)}\n`);
  return 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void runCleanups().finally(() => process.exit(130));
  });
}

main()
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    },
  )
  .finally(() => runCleanups());
