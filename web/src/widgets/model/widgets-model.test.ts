import { describe, expect, it } from 'vitest';
import { clockFace, clockZones, isTimeZone } from './clock.js';
import { parseInline, parseMarkdown, safeHref } from './markdown.js';
import { chartData, seriesLabel } from './prom-series.js';
import { formFields, searchEntries } from './search-fields.js';
import { inQuotes, insertField, wordAt } from './smart-input.js';

const MAPPING = [
  { id: 'sid', name: 'Session ID', position: 1, sid_type: true },
  { id: 'data_header.method', name: 'SIP Method', position: 2 },
  { id: 'data_header.from_user', name: 'SIP From user', position: 6 },
  { id: 'protocol_header.srcPort', name: 'Src Port', type: 'integer', position: 9, hide: true },
  { id: 'protocol_header.capturePass', name: 'Capture Pass', position: 10, skip: true },
  { id: 'raw', name: 'SIP RAW', position: 11, skip: true },
  { id: 'profile', name: 'Profile', position: 12, profile: true },
  { id: 'node', name: 'Node', position: 13, system_param: true },
  { id: 'smartinput', name: 'Smart Input', position: 26, form_type: 'smart-input' },
];

describe('formFields', () => {
  it('lists the searchable fields in position order, hidden ones and SIP RAW included', () => {
    expect(formFields(MAPPING).map((f) => f.label)).toEqual([
      'Session ID',
      'SIP Method',
      'SIP From user',
      'Src Port',
      'SIP RAW',
    ]);
    expect(formFields(MAPPING)[3]).toEqual({
      id: 'protocol_header.srcPort',
      label: 'Src Port',
      type: 'integer',
    });
  });
  it('narrows to a stored homer-ui widget field list, ignoring control entries', () => {
    const chosen = [
      { field_name: 'data_header.from_user' },
      { field_name: 'data_header.method' },
      { field_name: 'limit' },
      { field_name: 'targetResultsContainer' },
      { field_name: 'data_header.unknown' },
    ];
    expect(formFields(MAPPING, chosen).map((f) => f.id)).toEqual([
      'data_header.from_user',
      'data_header.method',
    ]);
    expect(formFields(MAPPING, [{ field_name: 'limit' }])).toHaveLength(5);
  });
  it('sends only filled-in values, trimmed', () => {
    const fields = formFields(MAPPING);
    expect(
      searchEntries(fields, {
        'data_header.from_user': ' alice ',
        sid: '  ',
        'protocol_header.srcPort': '5060',
      }),
    ).toEqual([
      { name: 'data_header.from_user', value: 'alice', type: 'string' },
      { name: 'protocol_header.srcPort', value: '5060', type: 'integer' },
    ]);
  });
});

describe('markdown', () => {
  it('parses headings, emphasis, lists, links and code', () => {
    const blocks = parseMarkdown(
      '# On call\n\nCheck **trunk** and *carrier* `5060`.\n\n- one\n- [wiki](https://wiki.example/x)\n1. first\n\n```\nSELECT 1\n```',
    );
    expect(blocks.map((b) => b.t)).toEqual(['heading', 'paragraph', 'list', 'list', 'code']);
    expect(blocks[0]).toEqual({ t: 'heading', level: 1, children: [{ t: 'text', text: 'On call' }] });
    expect(blocks[1]).toEqual({
      t: 'paragraph',
      children: [
        { t: 'text', text: 'Check ' },
        { t: 'strong', children: [{ t: 'text', text: 'trunk' }] },
        { t: 'text', text: ' and ' },
        { t: 'em', children: [{ t: 'text', text: 'carrier' }] },
        { t: 'text', text: ' ' },
        { t: 'code', text: '5060' },
        { t: 'text', text: '.' },
      ],
    });
    expect(blocks[2]).toMatchObject({
      ordered: false,
      items: [[{ text: 'one' }], [{ t: 'link', href: 'https://wiki.example/x' }]],
    });
    expect(blocks[3]).toMatchObject({ ordered: true });
    expect(blocks[4]).toEqual({ t: 'code', text: 'SELECT 1' });
  });
  it('keeps HTML as text and drops unsafe link targets', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)>')).toEqual([
      { t: 'paragraph', children: [{ t: 'text', text: '<img src=x onerror=alert(1)>' }] },
    ]);
    expect(parseInline('[x](javascript:alert(1))')).toEqual([
      { t: 'text', text: 'x' },
      { t: 'text', text: ')' },
    ]);
    expect(safeHref('JavaScript:alert(1)')).toBeUndefined();
    expect(safeHref('//evil.example')).toBeUndefined();
    expect(safeHref('/dashboard/home')).toBe('/dashboard/home');
    expect(safeHref('mailto:noc@example.com')).toBe('mailto:noc@example.com');
  });
});

describe('clock', () => {
  it('reads our zones, else homer-ui location name or offset', () => {
    expect(clockZones({ zones: ['Europe/Berlin', 'Not/AZone', 'America/New_York'] })).toEqual([
      'Europe/Berlin',
      'America/New_York',
    ]);
    expect(clockZones({ location: { name: 'UTC', offset: '+0' } })).toEqual(['UTC']);
    expect(clockZones({ location: { name: 'Moscow time', offset: '+3' } })).toEqual(['Etc/GMT-3']);
    expect(clockZones(undefined)).toEqual(['UTC']);
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
  it('formats the time, date and offset of a zone', () => {
    const t = Date.UTC(2024, 0, 15, 23, 30, 5);
    expect(clockFace(t, 'UTC')).toEqual({
      zone: 'UTC',
      time: '23:30:05',
      date: '2024-01-15',
      offset: 'UTC+00:00',
    });
    expect(clockFace(t, 'Asia/Kolkata')).toMatchObject({
      time: '05:00:05',
      date: '2024-01-16',
      offset: 'UTC+05:30',
    });
    expect(clockFace(t, 'America/New_York').offset).toBe('UTC-05:00');
  });
});

describe('chartData', () => {
  it('aligns series from several queries on one time axis, gaps as null', () => {
    const replies = [
      {
        status: 'success',
        data: {
          result: [
            {
              metric: { response: 'INVITE' },
              values: [
                [100, '1'],
                [160, '2'],
              ],
            },
            {
              metric: { response: '200' },
              values: [
                [160, '3'],
                [220, 'NaN'],
              ],
            },
          ],
        },
      },
      { status: 'error', error: 'parse error' },
    ];
    expect(chartData(replies, ['q1', 'q2'])).toEqual({
      times: [100, 160],
      series: [
        { label: 'INVITE', values: [1, 2] },
        { label: '200', values: [null, 3] },
      ],
      errors: ['q2: parse error'],
    });
  });
  it('names series by their labels', () => {
    expect(seriesLabel({ __name__: 'up' }, 'up')).toBe('up');
    expect(seriesLabel({ method: 'INVITE', node_id: 'a' }, 'q')).toBe('{method="INVITE", node_id="a"}');
    expect(seriesLabel(undefined, 'sum(x)')).toBe('sum(x)');
  });
});

describe('smart input', () => {
  it('finds the fragment being typed and inserts a field', () => {
    const text = 'sip.method = "INVITE" AND from';
    expect(wordAt(text, text.length)).toEqual({ start: 26, end: 30, text: 'from' });
    expect(insertField(text, text.length, 'sip.from_user')).toEqual({
      text: 'sip.method = "INVITE" AND sip.from_user = ""',
      caret: 43,
    });
    expect(inQuotes(text, 16)).toBe(true);
    expect(inQuotes(text, text.length)).toBe(false);
    expect(inQuotes('a = "x\\"y', 9)).toBe(true);
  });
});
