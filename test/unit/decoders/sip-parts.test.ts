import { describe, expect, it } from 'vitest';
import { alegIdFrom, compileAlegIds } from '../../../src/decoders/sip/aleg.js';
import { authUsername } from '../../../src/decoders/sip/auth.js';
import { cseqMethodOf } from '../../../src/decoders/sip/message.js';
import { profileForMethod } from '../../../src/decoders/sip/profile.js';
import { compileHeaderTable, scanSip, scanValue } from '../../../src/decoders/sip/scan.js';
import { parseStartLine } from '../../../src/decoders/sip/start-line.js';
import { parseNameAddr, parseUri } from '../../../src/decoders/sip/uri.js';

describe('profileForMethod', () => {
  it.each(['INVITE', 'ACK', 'BYE', 'CANCEL', 'UPDATE', 'PRACK', 'REFER', 'INFO', 'NOTIFY'])(
    '%s → call',
    (m) => {
      expect(profileForMethod(m)).toBe('call');
    },
  );
  it('REGISTER → registration; everything else → default (methods are case-sensitive)', () => {
    expect(profileForMethod('REGISTER')).toBe('registration');
    for (const m of ['OPTIONS', 'SUBSCRIBE', 'MESSAGE', 'PUBLISH', 'invite', '', 'REGISTERX']) {
      expect(profileForMethod(m)).toBe('default');
    }
  });
});

describe('parseStartLine', () => {
  const line = (s: string): ReturnType<typeof parseStartLine> => parseStartLine(s, 0, s.length);
  it('reads requests and responses', () => {
    const req = line('INVITE sip:bob@biloxi.com SIP/2.0');
    expect(req).toMatchObject({ isRequest: true, method: 'INVITE', status: '' });
    expect('INVITE sip:bob@biloxi.com SIP/2.0'.slice(req?.uriStart, req?.uriEnd)).toBe('sip:bob@biloxi.com');
    expect(line('SIP/2.0 200 OK')).toMatchObject({ isRequest: false, status: '200' });
    expect(line('sip/2.0 100')).toMatchObject({ isRequest: false, status: '100' });
    expect(line('INVITE  sip:a@b   SIP/2.0  ')).toMatchObject({ isRequest: true, method: 'INVITE' });
  });
  it.each([
    '',
    'INVITE',
    'INVITE sip:a@b',
    'INVITE sip:a@b HTTP/1.1',
    'SIP/2.0',
    'SIP/2.0 20 OK',
    'SIP/2.0 2000 OK',
    'SIP/2.0 20x',
  ])('rejects %j', (s) => {
    expect(line(s)).toBeUndefined();
  });
});

describe('scanSip', () => {
  const table = compileHeaderTable(
    [
      { name: 'Call-ID', slot: 0 },
      { name: 'Via', slot: 1, keepLast: true },
      { name: 'X-Custom', slot: 2 },
    ],
    3,
  );
  it('captures wanted headers only, first or last occurrence', () => {
    const text =
      'OPTIONS sip:a@b SIP/2.0\r\nVia: one\r\ni: c1\r\nVIA: two\r\nx-custom:  v  \r\nCall-ID: c2\r\n\r\nVia: body';
    const scan = scanSip(text, table);
    expect(scan.error).toBeUndefined();
    expect([scanValue(scan, 0), scanValue(scan, 1), scanValue(scan, 2)]).toEqual(['c1', 'two', 'v']);
  });
  it('reports a single line and a bad start line', () => {
    expect(scanSip('no line break', table).error).toBe('sip_no_crlf');
    const bad = scanSip('garbage\r\nCall-ID: x\r\n', table);
    expect(bad.error).toBe('sip_bad_start_line');
    expect(scanValue(bad, 0)).toBe('x');
  });
  it('does not take a longer name for a wanted one', () => {
    const scan = scanSip('OPTIONS sip:a@b SIP/2.0\r\nCall-IDs: no\r\nVias: no\r\nCall-ID : yes\r\n', table);
    expect([scanValue(scan, 0), scanValue(scan, 1)]).toEqual(['yes', undefined]);
  });
});

describe('parseUri / parseNameAddr', () => {
  const uri = (s: string): ReturnType<typeof parseUri> => parseUri(s, 0, s.length);
  it('splits user and host', () => {
    expect(uri('sip:alice@atlanta.com:5060;transport=udp')).toEqual({
      user: 'alice',
      host: 'atlanta.com',
      ok: true,
    });
    expect(uri('  sips:[2001:db8::1]:5061  ')).toEqual({ user: '', host: '[2001:db8::1]', ok: true });
    expect(uri('tel:+358-555-1234567;postd=pp22')).toEqual({ user: '+358-555-1234567', host: '', ok: true });
    expect(uri('<sip:a@b>').ok).toBe(false);
    expect(uri('').ok).toBe(false);
  });
  it('reads the tag from header parameters only', () => {
    expect(parseNameAddr('<sip:a@b;tag=uri-param>;tag=header')).toMatchObject({
      user: 'a',
      host: 'b',
      tag: 'header',
    });
    expect(parseNameAddr('<sip:a@b;tag=uri-param>').tag).toBe('');
    expect(parseNameAddr('<sip:a@b>;x="q;tag=no";tag=yes').tag).toBe('yes');
    expect(parseNameAddr('<sip:a@b>, <sip:c@d>;tag=second').tag).toBe('');
  });
});

describe('authUsername', () => {
  it('reads the username parameter', () => {
    expect(authUsername('Digest username="a\\"b", realm="r"')).toBe('a\\"b');
    expect(authUsername('Digest realm="r",username=tok')).toBe('tok');
    expect(authUsername('')).toBe('');
    expect(authUsername('Digest')).toBe('');
  });
});

describe('cseqMethodOf', () => {
  it.each([
    ['1 INVITE', 'INVITE'],
    ['0009   INVITE', 'INVITE'],
    ['1\tBYE ', 'BYE'],
    ['INVITE', ''],
    ['', ''],
  ])('%j → %j', (cseq, method) => {
    expect(cseqMethodOf(cseq)).toBe(method);
  });
});

describe('compileAlegIds', () => {
  it('splits at the first comma and uses group 1 (or the whole match without groups)', () => {
    const [plain, grouped, whole] = compileAlegIds([
      'X-CID',
      'P-Charging-Vector,icid-value=([^;,]+)',
      'X-Id,[0-9]+',
    ]);
    expect(plain).toMatchObject({ header: 'X-CID', pattern: undefined });
    expect(alegIdFrom(plain!, 'abc')).toBe('abc');
    expect(alegIdFrom(grouped!, 'icid-value=zz9;x')).toBe('zz9');
    expect(alegIdFrom(grouped!, 'nothing')).toBe('');
    expect(alegIdFrom(whole!, 'id 42 end')).toBe('42');
    expect(alegIdFrom(plain!, undefined)).toBe('');
  });
});
