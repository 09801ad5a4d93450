import { describe, expect, it } from 'vitest';
import { DecoderConfigError } from '../../../src/decoders/errors.js';
import { createSipDecoder } from '../../../src/decoders/sip/decode.js';
import type { SipDecoderOptions } from '../../../src/decoders/types.js';
import { tableOf } from '../../../src/pipeline/row.js';
import { ALL_SIP_KEYS, CTX, hepPacket, loadSipFixture, sip, sipOptions } from './helpers.js';

function headerOf(payload: string, options: Partial<SipDecoderOptions> = {}): Record<string, string> {
  const decode = createSipDecoder(sipOptions({ sipHeaders: ALL_SIP_KEYS, ...options }));
  return JSON.parse(decode(hepPacket(payload), CTX).row.dataHeader) as Record<string, string>;
}

/** A minimal valid request around the given extra header lines. */
function request(...headers: string[]): string {
  return sip(
    'INVITE sip:bob@biloxi.com SIP/2.0',
    'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK1',
    'From: <sip:alice@atlanta.com>;tag=1',
    'To: <sip:bob@biloxi.com>',
    'Call-ID: c1@atlanta.com',
    'CSeq: 1 INVITE',
    ...headers,
  );
}

describe('SIP header scan', () => {
  it('reads compact forms (RFC 3261 §7.3.3)', () => {
    const h = headerOf(
      sip(
        'MESSAGE sip:bob@biloxi.com SIP/2.0',
        'v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK1',
        'f: "Alice" <sip:alice@atlanta.com>;tag=77',
        't: sip:bob@biloxi.com',
        'i: compact-1@atlanta.com',
        'CSeq: 2 MESSAGE',
        'm: <sip:alice@192.0.2.1:5062>',
        'c: text/plain',
        'l: 5',
      ) + 'hello',
    );
    expect(h).toMatchObject({
      from_user: 'alice',
      from_tag: '77',
      to_user: 'bob',
      to_domain: 'biloxi.com',
      callid: 'compact-1@atlanta.com',
      via: 'SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK1',
      contact_user: 'alice',
      contact_domain: '192.0.2.1',
      content_type: 'text/plain',
    });
  });

  it('matches header names case-insensitively (RFC 3261 §7.3.5), with blanks before the colon', () => {
    const h = headerOf(
      sip(
        'INVITE sip:bob@biloxi.com SIP/2.0',
        'FROM : <sip:alice@atlanta.com>;TAG=9',
        'tO:<sip:bob@biloxi.com>',
        'CALL-ID: upper@x',
        'cseq: 1 INVITE',
        'user-AGENT:   UA/1  ',
        'I: ignored-second-call-id',
      ),
    );
    expect(h).toMatchObject({
      from_user: 'alice',
      from_tag: '9',
      to_user: 'bob',
      callid: 'upper@x',
      user_agent: 'UA/1',
    });
  });

  it('unfolds values continued on the next line (RFC 3261 §7.3.1)', () => {
    const h = headerOf(
      sip(
        'INVITE sip:bob@biloxi.com SIP/2.0',
        'To:',
        ' <sip:bob@biloxi.com>',
        '  ;tag=t1',
        'From: "Alice"',
        '\t<sip:alice@atlanta.com>;tag=f1',
        'Call-ID: folded@x',
        'CSeq: 0009',
        '  INVITE',
        'User-Agent: Very',
        '  Long   Agent',
      ),
    );
    expect(h).toMatchObject({
      to_user: 'bob',
      to_tag: 't1',
      from_user: 'alice',
      from_tag: 'f1',
      cseq: '0009 INVITE',
      user_agent: 'Very Long   Agent',
    });
  });

  it('keeps the last Via line, raw, for `via` (heplify-server ViaOne); comma-joined values stay whole', () => {
    const h = headerOf(
      sip(
        'INVITE sip:bob@biloxi.com SIP/2.0',
        'Via: SIP/2.0/UDP proxy2.example.com;branch=z9hG4bK2, SIP/2.0/UDP proxy1.example.com;branch=z9hG4bK1',
        'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK0',
        'From: <sip:alice@atlanta.com>;tag=1',
        'To: <sip:bob@biloxi.com>',
        'Call-ID: v@x',
        'CSeq: 1 INVITE',
      ),
    );
    expect(h.via).toBe('SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK0');
    const one = headerOf(
      sip(
        'INVITE sip:bob@biloxi.com SIP/2.0',
        'Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKa , SIP/2.0/UDP b.example.com;branch=z9hG4bKb',
        'From: <sip:alice@atlanta.com>;tag=1',
        'To: <sip:bob@biloxi.com>',
        'Call-ID: v@x',
        'CSeq: 1 INVITE',
      ),
    );
    expect(one.via).toBe(
      'SIP/2.0/UDP a.example.com;branch=z9hG4bKa , SIP/2.0/UDP b.example.com;branch=z9hG4bKb',
    );
  });

  it('takes the first value of a comma-joined Contact and the first Contact header', () => {
    const h = headerOf(
      request(
        'Contact: "A, B" <sip:first@host1.example.com>;q=0.5, <sip:second@host2.example.com>',
        'Contact: <sip:third@host3.example.com>',
      ),
    );
    expect([h.contact_user, h.contact_domain]).toEqual(['first', 'host1.example.com']);
    const bare = headerOf(request('Contact: sip:one@h1.example.com;expires=60, sip:two@h2.example.com'));
    expect([bare.contact_user, bare.contact_domain]).toEqual(['one', 'h1.example.com']);
  });

  it('accepts bare LF line endings', () => {
    const payload = request('User-Agent: lf').replace(/\r\n/g, '\n');
    const decode = createSipDecoder(sipOptions());
    const result = decode(hepPacket(payload), CTX);
    expect(result.parseError).toBeUndefined();
    expect(JSON.parse(result.row.dataHeader)).toMatchObject({ callid: 'c1@atlanta.com', user_agent: 'lf' });
  });

  it('ignores CRLFs before the start line (RFC 3261 §7.5)', () => {
    const result = createSipDecoder(sipOptions())(hepPacket('\r\n\r\n' + request()), CTX);
    expect(result.parseError).toBeUndefined();
    expect(result.sip?.methodOrStatus).toBe('INVITE');
  });
});

describe('SIP URIs in data_header', () => {
  it.each([
    ['"Alice \\"Al\\" L" <sip:alice@atlanta.com>;tag=a1', 'alice', 'atlanta.com', 'a1'],
    ['Alice Liddell <sip:alice@atlanta.com;transport=tcp>;tag=a2', 'alice', 'atlanta.com', 'a2'],
    ['<sips:alice@secure.atlanta.com:5061>;tag=a3', 'alice', 'secure.atlanta.com', 'a3'],
    ['sip:alice@atlanta.com;tag=a4', 'alice', 'atlanta.com', 'a4'],
    ['sip:alice:secret@atlanta.com ; tag = a5', 'alice', 'atlanta.com', 'a5'],
    ['<sip:atlanta.com>;tag=a6', '', 'atlanta.com', 'a6'],
    ['<tel:+1-201-555-0123;phone-context=example.com>;tag=a7', '+1-201-555-0123', '', 'a7'],
    ['tel:+15551234567;tag=a8', '+15551234567', '', 'a8'],
    ['<sip:alice@[2001:db8::10]:5070>;tag=a9', 'alice', '[2001:db8::10]', 'a9'],
    ['<sip:[::1]>;tag=a10', '', '[::1]', 'a10'],
    ['<sip:%61lice%20x@atlanta.com>;tag=a11', '%61lice%20x', 'atlanta.com', 'a11'],
    ['<sip:+15551234567;npdi@atlanta.com;user=phone>;tag=a12', '+15551234567;npdi', 'atlanta.com', 'a12'],
    ['"Quoted <not a uri>" <sip:alice@atlanta.com>;tag="q13"', 'alice', 'atlanta.com', 'q13'],
    ['<SIP:Alice@Atlanta.COM>;Tag=a14', 'Alice', 'Atlanta.COM', 'a14'],
    ['<urn:service:sos>;tag=a15', '', '', 'a15'],
    ['<im:alice@atlanta.com>;tag=a16', 'alice', 'atlanta.com', 'a16'],
    ['garbage without uri', '', '', ''],
    ['"unterminated <sip:alice@atlanta.com>', '', '', ''],
  ])('From: %s', (from, user, domain, tag) => {
    const h = headerOf(
      sip(
        'INVITE sip:bob@biloxi.com SIP/2.0',
        `From: ${from}`,
        'To: <sip:bob@biloxi.com>',
        'Call-ID: u@x',
        'CSeq: 1 INVITE',
      ),
    );
    expect([h.from_user, h.from_domain, h.from_tag]).toEqual([user, domain, tag]);
  });

  it.each([
    ['sip:bob@biloxi.com', 'bob', 'biloxi.com'],
    ['sips:bob@biloxi.com:5061;transport=tls', 'bob', 'biloxi.com'],
    ['sip:biloxi.com', '', 'biloxi.com'],
    ['sip:[2001:db8::10]', '', '[2001:db8::10]'],
    ['sip:bob@[2001:db8::10]:5060', 'bob', '[2001:db8::10]'],
    ['tel:+15551234567', '+15551234567', ''],
    ['sip:bob@biloxi.com?Subject=hi', 'bob', 'biloxi.com'],
    ['urn:service:sos', '', ''],
  ])('Request-URI %s', (uri, user, domain) => {
    const h = headerOf(
      sip(
        `INVITE ${uri} SIP/2.0`,
        'From: <sip:a@b>;tag=1',
        'To: <sip:c@d>',
        'Call-ID: r@x',
        'CSeq: 1 INVITE',
      ),
    );
    expect([h.ruri_user, h.ruri_domain]).toEqual([user, domain]);
  });

  it('reads the P-Asserted-Identity user, or keeps the raw value when it has no URI', () => {
    expect(
      headerOf(request('P-Asserted-Identity: "Alice" <sip:+15551234567@atlanta.com;user=phone>')).pid_user,
    ).toBe('+15551234567');
    expect(
      headerOf(request('P-Asserted-Identity: <tel:+15557654321>, <sip:alice@atlanta.com>')).pid_user,
    ).toBe('+15557654321');
    expect(headerOf(request('p-asserted-identity: sip:bob@biloxi.com')).pid_user).toBe('bob');
    expect(headerOf(request('P-Asserted-Identity: Anonymous')).pid_user).toBe('Anonymous');
    expect(headerOf(request()).pid_user).toBe('');
  });

  it('reads the username of Authorization, else of Proxy-Authorization', () => {
    expect(
      headerOf(
        request(
          'Proxy-Authorization: Digest realm="atlanta.com", username="alice", nonce="a,b", uri="sip:x"',
        ),
      ).auth_user,
    ).toBe('alice');
    expect(headerOf(request('Authorization: Digest USERNAME = bob , realm="biloxi.com"')).auth_user).toBe(
      'bob',
    );
    expect(
      headerOf(
        request('Authorization: Digest username="first"', 'Proxy-Authorization: Digest username="second"'),
      ).auth_user,
    ).toBe('first');
    expect(headerOf(request('Authorization: NoOneKnowsThisScheme opaque-data=here')).auth_user).toBe('');
    expect(headerOf(request('Authorization: Digest realm="x", nonce="username=fake"')).auth_user).toBe('');
  });

  it('writes response status codes as method and leaves the Request-URI keys empty', () => {
    const h = headerOf(
      sip(
        'SIP/2.0 486 Busy Here',
        'From: <sip:a@atlanta.com>;tag=1',
        'To: <sip:b@biloxi.com>;tag=2',
        'Call-ID: busy@x',
        'CSeq: 7 INVITE',
      ),
    );
    expect([h.method, h.ruri_user, h.ruri_domain, h.cseq]).toEqual(['486', '', '', '7 INVITE']);
  });
});

describe('custom headers and A-leg correlation', () => {
  const invite = (): string => loadSipFixture('invite.sip');

  it('appends custom headers after the configured keys, matched case-insensitively, keyed by the configured name', () => {
    const decode = createSipDecoder(
      sipOptions({ sipHeaders: ['callid'], customHeaders: ['x-cid', 'User-Agent', 'X-Missing', 'x-cid'] }),
    );
    expect(decode(hepPacket(invite()), CTX).row.dataHeader).toBe(
      '{"callid":"a84b4c76e66710@pc33.atlanta.com","x-cid":"aleg-7f3e9a@pbx.atlanta.com",' +
        '"User-Agent":"Softphone Beta1.5","X-Missing":""}',
    );
  });

  it('uses the first AlegIDs header as correlation_id and callid_aleg (plain header)', () => {
    const decode = createSipDecoder(
      sipOptions({ sipHeaders: ['callid', 'callid_aleg'], alegIds: ['X-CID'] }),
    );
    const { row } = decode(hepPacket(invite()), CTX);
    expect(row.sid).toBe('a84b4c76e66710@pc33.atlanta.com');
    expect(JSON.parse(row.dataHeader)).toEqual({
      callid: 'a84b4c76e66710@pc33.atlanta.com',
      callid_aleg: 'aleg-7f3e9a@pbx.atlanta.com',
    });
    expect(JSON.parse(row.protocolHeader)).toMatchObject({ correlation_id: 'aleg-7f3e9a@pbx.atlanta.com' });
  });

  it('takes capture group 1 of an AlegIDs regex', () => {
    const decode = createSipDecoder(
      sipOptions({
        sipHeaders: ['callid_aleg'],
        alegIds: ['X-Not-There', 'P-Charging-Vector,icid-value=\\"?(.*?)(?:\\"|;|$)', 'X-CID'],
      }),
    );
    const { row } = decode(hepPacket(invite()), CTX);
    expect(row.dataHeader).toBe('{"callid_aleg":"AyretyU0dm+6O2IrT5tAFrbHLso="}');
    const unquoted = decode(
      hepPacket(request('P-Charging-Vector: icid-value=1234bc9876e;icid-generated-at=192.0.6.8')),
      CTX,
    );
    expect(unquoted.row.dataHeader).toBe('{"callid_aleg":"1234bc9876e"}');
  });

  it('falls through to the next AlegIDs entry when a regex does not match', () => {
    const decode = createSipDecoder(
      sipOptions({ sipHeaders: ['callid_aleg'], alegIds: ['P-Charging-Vector,nomatch=(\\w+)', 'X-CID'] }),
    );
    expect(decode(hepPacket(invite()), CTX).row.dataHeader).toBe(
      '{"callid_aleg":"aleg-7f3e9a@pbx.atlanta.com"}',
    );
  });

  it('keeps a HEP correlation id (0x0011) unless ForceALegID is set and an A-leg id exists', () => {
    const packet = hepPacket(invite(), { correlationId: 'hep-cid-1' });
    const keep = createSipDecoder(sipOptions({ alegIds: ['X-CID'] }));
    expect(JSON.parse(keep(packet, CTX).row.protocolHeader)).toMatchObject({ correlation_id: 'hep-cid-1' });
    const force = createSipDecoder(sipOptions({ alegIds: ['X-CID'], forceALegId: true }));
    expect(JSON.parse(force(packet, CTX).row.protocolHeader)).toMatchObject({
      correlation_id: 'aleg-7f3e9a@pbx.atlanta.com',
    });
    const forceNoAleg = createSipDecoder(sipOptions({ alegIds: ['X-Other'], forceALegId: true }));
    expect(JSON.parse(forceNoAleg(packet, CTX).row.protocolHeader)).toMatchObject({
      correlation_id: 'hep-cid-1',
    });
    // sid is always the Call-ID.
    expect(force(packet, CTX).row.sid).toBe('a84b4c76e66710@pc33.atlanta.com');
  });

  it('rejects AlegIDs entries that cannot work, when the decoder is built', () => {
    expect(() => createSipDecoder(sipOptions({ alegIds: ['X-CID,([a-z'] }))).toThrow(DecoderConfigError);
    expect(() => createSipDecoder(sipOptions({ alegIds: [' ,(.*)'] }))).toThrow(DecoderConfigError);
    try {
      createSipDecoder(sipOptions({ alegIds: ['X-CID,([a-z'] }));
    } catch (error) {
      expect((error as DecoderConfigError).code).toBe('decoder_invalid_aleg_id');
    }
  });
});

describe('SIP parse failures', () => {
  const decode = createSipDecoder(sipOptions({ sipHeaders: ['callid', 'cseq', 'method', 'from_user'] }));

  it.each([
    ['sip_too_short', 'OPTIONS sip:a@b SIP/2.0\r\n\r\n', '{"callid":"","cseq":"","method":"","from_user":""'],
    [
      'sip_no_crlf',
      'this is a single line of text that is not a SIP message at all',
      '{"callid":"","cseq":"","method":"","from_user":""',
    ],
    [
      'sip_bad_start_line',
      sip('HELLO', 'Call-ID: bad-start@x', 'CSeq: 1 INVITE', 'From: <sip:alice@atlanta.com>;tag=1'),
      '{"callid":"bad-start@x","cseq":"1 INVITE","method":"","from_user":"alice"',
    ],
    [
      'sip_no_callid',
      sip('INVITE sip:bob@biloxi.com SIP/2.0', 'CSeq: 1 INVITE', 'From: <sip:alice@atlanta.com>;tag=1'),
      '{"callid":"","cseq":"1 INVITE","method":"INVITE","from_user":"alice"',
    ],
    [
      'sip_no_callid',
      sip('INVITE sip:bob@biloxi.com SIP/2.0', 'Call-ID:   ', 'CSeq: 1 INVITE'),
      '{"callid":"","cseq":"1 INVITE","method":"INVITE","from_user":""',
    ],
    [
      'sip_no_cseq',
      sip('INVITE sip:bob@biloxi.com SIP/2.0', 'Call-ID: no-cseq@x', 'From: <sip:alice@atlanta.com>;tag=1'),
      '{"callid":"no-cseq@x","cseq":"","method":"INVITE","from_user":"alice"',
    ],
    [
      'sip_bad_cseq',
      sip('INVITE sip:bob@biloxi.com SIP/2.0', 'Call-ID: short-cseq@x', 'CSeq: 1 IN'),
      '{"callid":"short-cseq@x","cseq":"1 IN","method":"INVITE","from_user":""',
    ],
  ])('%s: stored in hep_proto_1_default with what could be read', (reason, payload, dataPrefix) => {
    const result = decode(hepPacket(payload), CTX);
    expect(result.parseError).toBe(reason);
    expect(result.sip).toBeUndefined();
    expect(tableOf(result.row)).toBe('hep_proto_1_default');
    expect(result.row.dataHeader).toBe(`${dataPrefix},"parse_error":"${reason}"}`);
    expect(result.row.raw).toBe(payload);
    expect(() => JSON.parse(result.row.protocolHeader) as unknown).not.toThrow();
  });

  it('uses the Call-ID as sid when it was found', () => {
    const { row } = decode(hepPacket(sip('HELLO', 'Call-ID: bad-start@x', 'CSeq: 1 INVITE')), CTX);
    expect(row.sid).toBe('bad-start@x');
  });

  it('uses the HEP correlation id as sid when there is no Call-ID, else the flow key', () => {
    const noCallId = sip('INVITE sip:bob@biloxi.com SIP/2.0', 'CSeq: 1 INVITE');
    expect(decode(hepPacket(noCallId, { correlationId: 'hep-cid' }), CTX).row.sid).toBe('hep-cid');
    const fromA = decode(
      hepPacket(noCallId, { srcIp: '10.0.0.2', srcPort: 5062, dstIp: '10.0.0.1', dstPort: 5060 }),
      CTX,
    );
    const fromB = decode(
      hepPacket('x'.repeat(10), { srcIp: '10.0.0.1', srcPort: 5060, dstIp: '10.0.0.2', dstPort: 5062 }),
      CTX,
    );
    expect(fromA.row.sid).toBe('10.0.0.1:5060-10.0.0.2:5062');
    expect(fromB.row.sid).toBe(fromA.row.sid);
  });

  it('uses the A-leg id as sid when there is no Call-ID but an AlegIDs header', () => {
    const withAleg = createSipDecoder(sipOptions({ alegIds: ['X-CID'] }));
    const { row, parseError } = withAleg(
      hepPacket(sip('BYE sip:a@b SIP/2.0', 'X-CID: leg-a', 'CSeq: 2 BYE')),
      CTX,
    );
    expect(parseError).toBe('sip_no_callid');
    expect(row.sid).toBe('leg-a');
  });

  it('routes by CSeq method even when the start line says otherwise (as heplify-server)', () => {
    const result = decode(
      hepPacket(sip('OPTIONS sip:bob@biloxi.com SIP/2.0', 'Call-ID: mismatch@x', 'CSeq: 8 INVITE')),
      CTX,
    );
    expect(tableOf(result.row)).toBe('hep_proto_1_call');
    expect(result.sip).toMatchObject({ methodOrStatus: 'OPTIONS', cseqMethod: 'INVITE' });
  });
});
