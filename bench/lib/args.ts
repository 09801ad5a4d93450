import { parseArgs } from 'node:util';

export interface IngestArgs {
  readonly rates: readonly number[];
  readonly seconds: number;
  readonly refine: number;
  readonly pglite: boolean;
  readonly adminUrl: string;
  readonly build: boolean;
  readonly calls: number;
  readonly ceiling: boolean;
  readonly ceilingRows: number;
  /** Sustained ceiling: insert for this long (default: one step's seconds), cycling the rows. */
  readonly ceilingSeconds: number;
  readonly ceilingConns: number;
  readonly ceilingMethods: readonly string[];
  readonly ceilingRuns: number;
  /** Which pre-built rows the ceiling inserts: the benchmark's own mix (the headline) and/or INVITEs. */
  readonly ceilingRowsFrom: readonly ('mix' | 'invite')[];
  readonly decode: boolean;
  readonly keepDb: boolean;
  readonly serverEnv: Record<string, string>;
  readonly warmupPackets: number;
}

export const USAGE = `npm run bench:ingest -- [options]

  --rates 10000,20000,...   offered packets/s per step (default PostgreSQL 10k..60k, PGlite 2.5k..20k)
  --seconds 60              seconds of sending per step
  --quick                   10 s per step
  --warmup-packets 250000   sent at the first rate before the first step, not counted (PostgreSQL)
  --refine 2                extra steps bisecting between the highest lossless and the next lossy rate
  --pglite                  measure the embedded PGlite store instead of PostgreSQL
  --url postgres://postgres@127.0.0.1:5432/postgres   admin URL; a homer_bench_<ts> database is created
  --no-build                skip npm run build
  --calls 5000              calls in the packet file (x9.2 datagrams)
  --no-ceiling              skip bench/store-ceiling.ts
  --ceiling-rows 200000 --ceiling-conns 2 --ceiling-methods insert,copy,binary --ceiling-runs 3
  --ceiling-seconds N       how long each ceiling run inserts (default: a step's seconds; 0 = the rows once)
  --ceiling-rows-from mix   mix: the rows of this benchmark's own traffic (the ratio's ceiling);
                            invite: synthetic INVITEs into hep_proto_1_call only (context; e.g. mix,invite)
  --no-decode               skip the in-process decode measurement
  --keep-db                 keep the benchmark database
  --server-env KEY=VALUE    extra environment for the server (repeatable), e.g. HOMER_DB_SYNC_COMMIT=false`;

function numbers(text: string): number[] {
  return text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '')
    .map((s) => (s.endsWith('k') ? Number(s.slice(0, -1)) * 1000 : Number(s)))
    .filter((n) => Number.isFinite(n) && n > 0);
}

function rowsFromList(text: string): ('mix' | 'invite')[] {
  const list = text.split(',').map((s) => s.trim());
  for (const item of list) {
    if (item !== 'mix' && item !== 'invite')
      throw new Error(`--ceiling-rows-from: ${item} is not mix or invite`);
  }
  return list as ('mix' | 'invite')[];
}

export function parseIngestArgs(argv: readonly string[]): IngestArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rates: { type: 'string' },
      seconds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      refine: { type: 'string', default: '2' },
      'warmup-packets': { type: 'string', default: '250000' },
      pglite: { type: 'boolean', default: false },
      url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      'no-build': { type: 'boolean', default: false },
      calls: { type: 'string', default: '5000' },
      'no-ceiling': { type: 'boolean', default: false },
      'ceiling-rows': { type: 'string', default: '200000' },
      'ceiling-seconds': { type: 'string' },
      'ceiling-conns': { type: 'string', default: '2' },
      'ceiling-methods': { type: 'string', default: 'insert,copy,binary' },
      'ceiling-runs': { type: 'string', default: '3' },
      'ceiling-rows-from': { type: 'string', default: 'mix' },
      'no-decode': { type: 'boolean', default: false },
      'keep-db': { type: 'boolean', default: false },
      'server-env': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const pglite = values.pglite;
  const defaultRates = pglite
    ? [2500, 5000, 10000, 15000, 20000]
    : [10000, 20000, 30000, 40000, 50000, 60000];
  const serverEnv: Record<string, string> = {};
  for (const kv of values['server-env']) {
    const eq = kv.indexOf('=');
    if (eq > 0) serverEnv[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const seconds = values.seconds ? Number(values.seconds) : values.quick ? 10 : 60;
  return {
    rates: values.rates ? numbers(values.rates) : defaultRates,
    seconds,
    refine: Number(values.refine),
    pglite,
    adminUrl: values.url,
    build: !values['no-build'],
    calls: Number(values.calls),
    ceiling: !values['no-ceiling'] && !pglite,
    ceilingRows: Number(values['ceiling-rows']),
    ceilingSeconds: values['ceiling-seconds'] !== undefined ? Number(values['ceiling-seconds']) : seconds,
    ceilingConns: Number(values['ceiling-conns']),
    ceilingMethods: values['ceiling-methods'].split(',').map((s) => s.trim()),
    ceilingRuns: Number(values['ceiling-runs']),
    ceilingRowsFrom: rowsFromList(values['ceiling-rows-from']),
    decode: !values['no-decode'],
    keepDb: values['keep-db'],
    serverEnv,
    warmupPackets: Number(values['warmup-packets']),
  };
}
