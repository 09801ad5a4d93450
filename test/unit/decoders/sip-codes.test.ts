import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSipDecoder } from '../../../src/decoders/sip/decode.js';
import { compileHeaderTable, scanSip, SipScanner, scanValue } from '../../../src/decoders/sip/scan.js';
import { AddrSpans, parseNameAddr, parseNameAddrInto } from '../../../src/decoders/sip/uri.js';
import { ValueRef } from '../../../src/decoders/sip/value-ref.js';
import { payloadText, textCodes } from '../../../src/decoders/text.js';
import type { DecodeResult } from '../../../src/decoders/types.js';
import { sharedTestdataPath } from '../../helpers/shared-testdata.js';
import { prng } from '../../helpers/random.js';
import { ALL_SIP_KEYS, CTX, hepPacket, loadSipFixture, sipOptions } from './helpers.js';

/**
 * The SIP decoder parses the payload's bytes where they line up with its text (src/decoders/text.ts
 * sipHeaderCodes) and keeps its scanner and message from one packet to the next. These tests
 * check that neither shows: the row depends on the text alone, not on the bytes it came from nor
 * on the packets decoded before.
 */
const options = sipOptions({
  sipHeaders: ALL_SIP_KEYS,
  customHeaders: ['X-Custom', 'NewFangledHeader'],
  alegIds: ['X-CID'],
});

function seeds(): Buffer[] {
  const out = ['invite.sip', 'ok-200-invite.sip', 'register.sip', 'bye.sip', 'options.sip'].map((f) =>
    Buffer.from(loadSipFixture(f)),
  );
  const torture = sharedTestdataPath('sip/rfc4475/');
  for (const f of readdirSync(torture).sort()) out.push(readFileSync(join(torture, f)));
  return out;
}

/** Byte sequences that make the text differ from the bytes: UTF-8, NUL, invalid sequences. */
const ODD_BYTES: readonly number[][] = [
  [0x00],
  [0xc3, 0xa9],
  [0xd0, 0xbb],
  [0xc4, 0xba],
  [0xf0, 0x9f, 0x98, 0x80],
  [0xff],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0x22],
  [0x5c],
  [0x01],
  [0x3b],
  [0x3a],
];

function mutate(seed: Buffer, random: () => number): Buffer {
  let bytes = seed;
  for (let e = 1 + Math.floor(random() * 4); e > 0 && bytes.length > 0; e--) {
    // Mostly inside the first 400 bytes: the header section.
    const at = Math.floor(random() * Math.min(bytes.length, 400));
    const odd = Buffer.from(ODD_BYTES[Math.floor(random() * ODD_BYTES.length)]!);
    bytes = Buffer.concat([bytes.subarray(0, at), odd, bytes.subarray(at + (random() < 0.5 ? 0 : 1))]);
  }
  return bytes;
}

describe('SIP decoding reads the text, whatever bytes it came from', () => {
  it('decodes a payload and the UTF-8 of its text to the same row', () => {
    const decode = createSipDecoder(options);
    const random = prng(0xc0de5);
    const all = seeds();
    for (let n = 0; n < 3000; n++) {
      const payload = mutate(all[n % all.length]!, random);
      const reencoded = Buffer.from(payloadText(payload), 'utf8');
      // Both sides must be past the "too short" check, which counts bytes.
      if (payload.length <= 32 || reencoded.length <= 32) continue;
      const fromBytes = decode(hepPacket(payload), CTX);
      const fromText = decode(hepPacket(reencoded), CTX);
      expect(fromBytes, payload.toString('hex')).toEqual(fromText);
    }
  });
});

describe('SIP decoding of non-ASCII header values', () => {
  it('is not fooled by characters whose low byte is a SIP delimiter', () => {
    // U+043B, U+013A, U+013C, U+0140 end in 0x3b ';', 0x3a ':', 0x3c '<', 0x40 '@'.
    const display = '\u0418\u043b\u044c\u044f \u013a\u013c\u0140';
    const payload = Buffer.from(
      'INVITE sip:bob@example.com SIP/2.0\r\n' +
        `From: "${display}" <sip:alice@example.org>;tag=ft1\r\n` +
        `To: ${display} <sip:bob@example.com>\r\n` +
        'Call-ID: c1@example.org\r\nCSeq: 1 INVITE\r\n\r\n',
    );
    const result = createSipDecoder(options)(hepPacket(payload), CTX);
    expect(JSON.parse(result.row.dataHeader)).toMatchObject({
      from_user: 'alice',
      from_domain: 'example.org',
      from_tag: 'ft1',
      to_user: 'bob',
      to_domain: 'example.com',
    });
  });
});

describe('a SIP decoder keeps nothing from the packets before', () => {
  it('gives each message the row a fresh decoder gives it, in any order', () => {
    const random = prng(7);
    const messages = seeds().flatMap((s) => [s, mutate(s, random)]);
    const fresh = messages.map((m) => createSipDecoder(options)(hepPacket(m), CTX));
    const shared = createSipDecoder(options);
    const order = messages.map((_, i) => i);
    for (let round = 0; round < 3; round++) {
      const got: DecodeResult[] = [];
      for (const i of order) got[i] = shared(hepPacket(messages[i]!), CTX);
      expect(got).toEqual(fresh);
      order.sort(() => random() - 0.5);
    }
  });
});

describe('SipScanner reuse', () => {
  const table = compileHeaderTable(
    [
      { name: 'Call-ID', slot: 0 },
      { name: 'Via', slot: 1, keepLast: true },
      { name: 'Subject', slot: 2 },
    ],
    3,
  );
  const folded = 'INVITE sip:a@b SIP/2.0\r\nSubject: one\r\n two\r\nVia: a\r\nCall-ID: c1\r\n\r\n';
  const plain = 'SIP/2.0 200 OK\r\nCall-ID: c2\r\n\r\n';
  const bad = 'garbage\r\nVia: v\r\n\r\n';

  it('scans each message as a scanner of its own would', () => {
    const scanner = new SipScanner(table);
    for (const text of [folded, plain, bad, folded, bad, plain, 'no line break']) {
      const reused = scanner.scan(text, textCodes(text));
      const fresh = scanSip(text, table);
      expect([0, 1, 2].map((slot) => scanValue(reused, slot))).toEqual(
        [0, 1, 2].map((slot) => scanValue(fresh, slot)),
      );
      expect(reused.error).toBe(fresh.error);
      expect(reused.startLine === undefined).toBe(fresh.startLine === undefined);
      if (reused.startLine !== undefined) expect({ ...reused.startLine }).toEqual({ ...fresh.startLine });
    }
  });
});

describe('AddrSpans', () => {
  it('points refs at the same parts its getters cut, on random name-addr values', () => {
    const alphabet = [
      '"',
      '\\',
      '<',
      '>',
      '@',
      ':',
      ';',
      ',',
      '?',
      '[',
      ']',
      ' ',
      '\t',
      '=',
      'sip',
      'tel',
      'tag',
      'a',
      '1',
      'é',
      'Л',
    ];
    const random = prng(31);
    const parts = new AddrSpans();
    const ref = new ValueRef();
    for (let n = 0; n < 5000; n++) {
      let text = '';
      for (let k = Math.floor(random() * 24); k > 0; k--)
        text += alphabet[Math.floor(random() * alphabet.length)];
      const codes = textCodes(text);
      const found = parseNameAddrInto(parts, codes, text, 0, text.length);
      const expected = parseNameAddr(text);
      expect(found ? { user: parts.user, host: parts.host, ok: parts.ok, tag: parts.tag } : expected).toEqual(
        expected,
      );
      expect(parts.userRef(ref).value).toBe(parts.user);
      expect(parts.hostRef(ref).value).toBe(parts.host);
      expect(parts.tagRef(ref).value).toBe(parts.tag);
    }
  });
});
