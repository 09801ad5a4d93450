import { parseArgs } from 'node:util';

export interface SearchArgs {
  readonly adminUrl: string;
  readonly rows: number;
  readonly hours: number;
  readonly requests: number;
  readonly warmup: number;
  readonly keep: boolean;
  /** Existing database to measure (skips the load). */
  readonly reuse?: string;
  readonly concurrency: number;
  readonly indexedLoad: boolean;
  readonly prefixDigits: readonly number[];
  /** Statements per kind run under EXPLAIN ANALYZE for the database-alone figures. */
  readonly explainSamples: number;
  readonly seed: number;
  /** Skip the HTTP phase (generator and database-alone figures only). */
  readonly noHttp: boolean;
}

export const USAGE = `npx tsx bench/search.ts [options]    (npm run bench:search)

  --rows N             SIP rows to generate (default 10000000): 76 % calls, 13 % REGISTER, 11 % OPTIONS
  --hours N            span of the data, ending at the last full hour (default 24)
  --requests N         measured requests per kind (default 200), after --warmup N (default 20)
  --prefix-digits L    from_user prefix lengths to search, comma-separated (default 4,8)
  --explain-samples N  statements per kind under EXPLAIN ANALYZE (default 30)
  --concurrency N      connections loading and indexing (default 2)
  --indexed-load       load into indexed partitions (default: build the indexes after the load)
  --reuse DB           measure an existing bench database (kept), skipping the load
  --keep               keep the database created by this run
  --no-http            generator and database-alone figures only
  --seed N             seed of the key draws (default 1)
  --url URL            admin connection (default postgres://postgres@127.0.0.1:5432/postgres)`;

export function parseSearchArgs(argv: readonly string[]): SearchArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      rows: { type: 'string', default: '10000000' },
      hours: { type: 'string', default: '24' },
      requests: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '20' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'string' },
      concurrency: { type: 'string', default: '2' },
      'indexed-load': { type: 'boolean', default: false },
      'prefix-digits': { type: 'string', default: '4,8' },
      'explain-samples': { type: 'string', default: '30' },
      seed: { type: 'string', default: '1' },
      'no-http': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const int = (name: string, v: string, min: number): number => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  return {
    adminUrl: values.url,
    rows: int('rows', values.rows, 1000),
    hours: int('hours', values.hours, 2),
    requests: int('requests', values.requests, 1),
    warmup: int('warmup', values.warmup, 0),
    keep: values.keep,
    ...(values.reuse === undefined ? {} : { reuse: values.reuse }),
    concurrency: int('concurrency', values.concurrency, 1),
    indexedLoad: values['indexed-load'],
    prefixDigits: values['prefix-digits'].split(',').map((d) => int('prefix-digits', d.trim(), 1)),
    explainSamples: int('explain-samples', values['explain-samples'], 1),
    seed: int('seed', values.seed, 0),
    noHttp: values['no-http'],
  };
}
