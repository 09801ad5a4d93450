import { describe, expect, it } from 'vitest';
import { createSipDecoder } from '../../../src/decoders/sip/decode.js';
import type { DecodeResult } from '../../../src/decoders/types.js';
import { prng } from '../../helpers/random.js';
import { CTX, hepPacket, loadSipFixture, sipOptions } from './helpers.js';

const decode = createSipDecoder(
  sipOptions({
    sipHeaders: [
      'callid',
      'cseq',
      'method',
      'ruri_user',
      'from_tag',
      'to_user',
      'contact_domain',
      'pid_user',
      'auth_user',
      'via',
    ],
    customHeaders: ['X-CID'],
    alegIds: ['P-Charging-Vector,icid-value=\\"?(.*?)(?:\\"|;|$)'],
  }),
);

/** The invariants every row must hold, whatever the input. */
function expectStorable(result: DecodeResult): void {
  const { row } = result;
  expect(row.hepid).toBe(1);
  expect(['call', 'registration', 'default']).toContain(row.profile);
  const dataHeader = JSON.parse(row.dataHeader) as Record<string, unknown>;
  for (const value of Object.values(dataHeader)) expect(typeof value).toBe('string');
  expect(() => JSON.parse(row.protocolHeader) as unknown).not.toThrow();
  expect(row.raw.includes('\u0000')).toBe(false);
  expect(row.sid).not.toBe('');
  if (result.parseError !== undefined) {
    expect(row.profile).toBe('default');
    expect(dataHeader.parse_error).toBe(result.parseError);
    expect(result.sip).toBeUndefined();
  } else {
    expect(result.sip).toBeDefined();
  }
}

describe('SIP decoder on malformed input', () => {
  const invite = Buffer.from(loadSipFixture('invite.sip'));

  it('never throws on any truncation of a valid INVITE', () => {
    for (let end = 0; end <= invite.length; end++) {
      expectStorable(decode(hepPacket(invite.subarray(0, end)), CTX));
    }
  });

  it('never throws on any suffix of a valid INVITE', () => {
    for (let start = 0; start <= invite.length; start += 3) {
      expectStorable(decode(hepPacket(invite.subarray(start)), CTX));
    }
  });

  it('never throws on seeded random bytes', () => {
    const random = prng(0x5eed);
    for (let n = 0; n < 2000; n++) {
      const bytes = Buffer.alloc(Math.floor(random() * 600));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      expectStorable(decode(hepPacket(bytes), CTX));
    }
  });

  it('never throws on random bytes drawn from SIP punctuation', () => {
    const alphabet = Buffer.from(
      '\r\n\r\n \t:;,<>"\\@[]=?sip:SIP/2.0 INVITECall-ID:CSeq:From:To:tag=v:i:f:t:m:\u0000',
      'latin1',
    );
    const random = prng(42);
    for (let n = 0; n < 3000; n++) {
      const bytes = Buffer.alloc(33 + Math.floor(random() * 300));
      for (let i = 0; i < bytes.length; i++)
        bytes[i] = alphabet[Math.floor(random() * alphabet.length)] as number;
      expectStorable(decode(hepPacket(bytes), CTX));
    }
  });

  it('never throws on a valid INVITE with random bytes overwritten', () => {
    const random = prng(99);
    for (let n = 0; n < 2000; n++) {
      const bytes = Buffer.from(invite);
      const flips = 1 + Math.floor(random() * 8);
      for (let f = 0; f < flips; f++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      expectStorable(decode(hepPacket(bytes), CTX));
    }
  });

  it('stays linear on pathological input (long lines, many lines, no colons)', () => {
    const cases = [
      'INVITE sip:a@b SIP/2.0\r\n' + 'x\r\n'.repeat(20_000),
      'INVITE sip:a@b SIP/2.0\r\n' + 'X-Long: ' + 'a'.repeat(60_000) + '\r\n',
      'INVITE sip:a@b SIP/2.0\r\nFrom: ' + '"'.repeat(30_000) + '\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n',
      'INVITE sip:a@b SIP/2.0\r\nTo: ' + '<'.repeat(30_000) + '\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n',
      'INVITE sip:a@b SIP/2.0\r\nAuthorization: Digest ' +
        'a=b,'.repeat(10_000) +
        '\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n',
      'INVITE sip:a@b SIP/2.0\r\nCSeq: 1 INVITE\r\nCall-ID: x\r\nVia: a\r\n' + ' folded\r\n'.repeat(10_000),
    ];
    const options = sipOptions({ sipHeaders: ['callid', 'from_tag', 'to_user', 'auth_user', 'via'] });
    const decodeAll = createSipDecoder(options);
    for (const payload of cases) {
      const result = decodeAll(hepPacket(payload), CTX);
      expect(() => JSON.parse(result.row.dataHeader) as unknown).not.toThrow();
    }
  });
});
