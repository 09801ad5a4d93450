import ipaddr from 'ipaddr.js';
import type { SqlClient } from '../../storage/types.js';
import type { AliasInput } from './alias-input.js';

/** One `alias` row as the API returns it. */
export interface AliasRecord extends AliasInput {
  readonly id: number;
  readonly guid: string;
  readonly create_date: string;
}

interface CompiledAlias {
  readonly alias: string;
  readonly range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  readonly kind: 'ipv4' | 'ipv6';
  readonly port: number;
  readonly captureId: string;
}

export const ALIAS_COLUMNS = `id, guid::text AS guid, alias, ip, port, mask, "captureID", status,
  to_char(create_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS create_date`;

export function toAliasRecord(row: Record<string, unknown>): AliasRecord {
  return {
    id: Number(row.id),
    guid: String(row.guid ?? ''),
    alias: String(row.alias ?? ''),
    ip: String(row.ip ?? ''),
    port: Number(row.port ?? 0),
    mask: row.mask === null || row.mask === undefined ? 32 : Number(row.mask),
    captureID: String(row.captureID ?? ''),
    status: row.status !== false,
    create_date: String(row.create_date ?? ''),
  };
}

function parseAddress(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    const addr = ipaddr.parse(ip.replace(/^\[|\]$/g, ''));
    return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()
      ? (addr as ipaddr.IPv6).toIPv4Address()
      : addr;
  } catch {
    return undefined;
  }
}

function compile(record: AliasRecord): CompiledAlias | undefined {
  const addr = parseAddress(record.ip);
  if (!addr || !record.status) return undefined;
  const max = addr.kind() === 'ipv4' ? 32 : 128;
  const mask = Number.isInteger(record.mask) && record.mask >= 0 && record.mask <= max ? record.mask : max;
  return {
    alias: record.alias,
    range: [addr, mask],
    kind: addr.kind(),
    port: record.port || 0,
    captureId: record.captureID.trim(),
  };
}

/**
 * Resolves `ip:port` (and optionally the capture id) to an alias name: the longest matching prefix
 * wins, an exact port beats port 0 ("any"), and an alias with a capture id only matches packets
 * from that agent — so the same private address in two VRFs can carry two names (homer-app #447).
 */
export class AliasResolver {
  private cached?: { at: number; entries: Promise<CompiledAlias[]> };

  constructor(
    private readonly sql: SqlClient,
    private readonly ttlMs = 5_000,
  ) {}

  async list(): Promise<AliasRecord[]> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT ${ALIAS_COLUMNS} FROM alias ORDER BY id`,
    );
    return rows.map(toAliasRecord);
  }

  private entries(): Promise<CompiledAlias[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const entries = this.list().then((records) =>
        records
          .map(compile)
          .filter((e): e is CompiledAlias => e !== undefined)
          // Longest prefix first; among equal prefixes a specific port before "any port".
          .sort((a, b) => b.range[1] - a.range[1] || Number(b.port !== 0) - Number(a.port !== 0)),
      );
      entries.catch(() => {
        if (this.cached?.entries === entries) this.cached = undefined;
      });
      this.cached = { at: now, entries };
    }
    return this.cached.entries;
  }

  /** A synchronous resolver over the current alias set, for resolving many rows at once. */
  async snapshot(): Promise<(ip: string, port: number, captureId?: string) => string | undefined> {
    const entries = await this.entries();
    const memo = new Map<string, string | undefined>();
    return (ip, port, captureId = '') => {
      const key = `${ip}|${port}|${captureId}`;
      if (memo.has(key)) return memo.get(key);
      let found: string | undefined;
      if (entries.length > 0) {
        const addr = parseAddress(ip);
        if (addr) {
          for (const e of entries) {
            if (e.kind !== addr.kind()) continue;
            if (e.port !== 0 && e.port !== port) continue;
            if (e.captureId !== '' && e.captureId !== String(captureId)) continue;
            if (!addr.match(e.range)) continue;
            found = e.alias;
            break;
          }
        }
      }
      memo.set(key, found);
      return found;
    };
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
