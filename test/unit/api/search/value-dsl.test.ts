import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/api/http/errors.js';
import { resolveField } from '../../../../src/api/search/fields.js';
import { planSearch } from '../../../../src/api/search/plan.js';
import { renderClauses, SqlParams } from '../../../../src/api/search/render-sql.js';
import { parseEntryValue } from '../../../../src/api/search/value-dsl.js';
import { seedMapping } from './helpers.js';

const call = seedMapping(1, 'call');
const field = (name: string) => resolveField(call, name);

function sql(entries: { name: string; value: unknown }[], orlogic = false, codePointCollation = false) {
  const params = new SqlParams();
  const text = renderClauses(planSearch(call, entries, orlogic).clauses, params, { codePointCollation });
  return { text, values: params.values };
}

function status(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ApiError ? err.statusCode : -1;
  }
  return undefined;
}

describe('search value syntax', () => {
  it('compares a plain value with = and binds it', () => {
    expect(sql([{ name: 'data_header.from_user', value: '1001' }])).toEqual({
      text: "((data_header->>'from_user') = $1::text)",
      values: ['1001'],
    });
  });

  it('turns a;b into IN and !=a;b into NOT IN', () => {
    expect(sql([{ name: 'data_header.method', value: 'INVITE;BYE' }]).text).toBe(
      "((data_header->>'method') IN ($1::text, $2::text))",
    );
    expect(sql([{ name: 'data_header.method', value: '!=INVITE;BYE' }]).text).toBe(
      "((data_header->>'method') NOT IN ($1::text, $2::text))",
    );
  });

  it('turns % into LIKE, % with ; into LIKE ANY and its negation into NOT LIKE ALL', () => {
    expect(sql([{ name: 'data_header.from_user', value: '10%' }]).text).toBe(
      "((data_header->>'from_user') LIKE $1::text)",
    );
    const any = sql([{ name: 'data_header.from_user', value: '10%;20%' }]);
    expect(any.text).toBe("((data_header->>'from_user') LIKE ANY (ARRAY[$1::text, $2::text]))");
    expect(any.values).toEqual(['10%', '20%']);
    expect(sql([{ name: 'data_header.from_user', value: '!=10%;20%' }]).text).toBe(
      "((data_header->>'from_user') NOT LIKE ALL (ARRAY[$1::text, $2::text]))",
    );
  });

  it('turns a pure prefix into an index range under a code-point collation, else adds the range to the LIKE', () => {
    const q = sql([{ name: 'data_header.from_user', value: 'abc%' }], false, true);
    expect(q.text).toBe(
      "(((data_header->>'from_user') >= $1::text AND (data_header->>'from_user') < $2::text))",
    );
    expect(q.values).toEqual(['abc', 'abd']);
    const inner = sql([{ name: 'data_header.from_user', value: 'ab_c%' }], false, true);
    expect(inner.text).toBe(
      "(((data_header->>'from_user') LIKE $1::text AND (data_header->>'from_user') >= $2::text AND (data_header->>'from_user') < $3::text))",
    );
    expect(inner.values).toEqual(['ab_c%', 'ab', 'ac']);
    // Without a code-point collation the LIKE stays alone.
    expect(sql([{ name: 'data_header.from_user', value: 'abc%' }], false, false).values).toEqual(['abc%']);
    // No range for a leading wildcard or a negation.
    expect(sql([{ name: 'data_header.from_user', value: '%abc' }], false, true).values).toEqual(['%abc']);
    expect(sql([{ name: 'data_header.from_user', value: '!=abc%' }], false, true).values).toEqual(['abc%']);
  });

  it('joins with OR for orlogic and for a || prefix', () => {
    const entries = [
      { name: 'data_header.from_user', value: '1001' },
      { name: 'data_header.to_user', value: '||2002' },
      { name: 'data_header.method', value: 'INVITE' },
    ];
    expect(sql(entries).text).toBe(
      "((data_header->>'from_user') = $1::text OR (data_header->>'to_user') = $2::text AND (data_header->>'method') = $3::text)",
    );
    expect(sql(entries.slice(0, 1).concat({ name: 'data_header.method', value: 'BYE' }), true).text).toBe(
      "((data_header->>'from_user') = $1::text OR (data_header->>'method') = $2::text)",
    );
  });

  it('knows isEmpty and isNull, negated too', () => {
    expect(sql([{ name: 'data_header.user_agent', value: 'isEmpty' }]).text).toBe(
      "((data_header->>'user_agent') = '')",
    );
    expect(sql([{ name: 'data_header.user_agent', value: '!=isEmpty' }]).text).toBe(
      "((data_header->>'user_agent') <> '')",
    );
    expect(sql([{ name: 'data_header.user_agent', value: 'isNull' }]).text).toBe(
      "((data_header->>'user_agent') IS NULL)",
    );
    expect(sql([{ name: 'data_header.user_agent', value: '!=isNull' }]).text).toBe(
      "((data_header->>'user_agent') IS NOT NULL)",
    );
  });

  it('canonicalises integers, rejects non-integers, and keeps captureId as text', () => {
    expect(sql([{ name: 'protocol_header.srcPort', value: '05060' }]).values).toEqual(['5060']);
    expect(status(() => sql([{ name: 'protocol_header.srcPort', value: 'abc' }]))).toBe(400);
    expect(status(() => sql([{ name: 'protocol_header.srcPort', value: '1;x' }]))).toBe(400);
    expect(field('protocol_header.captureId').kind).toBe('text');
    expect(sql([{ name: 'protocol_header.captureId', value: '0042' }]).values).toEqual(['0042']);
  });

  it('searches raw case-insensitively as a substring unless a % is given', () => {
    expect(sql([{ name: 'raw', value: 'Busy Here' }])).toEqual({
      text: '(raw ILIKE $1::text)',
      values: ['%Busy Here%'],
    });
    expect(sql([{ name: 'raw', value: 'INVITE sip:%' }]).values).toEqual(['INVITE sip:%']);
    expect(sql([{ name: 'raw', value: '!=a;b' }])).toEqual({
      text: '(raw NOT ILIKE $1::text)',
      values: ['%a;b%'],
    });
  });

  it('takes a multiselect array as IN without prefixes', () => {
    const clause = parseEntryValue(field('data_header.method'), ['INVITE', '!=BYE'], 'and');
    expect(clause.node).toMatchObject({ kind: 'in', negate: false, values: ['INVITE', '!=BYE'] });
  });

  it('reads the limit entry and skips empty values and system fields', () => {
    const plan = planSearch(
      call,
      [
        { name: 'limit', value: '500' },
        { name: 'data_header.to_user', value: '' },
        { name: 'node', value: ['localnode'] },
      ],
      false,
    );
    expect(plan).toEqual({ clauses: [], limit: 500 });
    expect(planSearch(call, [{ name: 'limit', value: '99999999' }], false).limit).toBe(100_000);
    expect(status(() => planSearch(call, [{ name: 'limit', value: '-1' }], false))).toBe(400);
  });

  it('rejects unknown fields, JSON-path tricks and NUL bytes with 400', () => {
    for (const name of [
      "data_header.from_user'); --",
      'protocol_header.srcIp->>0',
      'data_header.nope',
      'data_header',
      'profile_header.x',
      'create_date; DROP TABLE users',
    ]) {
      expect(
        status(() => sql([{ name, value: '1' }])),
        name,
      ).toBe(400);
    }
    expect(status(() => sql([{ name: 'data_header.from_user', value: 'a\u0000b' }]))).toBe(400);
  });

  it('binds hostile values and never splices them into the text', () => {
    for (const value of [
      "' OR 1=1 --",
      '"; DROP TABLE users; --',
      '\\',
      "%' ||",
      "data_header->>'x'",
      '$1',
      'ａ\u2019 OR 1=1',
    ]) {
      const q = sql([{ name: 'data_header.from_user', value }]);
      const rest = q.text.replace(/\(data_header->>'from_user'\)/g, '').replace(/\$\d+::text/g, '');
      expect(rest, value).toMatch(/^[()\sA-Z,[\]=<>]*$/);
      expect(q.values.length).toBeGreaterThan(0);
    }
  });
});
