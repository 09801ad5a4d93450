import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSipDecoder } from '../../../src/decoders/sip/decode.js';
import { sharedTestdataPath } from '../../helpers/shared-testdata.js';
import { ALL_SIP_KEYS, CTX, hepPacket, sipOptions } from './helpers.js';

/** RFC 4475 / RFC 5118 torture messages, byte-exact (see ../shared/testdata/README.md). */
const RFC4475 = sharedTestdataPath('sip/rfc4475/');
const RFC5118 = sharedTestdataPath('sip/rfc5118/');

const decode = createSipDecoder(
  sipOptions({
    sipHeaders: ALL_SIP_KEYS,
    customHeaders: ['NewFangledHeader'],
    alegIds: ['X-CID', 'Route,<(.*)>'],
  }),
);

function files(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dat'))
    .sort();
}

function decodeFile(dir: string, file: string): ReturnType<typeof decode> {
  return decode(hepPacket(readFileSync(join(dir, file))), CTX);
}

describe.each([
  ['RFC 4475', RFC4475],
  ['RFC 5118', RFC5118],
])('%s torture messages', (_name, dir) => {
  it.each(files(dir))('%s decodes to a storable row', (file) => {
    const { row } = decodeFile(dir, file);
    expect(row.hepid).toBe(1);
    expect(['call', 'registration', 'default']).toContain(row.profile);
    const dataHeader = JSON.parse(row.dataHeader) as Record<string, unknown>;
    expect(Object.keys(dataHeader).slice(0, ALL_SIP_KEYS.length)).toEqual(ALL_SIP_KEYS);
    for (const value of Object.values(dataHeader)) expect(typeof value).toBe('string');
    expect(() => JSON.parse(row.protocolHeader) as unknown).not.toThrow();
    expect(row.raw.includes('\u0000')).toBe(false);
    expect(row.sid).not.toBe('');
  });
});

describe('RFC 4475 §3.1.1 valid messages', () => {
  const valid: readonly [string, string, string][] = [
    ['wsinv.dat', 'wsinv.ndaksdj@192.0.2.1', '0009 INVITE'],
    [
      'intmeth.dat',
      'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{',
      "139122385 !interesting-Method0123456789_*+`.%indeed'~",
    ],
    ['esc01.dat', 'esc01.239409asdfakjkn23onasd0-3234', '234234 INVITE'],
    ['escnull.dat', 'escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd', '14398234 REGISTER'],
    ['esc02.dat', 'esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf', '29344 RE%47IST%45R'],
    ['lwsdisp.dat', 'lwsdisp.1234abcd@funky.example.com', '60 OPTIONS'],
    ['longreq.dat', 'longreq.one' + 'really'.repeat(20) + 'longcallid', '3882340 INVITE'],
    ['dblreq.dat', 'dblreq.0ha0isndaksdj99sdfafnl3lk233412', '8 REGISTER'],
    ['semiuri.dat', 'semiuri.0ha0isndaksdj', '8 OPTIONS'],
    ['transports.dat', 'transports.kijh4akdnaqjkwendsasfdj', '60 OPTIONS'],
    ['mpart01.dat', '3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..', '1 MESSAGE'],
    ['unreason.dat', 'unreason.1234ksdfak3j2erwedfsASdf', '35 INVITE'],
    ['noreason.dat', 'noreason.asndj203insdf99223ndf', '35 INVITE'],
  ];

  it.each(valid)('%s: callid and cseq', (file, callid, cseq) => {
    const result = decodeFile(RFC4475, file);
    expect(result.parseError).toBeUndefined();
    const h = JSON.parse(result.row.dataHeader) as Record<string, string>;
    expect(h.callid).toBe(callid);
    expect(h.cseq).toBe(cseq);
    expect(result.row.sid).toBe(callid);
    expect(result.sip?.callId).toBe(callid);
  });

  it('wsinv: whitespace, folding and compact forms everywhere', () => {
    const h = JSON.parse(decodeFile(RFC4475, 'wsinv.dat').row.dataHeader) as Record<string, string>;
    expect(h).toMatchObject({
      ruri_user: 'vivekg',
      ruri_domain: 'chair-dnrc.example.com',
      from_user: 'jdrosen',
      from_tag: '98asjd8',
      to_user: 'vivekg',
      to_tag: '1918181833n',
      method: 'INVITE',
      contact_user: 'jdrosen',
      content_type: 'application/sdp',
      NewFangledHeader: 'newfangled value continued newfangled value',
      callid_aleg: 'sip:services.example.com;lr;unknownwith=value;unknown-no-value',
    });
  });

  it('intmeth: unusual characters survive and stay valid JSON', () => {
    const result = decodeFile(RFC4475, 'intmeth.dat');
    const h = JSON.parse(result.row.dataHeader) as Record<string, string>;
    expect(h.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    expect(h.ruri_user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(h.from_tag).toBe("_token~1'+`*%!-.");
    expect(result.row.profile).toBe('default');
  });

  it('esc01/semiuri: escaped and semicolon-holding users are kept as written', () => {
    expect(JSON.parse(decodeFile(RFC4475, 'esc01.dat').row.dataHeader)).toMatchObject({
      ruri_user: 'sips%3Auser%40example.com',
      from_user: 'I%20have%20spaces',
      to_user: '%75se%72',
    });
    expect(JSON.parse(decodeFile(RFC4475, 'semiuri.dat').row.dataHeader)).toMatchObject({
      ruri_user: 'user;par=u%40example.net',
    });
  });

  it('unreason/noreason: responses use the status code as method', () => {
    expect(decodeFile(RFC4475, 'unreason.dat').sip).toMatchObject({
      methodOrStatus: '200',
      isRequest: false,
    });
    expect(decodeFile(RFC4475, 'noreason.dat').sip).toMatchObject({
      methodOrStatus: '100',
      isRequest: false,
    });
  });

  it('transports: `via` is the last Via line', () => {
    const h = JSON.parse(decodeFile(RFC4475, 'transports.dat').row.dataHeader) as Record<string, string>;
    expect(h.via).toBe('SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee');
  });
});

describe('RFC 4475 invalid messages', () => {
  it('insuf (no Call-ID) is stored as a parse error', () => {
    const result = decodeFile(RFC4475, 'insuf.dat');
    expect(result.parseError).toBe('sip_no_callid');
    expect(result.row.profile).toBe('default');
  });

  it('bigcode (status code 4294967301) is a bad start line', () => {
    expect(decodeFile(RFC4475, 'bigcode.dat').parseError).toBe('sip_bad_start_line');
  });
});

describe('RFC 5118 IPv6 hosts', () => {
  it.each([
    ['ipv6-good.dat', 'ruri_domain', '[2001:db8::10]'],
    ['ipv6-good.dat', 'contact_domain', '[2001:db8::1]'],
    ['ipv6-correct-abnf-2-colons.dat', 'ruri_domain', '[2001:db8::192.0.2.1]'],
    ['ipv4-mapped-ipv6.dat', 'contact_domain', '[::ffff:192.0.2.2]'],
    ['port-unambiguous.dat', 'ruri_domain', '[2001:db8::10]'],
    [
      'via-received-param-with-delim.dat',
      'via',
      'SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111',
    ],
  ])('%s: %s = %s', (file, key, value) => {
    const h = JSON.parse(decodeFile(RFC5118, file).row.dataHeader) as Record<string, string>;
    expect(h[key]).toBe(value);
  });
});
