import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CorrelationRuleRecord } from '../../../../src/api/config/mapping-store.js';
import { correlate } from '../../../../src/api/correlation/engine.js';
import { parseFieldRef, sqlExpression } from '../../../../src/api/correlation/field-ref.js';
import { compileRules } from '../../../../src/api/correlation/rules.js';
import {
  applyTransforms,
  legacyJsTransform,
  parseTransforms,
} from '../../../../src/api/correlation/transforms.js';
import { FixtureSource, sip, T0 } from './fixtures.js';

const B2B_JS =
  "var returnData=[]; for (var i = 0; i < data.length; i++) { returnData.push(data[i]+'_b2b-1'); }; returnData;";

function callMapping(rules: CorrelationRuleRecord[]) {
  return [{ hepid: 1, profile: 'call', correlation_mapping: rules }];
}

const base = {
  source_field: 'data_header.callid',
  lookup_id: 1,
  lookup_profile: 'call',
  lookup_range: [-300, 200],
};

describe('lookup_field translation', () => {
  it.each([
    ['sid', 'sid'],
    ["data_header->>'callid'", "data_header->>'callid'"],
    ['data_header.callid', "data_header->>'callid'"],
    ["protocol_header ->> 'correlation_id'", "protocol_header->>'correlation_id'"],
    ['protocol_header.srcIp', "protocol_header->>'srcIp'"],
    ['correlation_id', "protocol_header->>'correlation_id'"],
  ])('%s → %s', (field, sql) => {
    const ref = parseFieldRef(field);
    expect(ref).toBeDefined();
    expect(sqlExpression(ref!)).toBe(sql);
  });

  it.each([
    'sid OR 1=1',
    "data_header->>'callid' OR true",
    "data_header->>'call''id'",
    'lower(sid)',
    'raw',
    "data_header->'callid'",
    'data_header.callid; DROP TABLE users',
    'data_header.call id',
    "protocol_header->>'x'--",
    "data_header->>'ｃallid'",
  ])('rejects %s with a warning', (field) => {
    expect(parseFieldRef(field)).toBeUndefined();
    const { rules, warnings } = compileRules(callMapping([{ ...base, lookup_field: field }]), {
      legTailSeconds: 0,
    });
    expect(rules).toEqual([]);
    expect(warnings[0]?.reason).toMatch(/lookup_field/);
  });

  it('rejects bad targets and ranges, keeps the valid rules of the same mapping', () => {
    const { rules, warnings } = compileRules(
      callMapping([
        { ...base, lookup_field: 'sid', lookup_profile: 'call; drop' },
        { ...base, lookup_field: 'sid', lookup_id: 0 },
        { ...base, lookup_field: 'sid', lookup_range: ['a', 1] as unknown as number[] },
        { ...base, lookup_field: 'sid', lookup_profile: 'call|registration|default' },
      ]),
      { legTailSeconds: 0 },
    );
    expect(warnings.map((w) => w.origin)).toEqual(['1_call#0', '1_call#1', '1_call#2']);
    expect(rules[0]?.targetTables).toEqual([
      'hep_proto_1_call',
      'hep_proto_1_registration',
      'hep_proto_1_default',
    ]);
  });
});

describe('input transforms', () => {
  it("turns HOMER's _b2b-1 snippet into append_suffix without running it", () => {
    expect(legacyJsTransform(B2B_JS)).toEqual({ ok: true, ops: [{ op: 'append_suffix', value: '_b2b-1' }] });
    expect(legacyJsTransform(B2B_JS.replace(/\s+/g, '  ').replace("'_b2b-1'", '"_b2b-2"'))).toMatchObject({
      ok: true,
      ops: [{ op: 'append_suffix', value: '_b2b-2' }],
    });
  });

  it('never evaluates other JavaScript: a malicious snippet only disables its rule', async () => {
    const marker = `/tmp/h4-pwned-${process.pid}`;
    const snippets = [
      `require('fs').writeFileSync('${marker}', 'x'); globalThis.h4Pwned = true; data;`,
      B2B_JS.replace(
        'returnData;',
        `globalThis.h4Pwned = true; require('fs').writeFileSync('${marker}','x'); returnData;`,
      ),
      B2B_JS.replace("data[i]+'_b2b-1'", "data[i]+'_b2b-1'+(globalThis.h4Pwned=true)"),
      "var returnData=[]; for (var i = 0; i < data.length; i++) { returnData.push(data[i]+'x'+(globalThis.h4Pwned=1)); }; returnData;",
    ];
    for (const js of snippets) {
      const { rules, warnings } = compileRules(
        callMapping([{ ...base, lookup_field: "data_header->>'callid'", input_function_js: js }]),
        { legTailSeconds: 0 },
      );
      expect(rules).toEqual([]);
      expect(warnings[0]?.reason).toMatch(/input_function_js/);
      const result = await correlate(
        new FixtureSource([sip('c', 'INVITE', T0), sip('c_b2b-1', 'INVITE', T0)]),
        rules,
        {
          seeds: [{ table: 'hep_proto_1_call', callids: ['c'] }],
          fromMs: T0 - 1000,
          toMs: T0 + 1000,
        },
      );
      expect(result.rows.map((r) => r.sid)).toEqual(['c']);
    }
    expect((globalThis as { h4Pwned?: unknown }).h4Pwned).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });

  it('applies the explicit ops in order and adds the results to the originals', () => {
    const parsed = parseTransforms([
      { op: 'strip_suffix', value: '_b2b-1' },
      { op: 'regex_replace', pattern: '^LEG-(\\d+)$', replacement: 'call-$1' },
      { op: 'lowercase' },
    ]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(applyTransforms(['LEG-42_b2b-1', 'plain'], parsed.ops)).toEqual([
      'LEG-42_b2b-1',
      'call-42',
      'plain',
    ]);
  });

  it('refuses unknown ops, oversized or broken patterns', () => {
    expect(parseTransforms([{ op: 'eval', value: 'x' }]).ok).toBe(false);
    expect(parseTransforms([{ op: 'regex_replace', pattern: 'a'.repeat(201), replacement: '' }]).ok).toBe(
      false,
    );
    expect(parseTransforms([{ op: 'regex_replace', pattern: '(', replacement: '' }]).ok).toBe(false);
    expect(parseTransforms([{ op: 'append_suffix' }]).ok).toBe(false);
    expect(parseTransforms({ op: 'lowercase' }).ok).toBe(false);
  });

  it('input_transform drives a rule, and its inverse finds the leg the other way', async () => {
    const mapping = callMapping([
      {
        ...base,
        lookup_field: 'data_header.callid',
        input_transform: [{ op: 'append_suffix', value: '-out' }],
      },
    ]);
    const { rules } = compileRules(mapping, { legTailSeconds: 0 });
    const rows = [sip('x', 'INVITE', T0), sip('x-out', 'INVITE', T0 + 10)];
    for (const seed of ['x', 'x-out']) {
      const result = await correlate(new FixtureSource(rows), rules, {
        seeds: [{ table: 'hep_proto_1_call', callids: [seed] }],
        fromMs: T0 - 1000,
        toMs: T0 + 1000,
      });
      expect(result.rows.map((r) => r.sid).sort()).toEqual(['x', 'x-out']);
    }
  });
});
