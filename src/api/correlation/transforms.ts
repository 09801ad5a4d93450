/**
 * Safe replacements for homer-app's `input_function_js` (JavaScript it runs in goja over the
 * collected values). Nothing from a rule is ever executed. A rule may carry
 *
 *   "input_transform": [
 *     {"op": "append_suffix", "value": "_b2b-1"},     // v + value
 *     {"op": "strip_suffix",  "value": "_b2b-1"},     // v without a trailing value (unchanged if absent)
 *     {"op": "regex_replace", "pattern": "^(.*)-leg\\d$", "replacement": "$1", "global": false},
 *     {"op": "lowercase"}
 *   ]
 *
 * The ops run in order on every collected value; as with homer-app's JS, the results are ADDED to
 * the original values (a lookup uses both). `regex_replace` patterns are limited to
 * MAX_PATTERN_LENGTH characters and only applied to values up to MAX_REGEX_INPUT characters, which
 * bounds the cost of a badly written expression. The one JS snippet HOMER ships (append `_b2b-1`)
 * is recognised by shape and turned into `append_suffix`; any other JS makes the rule invalid.
 */

export const MAX_PATTERN_LENGTH = 200;
export const MAX_REGEX_INPUT = 512;
const MAX_AFFIX_LENGTH = 64;

export type TransformOp =
  | { readonly op: 'append_suffix'; readonly value: string }
  | { readonly op: 'strip_suffix'; readonly value: string }
  | { readonly op: 'regex_replace'; readonly regex: RegExp; readonly replacement: string }
  | { readonly op: 'lowercase' };

export type TransformResult = { ok: true; ops: TransformOp[] } | { ok: false; reason: string };

function affix(step: Record<string, unknown>): string | undefined {
  const value = step.value;
  return typeof value === 'string' && value !== '' && value.length <= MAX_AFFIX_LENGTH ? value : undefined;
}

/** Validates an `input_transform` array. */
export function parseTransforms(spec: unknown): TransformResult {
  if (!Array.isArray(spec)) return { ok: false, reason: 'input_transform must be an array' };
  const ops: TransformOp[] = [];
  for (const step of spec as unknown[]) {
    if (!step || typeof step !== 'object')
      return { ok: false, reason: 'input_transform step is not an object' };
    const s = step as Record<string, unknown>;
    switch (s.op) {
      case 'append_suffix':
      case 'strip_suffix': {
        const value = affix(s);
        if (value === undefined)
          return { ok: false, reason: `${s.op} needs a value of 1-${MAX_AFFIX_LENGTH} chars` };
        ops.push({ op: s.op, value });
        break;
      }
      case 'regex_replace': {
        const { pattern, replacement } = s;
        if (typeof pattern !== 'string' || pattern === '' || pattern.length > MAX_PATTERN_LENGTH) {
          return { ok: false, reason: `regex_replace needs a pattern of 1-${MAX_PATTERN_LENGTH} chars` };
        }
        if (typeof replacement !== 'string' || replacement.length > MAX_PATTERN_LENGTH) {
          return { ok: false, reason: 'regex_replace needs a replacement string' };
        }
        let regex: RegExp;
        try {
          regex = new RegExp(pattern, s.global === true ? 'g' : '');
        } catch {
          return { ok: false, reason: 'regex_replace pattern does not compile' };
        }
        ops.push({ op: 'regex_replace', regex, replacement });
        break;
      }
      case 'lowercase':
        ops.push({ op: 'lowercase' });
        break;
      default:
        return {
          ok: false,
          reason: `unknown input_transform op ${JSON.stringify(String(s.op)).slice(0, 40)}`,
        };
    }
  }
  return { ok: true, ops };
}

// var returnData=[]; for (var i = 0; i < data.length; i++) { returnData.push(data[i]+'_b2b-1'); }; returnData;
const LEGACY_APPEND_RE =
  /^(?:var|let|const)returnData=\[\];?for\((?:var|let)i=0;i<data\.length;i\+\+\)\{returnData\.push\(data\[i\]\+(['"])([A-Za-z0-9_.@:+-]{1,64})\1\);?\};?(?:returnData;?|returnreturnData;?)?$/;

/**
 * Recognises HOMER's `_b2b-1` snippet (and the same loop with another plain suffix) without
 * running it. Whitespace is ignored; any other code is refused.
 */
export function legacyJsTransform(js: unknown): TransformResult {
  if (typeof js !== 'string' || js.length > 1000)
    return { ok: false, reason: 'input_function_js is not recognised' };
  const match = LEGACY_APPEND_RE.exec(js.replace(/\s+/g, ''));
  if (!match) return { ok: false, reason: 'input_function_js is not recognised (it is never executed)' };
  return { ok: true, ops: [{ op: 'append_suffix', value: match[2] as string }] };
}

function applyOne(value: string, op: TransformOp): string {
  switch (op.op) {
    case 'append_suffix':
      return value + op.value;
    case 'strip_suffix':
      return value.endsWith(op.value) ? value.slice(0, -op.value.length) : value;
    case 'regex_replace':
      return value.length > MAX_REGEX_INPUT ? value : value.replace(op.regex, op.replacement);
    case 'lowercase':
      return value.toLowerCase();
  }
}

/** The original values plus their transformed forms (homer-app adds, it does not replace). */
export function applyTransforms(values: Iterable<string>, ops: readonly TransformOp[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    out.add(value);
    if (ops.length === 0) continue;
    const transformed = ops.reduce(applyOne, value);
    if (transformed !== '') out.add(transformed);
  }
  return [...out];
}

/** The inverse chain when every op has one (suffix ops); undefined otherwise. */
export function invertTransforms(ops: readonly TransformOp[]): TransformOp[] | undefined {
  const inverse: TransformOp[] = [];
  for (const op of [...ops].reverse()) {
    if (op.op === 'append_suffix') inverse.push({ op: 'strip_suffix', value: op.value });
    else if (op.op === 'strip_suffix') inverse.push({ op: 'append_suffix', value: op.value });
    else return undefined;
  }
  return inverse;
}

export function describeTransforms(ops: readonly TransformOp[]): string {
  return ops
    .map((op) =>
      op.op === 'regex_replace'
        ? `${op.op}:${op.regex.source}:${op.replacement}`
        : `${op.op}:${'value' in op ? op.value : ''}`,
    )
    .join(',');
}
