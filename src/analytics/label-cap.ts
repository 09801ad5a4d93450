/** The label value every value past a cap is folded into. */
export const OVERFLOW_LABEL = 'other';

/**
 * Bounds one label's cardinality: the first `max` distinct values are kept as they are, later new
 * ones become `other`, and values are cut to `maxLength` characters. Values come from the wire
 * (node names, SBC names and realms), so without this a sender could create series without end.
 */
export class LabelCap {
  private readonly seen = new Set<string>();

  constructor(
    readonly max: number,
    private readonly maxLength = 64,
  ) {}

  value(raw: string | undefined): string {
    const v = raw === undefined ? '' : raw.length > this.maxLength ? raw.slice(0, this.maxLength) : raw;
    if (this.seen.has(v)) return v;
    if (this.seen.size >= this.max) return OVERFLOW_LABEL;
    this.seen.add(v);
    return v;
  }
}
