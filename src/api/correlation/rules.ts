import { isDataTableName } from '../../storage/table-names.js';
import type { CorrelationRuleRecord, MappingRecord } from '../config/mapping-store.js';
import {
  asLookupRef,
  parseFieldRef,
  parseSourceRef,
  sameRef,
  sqlExpression,
  type FieldRef,
  type SourceRef,
} from './field-ref.js';
import {
  describeTransforms,
  invertTransforms,
  legacyJsTransform,
  parseTransforms,
  type TransformOp,
} from './transforms.js';

/** A validated correlation rule: rows of `sourceTable` lead to rows of `targetTables`. */
export interface CorrelationRule {
  readonly sourceTable: string;
  readonly source: SourceRef;
  readonly targetTables: readonly string[];
  readonly lookup: FieldRef;
  /** SQL generated from `lookup` (never text from the rule). */
  readonly expression: string;
  /** Added to the found time extent: [before, after] in milliseconds. */
  readonly rangeMs: readonly [number, number];
  readonly transforms: readonly TransformOp[];
  /** Where the rule came from, for logs: `1_call#2`, `1_call#2 reversed`, `1_call same-leg`. */
  readonly origin: string;
}

export interface RuleWarning {
  readonly origin: string;
  readonly reason: string;
}

export interface CompileOptions {
  /**
   * How far after the last found message the messages of an already found `*_call` leg are looked
   * up (its `sid`), so the BYE of a long call is found. Default 2 h.
   */
  readonly legTailSeconds?: number;
}

export const DEFAULT_RANGE_SECONDS: readonly [number, number] = [-300, 200];
export const DEFAULT_LEG_TAIL_SECONDS = 2 * 3600;
/** A rule may look up to a week around the found messages; more is surely a typo. */
const MAX_RANGE_SECONDS = 7 * 86_400;

function rangeOf(record: CorrelationRuleRecord): [number, number] | undefined {
  const range = record.lookup_range;
  if (range === undefined) return [DEFAULT_RANGE_SECONDS[0] * 1000, DEFAULT_RANGE_SECONDS[1] * 1000];
  if (!Array.isArray(range) || range.length < 2) return undefined;
  const [before, after] = range.map(Number) as [number, number];
  if (!Number.isFinite(before) || !Number.isFinite(after)) return undefined;
  if (Math.abs(before) > MAX_RANGE_SECONDS || Math.abs(after) > MAX_RANGE_SECONDS) return undefined;
  return [Math.min(before, 0) * 1000, Math.max(after, 0) * 1000];
}

function targetTablesOf(record: CorrelationRuleRecord): string[] | string {
  const id = Number(record.lookup_id);
  if (!Number.isInteger(id) || id < 0) return 'lookup_id is not a HEP type';
  if (id === 0) return 'lookup_id 0 (remote lookup) is not supported';
  const profiles = typeof record.lookup_profile === 'string' ? record.lookup_profile.split('|') : [];
  const tables = profiles.map((p) => `hep_proto_${id}_${p.trim()}`);
  if (tables.length === 0 || !tables.every(isDataTableName)) return 'lookup_profile is not a profile name';
  return [...new Set(tables)];
}

function transformsOf(record: CorrelationRuleRecord): TransformOp[] | string {
  const ops: TransformOp[] = [];
  if (record.input_transform !== undefined) {
    const parsed = parseTransforms(record.input_transform);
    if (!parsed.ok) return parsed.reason;
    ops.push(...parsed.ops);
  }
  if (record.input_function_js !== undefined && record.input_function_js !== '') {
    // An explicit input_transform wins: the JS is then only a leftover for homer-app.
    if (record.input_transform === undefined) {
      const legacy = legacyJsTransform(record.input_function_js);
      if (!legacy.ok) return legacy.reason;
      ops.push(...legacy.ops);
    }
  }
  for (const key of ['input_script', 'output_script'] as const) {
    if (typeof record[key] === 'string' && record[key] !== '')
      return `${key} is not supported (scripts are never run)`;
  }
  return ops;
}

function compileOne(
  sourceTable: string,
  record: CorrelationRuleRecord,
  origin: string,
): CorrelationRule | RuleWarning {
  const source = parseSourceRef(record.source_field);
  if (!source)
    return {
      origin,
      reason: `source_field ${JSON.stringify(String(record.source_field)).slice(0, 80)} is not understood`,
    };
  const lookup = parseFieldRef(record.lookup_field);
  if (!lookup)
    return {
      origin,
      reason: `lookup_field ${JSON.stringify(String(record.lookup_field)).slice(0, 80)} is not an allowed field`,
    };
  const targetTables = targetTablesOf(record);
  if (typeof targetTables === 'string') return { origin, reason: targetTables };
  const rangeMs = rangeOf(record);
  if (!rangeMs) return { origin, reason: 'lookup_range must be two numbers of seconds within a week' };
  const transforms = transformsOf(record);
  if (typeof transforms === 'string') return { origin, reason: transforms };
  return {
    sourceTable,
    source,
    targetTables,
    lookup,
    expression: sqlExpression(lookup),
    rangeMs,
    transforms,
    origin,
  };
}

/**
 * The rule the other way round: homer-app's `correlation_id → sid` finds leg A from leg B (B
 * carries A's Call-ID), the reverse finds B from A, so it does not matter which leg the user
 * clicked. Only for rules whose transforms can be inverted (suffix ops).
 */
function reversed(rule: CorrelationRule): CorrelationRule[] {
  const lookup = asLookupRef(rule.source);
  const transforms = invertTransforms(rule.transforms);
  if (!lookup || !transforms) return [];
  return rule.targetTables.map((table) => ({
    sourceTable: table,
    source: rule.lookup,
    targetTables: [rule.sourceTable],
    lookup,
    expression: sqlExpression(lookup),
    rangeMs: [-rule.rangeMs[1], -rule.rangeMs[0]] as const,
    transforms,
    origin: `${rule.origin} reversed`,
  }));
}

function signature(rule: CorrelationRule): string {
  const source = rule.source.kind === 'sid' ? 'sid' : `${rule.source.kind}.${rule.source.key}`;
  return [
    rule.sourceTable,
    source,
    rule.targetTables.join('|'),
    rule.expression,
    describeTransforms(rule.transforms),
  ].join(' ');
}

/**
 * Compiles every mapping's `correlation_mapping` into rules. A rule applies to rows of the table
 * whose mapping holds it (`hep_proto_{hepid}_{profile}`), so rows found in RTCP or LOG tables
 * follow their own mapping's rules on the next hop. Invalid rules are dropped and reported.
 */
export function compileRules(
  mappings: readonly Pick<MappingRecord, 'hepid' | 'profile' | 'correlation_mapping'>[],
  options: CompileOptions = {},
): { rules: CorrelationRule[]; warnings: RuleWarning[] } {
  const rules: CorrelationRule[] = [];
  const warnings: RuleWarning[] = [];
  const seen = new Set<string>();
  const add = (rule: CorrelationRule): void => {
    const sig = signature(rule);
    if (seen.has(sig)) return;
    seen.add(sig);
    rules.push(rule);
  };
  const legTailMs = (options.legTailSeconds ?? DEFAULT_LEG_TAIL_SECONDS) * 1000;
  const direct: CorrelationRule[] = [];
  for (const mapping of mappings) {
    const sourceTable = `hep_proto_${mapping.hepid}_${mapping.profile}`;
    const key = `${mapping.hepid}_${mapping.profile}`;
    if (!isDataTableName(sourceTable)) continue;
    mapping.correlation_mapping.forEach((record, index) => {
      const compiled = compileOne(sourceTable, record ?? {}, `${key}#${index}`);
      if ('reason' in compiled) warnings.push(compiled);
      else direct.push(compiled);
    });
    if (mapping.profile === 'call' && legTailMs > 0) {
      // The rest of a leg already found: same sid, same table, up to legTail after the last message.
      direct.push({
        sourceTable,
        source: { kind: 'sid' },
        targetTables: [sourceTable],
        lookup: { kind: 'sid' },
        expression: 'sid',
        rangeMs: [DEFAULT_RANGE_SECONDS[0] * 1000, legTailMs],
        transforms: [],
        origin: `${key} same-leg`,
      });
    }
  }
  for (const rule of direct) add(rule);
  for (const rule of direct) {
    if (rule.origin.endsWith('same-leg')) continue;
    for (const back of reversed(rule)) {
      if (
        sameRef(back.source, back.lookup) &&
        back.sourceTable === back.targetTables[0] &&
        back.transforms.length === 0
      )
        continue;
      add(back);
    }
  }
  return { rules, warnings };
}
