/**
 * IP → target name (heplify-server `PromTargetIP` / `PromTargetName`): the only values the
 * `target_name` label takes, so its cardinality is the number of configured targets plus "".
 */
export class TargetNames {
  private readonly byIp: ReadonlyMap<string, string>;

  constructor(entries: readonly string[]) {
    const map = new Map<string, string>();
    for (const entry of entries) {
      const eq = entry.indexOf('=');
      if (eq <= 0) continue;
      map.set(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim());
    }
    this.byIp = map;
  }

  get size(): number {
    return this.byIp.size;
  }

  /** The target name of `ip`, or "" when it is not a configured target. */
  of(ip: string | undefined): string {
    return ip === undefined ? '' : (this.byIp.get(ip) ?? '');
  }

  /** The first configured target among the two ends of a message, and which end it is. */
  ofFlow(
    srcIp: string | undefined,
    dstIp: string | undefined,
  ): { name: string; direction: 'src' | 'dst' | '' } {
    const src = this.of(srcIp);
    if (src !== '') return { name: src, direction: 'src' };
    const dst = this.of(dstIp);
    return dst !== '' ? { name: dst, direction: 'dst' } : { name: '', direction: '' };
  }
}
