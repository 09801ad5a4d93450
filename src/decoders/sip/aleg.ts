import { DECODER_ERROR_CODES, DecoderConfigError } from '../errors.js';

/** One compiled heplify-server `AlegIDs` entry. */
export interface AlegRule {
  /** Header whose value holds the A-leg id. */
  readonly header: string;
  /** Applied to the header value; undefined = the whole (trimmed) value is the id. */
  readonly pattern: RegExp | undefined;
  /** Capture group holding the id: 1, or 0 when the pattern has no group. */
  readonly group: number;
}

/**
 * Compiles `AlegIDs` entries once: `"Header"` or `"Header,regex"` (split at the first comma, so
 * the regex may hold commas), e.g. `P-Charging-Vector,icid-value=\"?(.*?)(?:\"|;|$)`.
 * Capture group 1 is the A-leg id, as in heplify-server; a pattern without groups uses the whole
 * match. Throws DecoderConfigError for an empty header name or a regex that does not compile.
 */
export function compileAlegIds(specs: readonly string[]): readonly AlegRule[] {
  const rules: AlegRule[] = [];
  for (const spec of specs) {
    const comma = spec.indexOf(',');
    const header = (comma < 0 ? spec : spec.slice(0, comma)).trim();
    if (header === '') {
      throw new DecoderConfigError(
        DECODER_ERROR_CODES.invalidAlegId,
        `AlegIDs entry "${spec}" has no header name`,
      );
    }
    if (comma < 0) {
      rules.push({ header, pattern: undefined, group: 0 });
      continue;
    }
    const source = spec.slice(comma + 1);
    let pattern: RegExp;
    try {
      pattern = new RegExp(source);
    } catch (cause) {
      throw new DecoderConfigError(
        DECODER_ERROR_CODES.invalidAlegId,
        `AlegIDs entry "${spec}": the regex does not compile`,
        { cause },
      );
    }
    // A regex alternated with the empty pattern matches "" and reports how many groups it has.
    const groups = (new RegExp(source + '|').exec('')?.length ?? 1) - 1;
    rules.push({ header, pattern, group: groups > 0 ? 1 : 0 });
  }
  return rules;
}

/** The A-leg id one rule finds in a header value; "" when the value or the match is missing. */
export function alegIdFrom(rule: AlegRule, value: string | undefined): string {
  if (value === undefined || value === '') return '';
  if (rule.pattern === undefined) return value;
  const m = rule.pattern.exec(value);
  return m === null ? '' : (m[rule.group] ?? '');
}
