import {
  compileMappedProtocols,
  type MappedProtocolSet,
  type MappingSchemaRow,
} from '../decoders/mapped/mapped-protocols.js';
import type { DecoderRegistry } from '../decoders/registry.js';
import type { SqlClient } from '../storage/types.js';
import type { Logger } from '../telemetry/logger.js';

/**
 * A fingerprint of everything in mapping_schema that capture or storage reads: one small query,
 * cheap enough to run every few seconds (a handful of rows), and it sees updates that keep
 * `create_date` (homer-app's PUT does not touch it) as well as inserts and deletes.
 */
const FINGERPRINT_SQL = `SELECT count(*)::int AS n, md5(coalesce(string_agg(
  id::text || ':' || hepid::text || ':' || profile || ':' || retention::text || ':' || partition_step::text
  || ':' || coalesce(fields_mapping::text, '') || ':' || coalesce(mapping_settings::text, ''),
  '|' ORDER BY id), '')) AS h FROM mapping_schema`;

const ROWS_SQL = `SELECT id, hepid, profile, fields_mapping::text AS fields_mapping,
  mapping_settings::text AS mapping_settings FROM mapping_schema ORDER BY id`;

export interface MappingWatcherOptions {
  /** The config database (mapping_schema). */
  readonly configSql: SqlClient;
  readonly registry: DecoderRegistry;
  readonly logger: Logger;
  readonly intervalMs: number;
  /**
   * Runs before a changed mapping set is swapped in: storage re-reads partition_step/retention
   * (maintenance), so the first row of a new table already gets its partition step.
   */
  readonly beforeSwap: () => Promise<void>;
}

/**
 * Keeps the decoder registry's mapped protocols in step with mapping_schema while running: polls a
 * fingerprint every `intervalMs` and reloads when it changed; `reload()` forces it (the API calls it
 * after a mapping write in the same process). The hot path never touches the database: it reads the
 * snapshot the last reload swapped in.
 */
export class MappingWatcher {
  private timer: NodeJS.Timeout | undefined;
  private fingerprint: string | undefined;
  private running: Promise<boolean> | undefined;

  constructor(private readonly options: MappingWatcherOptions) {}

  /** Loads now, then polls. */
  async start(): Promise<void> {
    await this.check(true);
    this.timer = setInterval(() => void this.check(false), this.options.intervalMs);
    this.timer.unref();
  }

  /** Re-reads mapping_schema and swaps the mapped protocols in now; true when they changed. */
  reload(): Promise<boolean> {
    return this.check(true);
  }

  get current(): MappedProtocolSet {
    return this.options.registry.mappedProtocols;
  }

  private check(force: boolean): Promise<boolean> {
    // One check at a time; a forced reload waits for a poll in progress, then runs.
    const previous = this.running ?? Promise.resolve(false);
    const next = previous
      .catch(() => false)
      .then(() => this.checkNow(force))
      .catch((err: unknown) => {
        this.options.logger.warn({ err }, 'reading mapping_schema failed; keeping the current mappings');
        return false;
      });
    this.running = next;
    void next.finally(() => {
      if (this.running === next) this.running = undefined;
    });
    return next;
  }

  private async checkNow(force: boolean): Promise<boolean> {
    const { configSql, registry, logger } = this.options;
    let fingerprint: string;
    try {
      const { rows } = await configSql.query<{ n: number; h: string }>(FINGERPRINT_SQL);
      fingerprint = `${rows[0]?.n ?? 0}:${rows[0]?.h ?? ''}`;
    } catch (err) {
      if ((err as { code?: unknown }).code === '42P01') return false; // not migrated yet
      throw err;
    }
    if (!force && fingerprint === this.fingerprint) return false;
    const { rows } = await configSql.query<MappingSchemaRow>(ROWS_SQL);
    const set = compileMappedProtocols(
      rows.map((r) => ({ ...r, id: Number(r.id), hepid: Number(r.hepid) })),
      registry.builtinTypes,
    );
    const firstLoad = this.fingerprint === undefined;
    const changed = fingerprint !== this.fingerprint;
    if (changed && !firstLoad) await this.options.beforeSwap();
    registry.setMappedProtocols(set);
    this.fingerprint = fingerprint;
    if (changed) {
      for (const warning of set.warnings)
        logger.warn({ warning }, 'mapping_schema field not used by capture');
      logger.info(
        {
          mapped: [...set.byHepid.values()].map((p) => ({
            hepid: p.hepid,
            table: p.table,
            fields: p.fields.length,
          })),
        },
        'mapped protocols loaded',
      );
    }
    return changed;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
