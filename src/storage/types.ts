import type { CaptureRow } from '../pipeline/row.js';

/** A row the database refused, isolated from its batch. */
export interface RejectedRow {
  readonly row: CaptureRow;
  /**
   * Short snake_case reason used as a metric label: `invalid_json`, `no_partition`, `value_too_long`,
   * `encoding` or `other` (`RejectReason` in `sql/classify-error.ts`).
   */
  readonly reason: string;
  /** The database's message, for the log. */
  readonly message: string;
}

export interface WriteOutcome {
  readonly written: number;
  readonly rejected: readonly RejectedRow[];
}

/**
 * Writes batches of rows for one table. Implementations create the parent table and any missing
 * partition on demand, and isolate rows the database rejects. They throw `StorageUnavailableError`
 * (retryable: the connection is gone) and never lose rows silently.
 */
export interface RowWriter {
  /** How many `write` calls may run at the same time (one per connection). */
  readonly concurrency: number;
  write(table: string, rows: readonly CaptureRow[]): Promise<WriteOutcome>;
}

/** Plain SQL access used by migrations, partition maintenance and (later) the API. */
export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
}

/**
 * A `SqlClient` that can also run a function inside one transaction on one connection
 * (BEGIN … COMMIT, ROLLBACK when `fn` throws). Connection errors surface as
 * `StorageUnavailableError`; other database errors keep their SQLSTATE in `code`.
 */
export interface TransactionalSqlClient extends SqlClient {
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/** The subset of a pino logger the storage layer uses (optional everywhere). */
export interface StorageLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

export interface MaintenanceReport {
  readonly partitionsCreated: number;
  readonly partitionsDropped: number;
}

export interface Storage {
  readonly kind: 'postgres' | 'pglite';
  /** The data database (hep_proto_* tables). */
  readonly sql: TransactionalSqlClient;
  /**
   * The config database (homer-app's tables: mapping_schema, users, ...). The same database as
   * `sql` unless a separate one was configured (homer-app's `homer_config`).
   */
  readonly configSql: TransactionalSqlClient;
  readonly writer: RowWriter;
  /** Creates missing config tables, seeds `mapping_schema` when empty, creates the data parents. */
  migrate(): Promise<void>;
  /** Creates partitions from now back one step to now + horizon, and drops expired ones. */
  maintain(nowMs: number): Promise<MaintenanceReport>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
