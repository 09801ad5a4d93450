/** Which configured target a message is to or from, and at which end. */
export interface TargetFlow {
  readonly name: string;
  readonly direction: 'src' | 'dst' | '';
}

const NO_TARGET: TargetFlow = Object.freeze({ name: '', direction: '' });

/**
 * IP → target name (heplify-server `PromTargetIP` / `PromTargetName`): the only values the
 * `target_name` label takes, so its cardinality is the number of configured targets plus "".
 */
export class TargetNames {
  private readonly byIp: ReadonlyMap<string, string>;
  /** One frozen answer per target and end, so `ofFlow` allocates nothing per message. */
  private readonly flows = new Map<string, { readonly src: TargetFlow; readonly dst: TargetFlow }>();

  constructor(entries: readonly string[]) {
    const map = new Map<string, string>();
    for (const entry of entries) {
      const eq = entry.indexOf('=');
      if (eq <= 0) continue;
      map.set(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim());
    }
    this.byIp = map;
    for (const name of map.values()) {
      this.flows.set(name, {
        src: Object.freeze({ name, direction: 'src' }),
        dst: Object.freeze({ name, direction: 'dst' }),
      });
    }
  }

  get size(): number {
    return this.byIp.size;
  }

  /** The target name of `ip`, or "" when it is not a configured target. */
  of(ip: string | undefined): string {
    return ip === undefined ? '' : (this.byIp.get(ip) ?? '');
  }

  /** The first configured target among the two ends of a message, and which end it is. */
  ofFlow(srcIp: string | undefined, dstIp: string | undefined): TargetFlow {
    if (this.byIp.size === 0) return NO_TARGET;
    const src = this.of(srcIp);
    if (src !== '') return (this.flows.get(src) as { src: TargetFlow }).src;
    const dst = this.of(dstIp);
    return dst !== '' ? (this.flows.get(dst) as { dst: TargetFlow }).dst : NO_TARGET;
  }

  /** The target name alone (`ofFlow(...).name`). */
  nameOf(srcIp: string | undefined, dstIp: string | undefined): string {
    if (this.byIp.size === 0) return '';
    const src = this.of(srcIp);
    return src !== '' ? src : this.of(dstIp);
  }
}
