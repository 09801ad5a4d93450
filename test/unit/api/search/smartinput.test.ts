import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/api/http/errors.js';
import { resolveSmartField } from '../../../../src/api/search/fields.js';
import { renderClauses, SqlParams } from '../../../../src/api/search/render-sql.js';
import { parseSmartInput } from '../../../../src/api/search/smartinput.js';
import { seedMapping } from './helpers.js';

const mapping = seedMapping(1, 'default');

function sql(input: string) {
  const params = new SqlParams();
  const clauses = parseSmartInput(input, (name) => resolveSmartField(mapping, name));
  return { text: renderClauses(clauses, params, { codePointCollation: false }), values: params.values };
}

function error(input: string): string {
  try {
    sql(input);
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 400) return err.message;
    throw err;
  }
  throw new Error(`accepted: ${input}`);
}

describe('smartinput parser', () => {
  it('parses field op "value" joined by AND/OR, keeping SQL precedence', () => {
    expect(sql('data_header.to_user = "2002" AND protocol_header.dstIp = "10.0.0.1"')).toEqual({
      text: "((data_header->>'to_user') = $1::text AND (protocol_header->>'dstIp') = $2::text)",
      values: ['2002', '10.0.0.1'],
    });
    expect(sql("from_user = '1' or to_user != 2 and method LIKE 'INV%'").text).toBe(
      "((data_header->>'from_user') = $1::text OR (data_header->>'to_user') <> $2::text AND (data_header->>'method') LIKE $3::text)",
    );
  });

  it('accepts parentheses, tag names and bare keys', () => {
    expect(sql('(sip.from_user = "1" OR net.srcIp = "10.0.0.1") AND method = INVITE').text).toBe(
      "(((data_header->>'from_user') = $1::text OR (protocol_header->>'srcIp') = $2::text) AND (data_header->>'method') = $3::text)",
    );
  });

  it('compares integer fields numerically for < > and as canonical text for =', () => {
    const q = sql('protocol_header.srcPort >= 5060 AND srcPort = "05061"');
    expect(q.text).toContain('::numeric END) >= $1::numeric');
    expect(q.values).toEqual(['5060', '5061']);
    expect(error('srcPort > "x"')).toContain('not an integer');
  });

  it('supports NOT LIKE, isEmpty/isNull and raw', () => {
    expect(sql('user_agent NOT LIKE "%bot%"').text).toBe("((data_header->>'user_agent') NOT LIKE $1::text)");
    expect(sql('user_agent = "isNull"').text).toBe("((data_header->>'user_agent') IS NULL)");
    expect(sql('raw = "486 Busy"')).toEqual({ text: '(raw ILIKE $1::text)', values: ['%486 Busy%'] });
  });

  it('unescapes quoted strings and binds them', () => {
    expect(sql('from_user = "a\\"b\' OR 1=1 --"').values).toEqual(['a"b\' OR 1=1 --']);
  });

  it('rejects everything else with a 400 that says where', () => {
    expect(error('from_user = "1" ; DROP TABLE users')).toContain('position 17');
    expect(error('from_user')).toContain('expected one of');
    expect(error('from_user = ')).toContain('expected a value');
    expect(error('from_user = "1" AND')).toContain('expected a field');
    expect(error('(from_user = "1"')).toContain('expected ")"');
    expect(error('from_user = "1')).toContain('unterminated');
    expect(error('nope = "1"')).toContain('not searchable');
    expect(error("data_header.from_user'); -- = 1")).toContain('smartinput');
    expect(error('protocol_header.srcIp->>0 = 1')).toContain('smartinput');
    expect(error('from_user = "1" UNION SELECT 1')).toContain('expected AND or OR');
    expect(error('from_user = "a\u0000"')).toContain('NUL');
    expect(error('('.repeat(40) + 'from_user = 1' + ')'.repeat(40))).toContain('nested');
  });

  it('returns nothing for blank input', () => {
    expect(parseSmartInput('   ', (n) => resolveSmartField(mapping, n))).toEqual([]);
  });
});
