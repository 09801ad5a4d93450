import { describe, expect, it } from 'vitest';
import { parseJsonPath, readJsonPath } from '../../../src/decoders/mapped/json-path.js';
import { compileField, fieldValue, MAX_VALUE_CHARS } from '../../../src/decoders/mapped/fields.js';
import {
  compileMappedProtocols,
  MAPPED_NOT_JSON,
  type MappingSchemaRow,
} from '../../../src/decoders/mapped/mapped-protocols.js';
import { BUILTIN_DECODERS, createDecoderRegistry } from '../../../src/decoders/registry.js';
import { DEFAULT_SIP_HEADERS } from '../../../src/decoders/defaults.js';
import { CTX, hepPacket } from './helpers.js';

const BUILTIN = new Set(BUILTIN_DECODERS.map((e) => e.hepid));

function row(
  id: number,
  hepid: number,
  profile: string,
  fields: unknown[],
  settings: unknown = {},
): MappingSchemaRow {
  return {
    id,
    hepid,
    profile,
    fields_mapping: JSON.stringify(fields),
    mapping_settings: JSON.stringify(settings),
  };
}

const CDR_FIELDS = [
  { id: 'sid', name: 'Session ID' },
  { id: 'data_header.callid', type: 'string', sid_type: true },
  { id: 'data_header.caller', json_path: '$.legs[0].from.user' },
  { id: 'data_header.callee', path: 'legs.1.to.user' },
  { id: 'data_header.duration', type: 'integer' },
  { id: 'data_header.answered', type: 'string' },
  { id: 'data_header.tags', type: 'string' },
  { id: 'protocol_header.srcIp', type: 'string' },
];

const CDR = {
  callid: 'abc@host',
  legs: [{ from: { user: 'alice' } }, { to: { user: 'bob' } }],
  duration: '42',
  answered: true,
  tags: ['a', 'b'],
};

describe('json paths', () => {
  it('parses dot paths with $ prefix, bracket and dot indexes', () => {
    expect(parseJsonPath('callid')).toEqual(['callid']);
    expect(parseJsonPath('$.legs[0].from.user')).toEqual(['legs', 0, 'from', 'user']);
    expect(parseJsonPath('a.b[2][3]')).toEqual(['a', 'b', 2, 3]);
    expect(parseJsonPath('legs.1.user')).toEqual(['legs', '1', 'user']);
  });
  it('rejects empty segments and nonsense', () => {
    for (const bad of ['', '$', 'a..b', '.a', 'a.', 'a[x]', '[0]x', 'a.'.repeat(20) + 'b']) {
      expect(parseJsonPath(bad), bad).toBeUndefined();
    }
  });
  it('reads objects and arrays and stops at missing steps', () => {
    expect(readJsonPath(CDR, ['legs', 0, 'from', 'user'])).toBe('alice');
    expect(readJsonPath(CDR, ['legs', '1', 'to', 'user'])).toBe('bob');
    expect(readJsonPath(CDR, ['legs', 5, 'to'])).toBeUndefined();
    expect(readJsonPath(CDR, ['callid', 'x'])).toBeUndefined();
    expect(readJsonPath(CDR, ['toString'])).toBeUndefined(); // own keys only
  });
});

describe('field descriptors', () => {
  it('extracts only data_header.<identifier> ids and reports the unusable ones', () => {
    expect(compileField({ id: 'sid' })).toBeUndefined();
    expect(compileField({ id: 'protocol_header.srcIp' })).toBeUndefined();
    expect(compileField({ id: 'data_header.a-b' })).toEqual({
      skipped: expect.stringContaining('identifier'),
    });
    expect(compileField({ id: 'data_header.node' })).toEqual({
      skipped: expect.stringContaining('capture server'),
    });
    expect(compileField({ id: 'data_header.x', json_path: 'a..b' })).toEqual({
      skipped: expect.stringContaining('path'),
    });
    expect(compileField({ id: 'data_header.x', type: 'integer', sid_type: true })).toEqual({
      key: 'x',
      path: ['x'],
      integer: true,
      sid: true,
    });
  });
  it('writes strings like heplify-server, numbers for integer fields, JSON text for objects', () => {
    const f = (d: Record<string, unknown>) => compileField({ id: 'data_header.v', ...d }) as never;
    expect(fieldValue({ v: 42 }, f({}))).toBe('42');
    expect(fieldValue({ v: 42 }, f({ type: 'integer' }))).toBe(42);
    expect(fieldValue({ v: ' 17 ' }, f({ type: 'integer' }))).toBe(17);
    expect(fieldValue({ v: 'n/a' }, f({ type: 'integer' }))).toBe('n/a');
    expect(fieldValue({ v: true }, f({}))).toBe('true');
    expect(fieldValue({ v: { a: 1 } }, f({}))).toBe('{"a":1}');
    expect(fieldValue({ v: null }, f({}))).toBeUndefined();
    expect(fieldValue({}, f({}))).toBeUndefined();
    expect((fieldValue({ v: 'x'.repeat(5000) }, f({})) as string).length).toBe(MAX_VALUE_CHARS);
  });
});

describe('mapped protocols from mapping_schema rows', () => {
  it('never overrides a built-in decoder, and leaves default rows without data_header fields generic', () => {
    const set = compileMappedProtocols(
      [
        row(1, 1, 'call', CDR_FIELDS),
        row(2, 100, 'default', CDR_FIELDS),
        row(3, 2000, 'default', [{ id: 'micro_ts' }, { id: 'custom_1' }]),
        row(4, 187, 'calls', CDR_FIELDS),
      ],
      BUILTIN,
    );
    expect([...set.byHepid.keys()]).toEqual([187]);
    expect(set.byHepid.get(187)?.table).toBe('hep_proto_187_calls');
  });

  it('picks among several profiles: mapping_settings.capture, else the first non-default, else default', () => {
    const pick = (rows: MappingSchemaRow[]) =>
      compileMappedProtocols(rows, BUILTIN).byHepid.get(187)?.profile;
    expect(
      pick([
        row(1, 187, 'default', CDR_FIELDS),
        row(2, 187, 'calls', CDR_FIELDS),
        row(3, 187, 'cdr', CDR_FIELDS),
      ]),
    ).toBe('calls');
    expect(pick([row(1, 187, 'calls', CDR_FIELDS), row(2, 187, 'cdr', CDR_FIELDS, { capture: true })])).toBe(
      'cdr',
    );
    expect(pick([row(1, 187, 'default', CDR_FIELDS)])).toBe('default');
    // Lowest id first whatever the input order.
    expect(pick([row(9, 187, 'late', CDR_FIELDS), row(2, 187, 'early', CDR_FIELDS)])).toBe('early');
  });

  it('collects warnings for fields it cannot use', () => {
    const set = compileMappedProtocols([row(7, 187, 'calls', [{ id: 'data_header.bad key' }])], BUILTIN);
    expect(set.warnings).toEqual([expect.stringContaining('mapping 7')]);
  });
});

describe('the registry with mapped protocols', () => {
  const registry = createDecoderRegistry({
    sip: { sipHeaders: DEFAULT_SIP_HEADERS, customHeaders: [], alegIds: [], forceALegId: false },
  });
  registry.setMappedProtocols(
    compileMappedProtocols([row(1, 187, 'calls', CDR_FIELDS)], registry.builtinTypes),
  );

  it('extracts the mapped fields into data_header after node and proto, sid from the sid_type field', () => {
    const { row: r, parseError } = registry.decode(hepPacket(JSON.stringify(CDR), { protoType: 187 }), CTX);
    expect(parseError).toBeUndefined();
    expect(r).toMatchObject({ hepid: 187, profile: 'calls', sid: 'abc@host', raw: JSON.stringify(CDR) });
    expect(r.dataHeader).toBe(
      '{"node":"2001","proto":"187","callid":"abc@host","caller":"alice","callee":"bob","duration":42,"answered":"true","tags":"[\\"a\\",\\"b\\"]"}',
    );
  });

  it('prefers the HEP correlation id, then the flow key when there is no sid field value', () => {
    const withCid = registry.decode(
      hepPacket(JSON.stringify(CDR), { protoType: 187, correlationId: 'cid-1' }),
      CTX,
    );
    expect(withCid.row.sid).toBe('cid-1');
    const bare = registry.decode(hepPacket('{"duration":1}', { protoType: 187 }), CTX);
    expect(bare.row.sid).toBe('192.0.2.1:5060-192.0.2.2:5080');
  });

  it('stores a payload that is not JSON raw, with parse_error', () => {
    const r = registry.decode(hepPacket('a;b;c', { protoType: 187 }), CTX);
    expect(r.parseError).toBe(MAPPED_NOT_JSON);
    expect(r.row).toMatchObject({ hepid: 187, profile: 'calls', raw: 'a;b;c' });
    expect(JSON.parse(r.row.dataHeader)).toEqual({
      node: '2001',
      proto: '187',
      parse_error: MAPPED_NOT_JSON,
    });
  });

  it('leaves SIP and unmapped types as they were', () => {
    const other = registry.decode(hepPacket('{"callid":"x"}', { protoType: 188 }), CTX);
    expect(other.row).toMatchObject({
      hepid: 188,
      profile: 'default',
      dataHeader: '{"node":"2001","proto":"188"}',
    });
    registry.setMappedProtocols(compileMappedProtocols([], registry.builtinTypes));
    expect(registry.decode(hepPacket(JSON.stringify(CDR), { protoType: 187 }), CTX).row.profile).toBe(
      'default',
    );
  });
});
