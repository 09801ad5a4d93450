import { describe, expect, it } from 'vitest';
import { buildSearchQuery } from '../../../../src/api/search/build-query.js';
import { isCodePointCollation } from '../../../../src/api/search/collation.js';
import { likePrefixRange } from '../../../../src/api/search/render-sql.js';
import { smartTags, typedText } from '../../../../src/api/search/tags.js';
import { seedMapping } from './helpers.js';

describe('LIKE prefix ranges', () => {
  it('bounds the literal prefix by its successor', () => {
    expect(likePrefixRange('abc%')).toEqual({ lower: 'abc', upper: 'abd' });
    expect(likePrefixRange('ab_c%')).toEqual({ lower: 'ab', upper: 'ac' });
    expect(likePrefixRange('a\\%b%')).toEqual({ lower: 'a', upper: 'b' });
    expect(likePrefixRange('%abc')).toBeUndefined();
    expect(likePrefixRange('z\u{10FFFF}%')).toEqual({ lower: 'z\u{10FFFF}', upper: '{' });
    expect(likePrefixRange('\u{10FFFF}%')).toEqual({ lower: '\u{10FFFF}', upper: undefined });
    expect(likePrefixRange('a\uD7FF%')).toEqual({ lower: 'a\uD7FF', upper: 'a\uE000' });
  });

  it('recognises code-point collations only', () => {
    for (const c of ['C', 'POSIX', 'C.UTF-8', 'C.utf8']) expect(isCodePointCollation(c)).toBe(true);
    for (const c of ['en_US.UTF-8', 'de_DE', '']) expect(isCodePointCollation(c)).toBe(false);
  });
});

describe('buildSearchQuery', () => {
  it('orders newest first before the limit, bounds time by ms, and counts with the same WHERE', () => {
    const q = buildSearchQuery({
      table: 'hep_proto_1_call',
      clauses: [],
      fromMs: 1_700_000_000_123,
      toMs: 1_700_000_060_456,
      limit: 200,
      codePointCollation: true,
    });
    expect(q.text).toMatch(
      /WHERE create_date >= \$1::timestamptz AND create_date < \$2::timestamptz AND TRUE ORDER BY create_date DESC LIMIT 200$/,
    );
    expect(q.values).toEqual(['2023-11-14T22:13:20.123Z', '2023-11-14T22:14:20.457Z']);
    expect(q.countText).toContain('SELECT count(*)');
    expect(q.countText).toContain('LIMIT 2001) matching');
    expect(q.countText).not.toContain('ORDER BY');
    expect(q.countText).toContain(q.text.slice(q.text.indexOf(' WHERE '), q.text.indexOf(' ORDER BY ')));
  });

  it('refuses a table name that is not a data table', () => {
    expect(() =>
      buildSearchQuery({
        table: 'users; --',
        clauses: [],
        fromMs: 0,
        toMs: 1,
        limit: 1,
        codePointCollation: false,
      }),
    ).toThrow();
  });
});

describe('smart search tags', () => {
  const call = seedMapping(1, 'call');

  it('maps protocol_header to net. and SIP data_header to sip., filtered by the typed word', () => {
    const tags = smartTags(call, 'data_header.to_user = "1" AND from_u');
    expect(tags).toEqual([{ value: 'data_header.from_user', name: 'sip.from_user' }]);
    expect(
      smartTags(call, '').some((t) => t.value === 'protocol_header.srcIp' && t.name === 'net.srcIp'),
    ).toBe(true);
    expect(smartTags(seedMapping(100, 'default'), 'proto')).toContainEqual({
      value: 'data_header.protocol',
      name: 'data_header.protocol',
    });
  });

  it('reads the typed text from the query JSON', () => {
    expect(typedText('{"data":"from"}')).toBe('from');
    expect(typedText(undefined)).toBe('');
    expect(typedText('plain')).toBe('plain');
  });
});
