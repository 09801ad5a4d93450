import { describe, expect, it } from 'vitest';
import { DEFAULT_SIP_HEADERS } from '../../../src/decoders/defaults.js';
import { createSipDecoder } from '../../../src/decoders/sip/decode.js';
import { tableOf } from '../../../src/pipeline/row.js';
import { CTX, defaultProtocolHeader, hepPacket, loadSipFixture, sipOptions } from './helpers.js';

const decode = createSipDecoder(sipOptions());

/**
 * data_header with the default keys, in their order, from the values in that order. The default
 * list itself is pinned by the exact text expected for invite.sip below.
 */
function defaultHeader(values: readonly string[]): string {
  expect(values).toHaveLength(DEFAULT_SIP_HEADERS.length);
  return JSON.stringify(Object.fromEntries(DEFAULT_SIP_HEADERS.map((k, i) => [k, values[i]])));
}

const CALL_ID = 'a84b4c76e66710@pc33.atlanta.com';

describe('SIP decoder: a call, a registration and out-of-dialog requests', () => {
  const cases: readonly {
    file: string;
    table: string;
    dataHeader: string;
    sid: string;
    summary: { methodOrStatus: string; cseqMethod: string; isRequest: boolean; reason?: string };
  }[] = [
    {
      file: 'invite.sip',
      table: 'hep_proto_1_call',
      sid: CALL_ID,
      // Exact text: heplify-server key order, every value a string.
      dataHeader:
        '{"ruri_user":"bob","ruri_domain":"biloxi.com","from_user":"alice","from_domain":"atlanta.com",' +
        '"from_tag":"1928301774","to_user":"bob","to_domain":"biloxi.com","to_tag":"",' +
        '"callid":"a84b4c76e66710@pc33.atlanta.com","cseq":"314159 INVITE","method":"INVITE",' +
        '"user_agent":"Softphone Beta1.5","pid_user":"+15551234567","auth_user":"alice","contact_user":"alice"}',
      summary: { methodOrStatus: 'INVITE', cseqMethod: 'INVITE', isRequest: true },
    },
    {
      file: 'ringing-180.sip',
      table: 'hep_proto_1_call',
      sid: CALL_ID,
      dataHeader: defaultHeader([
        '',
        '',
        'alice',
        'atlanta.com',
        '1928301774',
        'bob',
        'biloxi.com',
        'a6c85cf',
        CALL_ID,
        '314159 INVITE',
        '180',
        '',
        '',
        '',
        'bob',
      ]),
      summary: { methodOrStatus: '180', cseqMethod: 'INVITE', isRequest: false },
    },
    {
      file: 'ok-200-invite.sip',
      table: 'hep_proto_1_call',
      sid: CALL_ID,
      dataHeader: defaultHeader([
        '',
        '',
        'alice',
        'atlanta.com',
        '1928301774',
        'bob',
        'biloxi.com',
        'a6c85cf',
        CALL_ID,
        '314159 INVITE',
        '200',
        '',
        '',
        '',
        'bob',
      ]),
      summary: { methodOrStatus: '200', cseqMethod: 'INVITE', isRequest: false },
    },
    {
      file: 'ack.sip',
      table: 'hep_proto_1_call',
      sid: CALL_ID,
      dataHeader: defaultHeader([
        'bob',
        '192.0.2.4',
        'alice',
        'atlanta.com',
        '1928301774',
        'bob',
        'biloxi.com',
        'a6c85cf',
        CALL_ID,
        '314159 ACK',
        'ACK',
        '',
        '',
        '',
        '',
      ]),
      summary: { methodOrStatus: 'ACK', cseqMethod: 'ACK', isRequest: true },
    },
    {
      file: 'bye.sip',
      table: 'hep_proto_1_call',
      sid: CALL_ID,
      dataHeader: defaultHeader([
        'alice',
        'pc33.atlanta.com',
        'bob',
        'biloxi.com',
        'a6c85cf',
        'alice',
        'atlanta.com',
        '1928301774',
        CALL_ID,
        '231 BYE',
        'BYE',
        '',
        '',
        '',
        '',
      ]),
      // The Reason header is exposed for heplify_reason_isup_total.
      summary: {
        methodOrStatus: 'BYE',
        cseqMethod: 'BYE',
        isRequest: true,
        reason: 'Q.850;cause=16;text="Normal call clearing"',
      },
    },
    {
      file: 'register.sip',
      table: 'hep_proto_1_registration',
      sid: '843817637684230@998sdasdh09',
      dataHeader: defaultHeader([
        '',
        'registrar.biloxi.com',
        'bob',
        'biloxi.com',
        '456248',
        'bob',
        'biloxi.com',
        '',
        '843817637684230@998sdasdh09',
        '1826 REGISTER',
        'REGISTER',
        'Biloxi-UA/2.1',
        '',
        'bob',
        'bob',
      ]),
      summary: { methodOrStatus: 'REGISTER', cseqMethod: 'REGISTER', isRequest: true },
    },
    {
      file: 'options.sip',
      table: 'hep_proto_1_default',
      sid: 'a84b4c76e66710',
      dataHeader: defaultHeader([
        'carol',
        'chicago.com',
        'alice',
        'atlanta.com',
        '1928301774',
        'carol',
        'chicago.com',
        '',
        'a84b4c76e66710',
        '63104 OPTIONS',
        'OPTIONS',
        '',
        '',
        '',
        'alice',
      ]),
      summary: { methodOrStatus: 'OPTIONS', cseqMethod: 'OPTIONS', isRequest: true },
    },
    {
      file: 'subscribe.sip',
      table: 'hep_proto_1_default',
      sid: '2010b@pc33.atlanta.com',
      dataHeader: defaultHeader([
        'bob',
        'biloxi.com',
        'alice',
        'atlanta.com',
        'xfg9',
        'bob',
        'biloxi.com',
        '',
        '2010b@pc33.atlanta.com',
        '17766 SUBSCRIBE',
        'SUBSCRIBE',
        '',
        '',
        '',
        'alice',
      ]),
      summary: { methodOrStatus: 'SUBSCRIBE', cseqMethod: 'SUBSCRIBE', isRequest: true },
    },
  ];

  it.each(cases)('$file → $table', ({ file, table, dataHeader, sid, summary }) => {
    const payload = loadSipFixture(file);
    const result = decode(hepPacket(payload), CTX);
    expect(result.parseError).toBeUndefined();
    expect(tableOf(result.row)).toBe(table);
    expect(result.row.hepid).toBe(1);
    expect(result.row.sid).toBe(sid);
    expect(result.row.dataHeader).toBe(dataHeader);
    expect(result.row.raw).toBe(payload);
    expect(result.sip).toEqual({ ...summary, callId: sid });
    // No HEP correlation id and no A-leg id: correlation_id falls back to the Call-ID (§1.3).
    expect(result.row.protocolHeader).toBe(defaultProtocolHeader({ correlationId: sid }));
    expect([result.row.timeSeconds, result.row.timeUseconds]).toEqual([1_700_000_000, 123_456]);
  });

  it('writes every key heplify-server knows, and "" for unknown keys', () => {
    const all = createSipDecoder(
      sipOptions({
        sipHeaders: [
          'callid',
          'cseq',
          'method',
          'via',
          'contact_user',
          'contact_domain',
          'user_agent',
          'server',
          'pid_user',
          'auth_user',
          'content_type',
          'reason',
          'diversion',
          'expires',
          'callid_aleg',
          'no_such_key',
          'from_domain',
          'to_domain',
        ],
      }),
    );
    const invite = JSON.parse(all(hepPacket(loadSipFixture('invite.sip')), CTX).row.dataHeader) as unknown;
    expect(invite).toEqual({
      callid: CALL_ID,
      cseq: '314159 INVITE',
      method: 'INVITE',
      via: 'SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds',
      contact_user: 'alice',
      contact_domain: 'pc33.atlanta.com',
      user_agent: 'Softphone Beta1.5',
      server: '',
      pid_user: '+15551234567',
      auth_user: 'alice',
      content_type: 'application/sdp',
      reason: '',
      diversion: '',
      expires: '',
      callid_aleg: '',
      no_such_key: '',
      from_domain: 'atlanta.com',
      to_domain: 'biloxi.com',
    });
    const ok = JSON.parse(all(hepPacket(loadSipFixture('ok-200-invite.sip')), CTX).row.dataHeader) as Record<
      string,
      string
    >;
    expect(ok.server).toBe('Biloxi-UA/2.1');
    expect(ok.via).toBe(
      'SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.3, ' +
        'SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;received=192.0.2.1',
    );
    const bye = JSON.parse(all(hepPacket(loadSipFixture('bye.sip')), CTX).row.dataHeader) as Record<
      string,
      string
    >;
    expect(bye.reason).toBe('Q.850;cause=16;text="Normal call clearing"');
    const register = JSON.parse(all(hepPacket(loadSipFixture('register.sip')), CTX).row.dataHeader) as Record<
      string,
      string
    >;
    expect(register.expires).toBe('7200');
    expect(Object.keys(register)).toEqual(Object.keys(invite as object));
  });

  it('falls back to the default key list when sipHeaders is empty', () => {
    const fallback = createSipDecoder(sipOptions({ sipHeaders: [] }));
    const payload = loadSipFixture('invite.sip');
    expect(fallback(hepPacket(payload), CTX).row.dataHeader).toBe(
      decode(hepPacket(payload), CTX).row.dataHeader,
    );
  });
});
