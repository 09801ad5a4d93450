import { describe, expect, it } from 'vitest';
import { decodeDns } from '../../../src/decoders/dns/decode.js';
import { decodeLog } from '../../../src/decoders/events/decode.js';
import { decodeIsup } from '../../../src/decoders/isup.js';
import { decodeHoraclifix, decodeRtpAgent, decodeVqReport } from '../../../src/decoders/qos/decode.js';
import { parseXRtpStat } from '../../../src/decoders/qos/xrtp-stat.js';
import { decodeRtcp } from '../../../src/decoders/rtcp/decode.js';
import type { DecodeResult, PayloadDecoder } from '../../../src/decoders/types.js';
import { isDataTableName } from '../../../src/storage/table-names.js';
import { tableOf } from '../../../src/pipeline/row.js';
import { prng, randomInt } from '../../helpers/random.js';
import { CTX, hepPacket } from './helpers.js';
import { bye, receiverReport, sdes, senderReport, withPadding, xrVoipMetrics } from './rtcp-packets.js';

const BLOCK = { ssrc: 2, fractionLost: 9, lost: -4, highestSeq: 70000, jitter: 80, lsr: 1, dlsr: 2 };
const METRICS = {
  ssrc: 2,
  lossRate: 1,
  discardRate: 2,
  burstDensity: 3,
  gapDensity: 4,
  burstDuration: 5,
  gapDuration: 6,
  roundTrip: 7,
  endSystem: 8,
  signal: -9,
  noise: -10,
  rerl: 11,
  gmin: 16,
  r: 80,
  extR: 127,
  mosLq: 40,
  mosCq: 41,
  rxConfig: 0,
  jbNominal: 1,
  jbMax: 2,
  jbAbsMax: 3,
};

function dnsSeed(): Buffer {
  const hex =
    'beef8580000100020000000003777777076578616d706c6503636f6d0000010001' + // header + www.example.com A IN
    'c00c000100010000003c0004c000020a' + // answer: ptr → qname, A 192.0.2.10
    'c00c0005000100000078000603666f6fc010'; // answer: CNAME foo.<example.com via pointer>
  return Buffer.from(hex, 'hex');
}

/** Seeds per decoder: valid inputs the mutations start from. */
const CASES: readonly { name: string; type: number; decode: PayloadDecoder; seeds: Buffer[] }[] = [
  {
    name: 'rtcp',
    type: 5,
    decode: decodeRtcp,
    seeds: [
      Buffer.concat([
        senderReport(1, { ntpSec: 1, ntpFrac: 2, rtpTs: 3, packets: 4, octets: 5 }, [BLOCK]),
        sdes([{ ssrc: 1, items: [[1, 'cname@host']] }]),
        withPadding(bye([1], 'gone'), 8),
      ]),
      Buffer.concat([receiverReport(3, [BLOCK, BLOCK]), xrVoipMetrics(3, METRICS)]),
      Buffer.from('{"type":200,"report_blocks":[{"fraction_lost":3,"ia_jitter":9}],"report_blocks_xr":{}}'),
    ],
  },
  {
    name: 'dns',
    type: 53,
    decode: decodeDns,
    seeds: [dnsSeed(), Buffer.from('{"id":1,"questions":[{"name":"a","type":1}]}')],
  },
  {
    name: 'isup',
    type: 54,
    decode: decodeIsup,
    seeds: [
      Buffer.from(
        '{"opc":1,"dpc":2,"cic":3,"msg_name":"IAM","called_number":{"num":"1"},"calling_number":{"num":"2"}}',
      ),
    ],
  },
  {
    name: 'log',
    type: 100,
    decode: decodeLog,
    seeds: [
      Buffer.from(
        '[{"emitter":"j","type":2,"session_id":123456789012345678,"handle_id":9,"event":{"name":"attached"}}]',
      ),
      Buffer.from('{"event":"x","routerId":"r","level":"info","callid":"c"}'),
      Buffer.from('kamailio: INVITE from sip:a@b to sip:c@d'),
    ],
  },
  {
    name: 'rtpagent',
    type: 34,
    decode: decodeRtpAgent,
    seeds: [Buffer.from('{"MOS":4.2,"JITTER":3,"CALLID":"c"}')],
  },
  {
    name: 'vq',
    type: 35,
    decode: decodeVqReport,
    seeds: [
      Buffer.from(
        'VQSessionReport: CallTerm\r\nCallID: c1\r\nLocalMetrics:\r\nPacketLoss: NLR=5.0 JDR=2.0\r\nQualityEst: MOSLQ=4.2 MOSCQ=4.3 FMTP="a b"\r\n',
      ),
    ],
  },
  {
    name: 'horaclifix',
    type: 38,
    decode: decodeHoraclifix,
    seeds: [Buffer.from('{"NAME":"s","INC_MOS":430,"OUT_REALM":"o"}')],
  },
];

function mutate(seed: Buffer, random: () => number): Buffer {
  const out = Buffer.from(seed);
  const edits = 1 + randomInt(random, 4);
  let buf = out;
  for (let e = 0; e < edits; e++) {
    const op = randomInt(random, 5);
    if (buf.length === 0) return Buffer.from([randomInt(random, 256)]);
    const at = randomInt(random, buf.length);
    if (op === 0)
      buf[at] = randomInt(random, 256); // replace a byte
    else if (op === 1)
      buf[at] = buf[at]! ^ (1 << randomInt(random, 8)); // flip a bit
    else if (op === 2)
      buf = buf.subarray(0, at); // truncate
    else if (op === 3)
      buf = Buffer.concat([buf.subarray(0, at), Buffer.from([randomInt(random, 256)]), buf.subarray(at)]);
    else buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + 1 + randomInt(random, 4))]); // delete
  }
  return buf;
}

function expectStorable(result: DecodeResult, type: number): void {
  const { row } = result;
  expect(isDataTableName(tableOf(row))).toBe(true);
  expect([type, 35]).toContain(row.hepid);
  const header = JSON.parse(row.dataHeader) as Record<string, unknown>;
  expect(typeof header.node).toBe('string');
  expect(typeof header.proto).toBe('string');
  expect(() => JSON.parse(row.protocolHeader) as unknown).not.toThrow();
  expect(row.raw.includes('\u0000')).toBe(false);
  expect(row.sid).not.toBe('');
  if (result.parseError !== undefined) expect(header.parse_error).toBe(result.parseError);
}

describe('non-SIP decoders on mutated input', () => {
  it('starts from seeds that decode cleanly', () => {
    for (const c of CASES) {
      for (const seed of c.seeds) {
        expect(c.decode(hepPacket(seed, { protoType: c.type }), CTX).parseError, c.name).toBeUndefined();
      }
    }
  });

  // 7 decoders × 1 430 mutations ≈ 10 000 seeded cases; the seed reproduces a failure.
  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s never throws and always yields a storable row',
    (_n, c) => {
      const random = prng(0x5eed + c.type);
      const perCase = 1430;
      for (let i = 0; i < perCase; i++) {
        const seed = c.seeds[i % c.seeds.length]!;
        const payload = mutate(seed, random);
        let result: DecodeResult | undefined;
        expect(
          () => {
            result = c.decode(
              hepPacket(payload, { protoType: c.type, correlationId: i % 3 === 0 ? undefined : 'cid' }),
              CTX,
            );
          },
          `case ${i}: ${payload.toString('hex')}`,
        ).not.toThrow();
        expectStorable(result!, c.type);
      }
    },
  );

  it('decodes random bytes of every length without throwing', () => {
    const random = prng(42);
    for (let len = 0; len < 300; len++) {
      const payload = Buffer.from(Array.from({ length: len }, () => randomInt(random, 256)));
      for (const c of CASES) expectStorable(c.decode(hepPacket(payload, { protoType: c.type }), CTX), c.type);
    }
  });

  it('parses mutated X-RTP-Stat values without throwing, MOS always within 1 … 5', () => {
    const random = prng(7);
    const seed = Buffer.from('CS=0;PS=1433;PR=1522;PL=3,1;JI=12,9;DL=20,10,30;IP=1.2.3.4:5,6.7.8.9:10');
    for (let i = 0; i < 2000; i++) {
      const s = parseXRtpStat(mutate(seed, random).toString('latin1'));
      expect(s.mos).toBeGreaterThanOrEqual(1);
      expect(s.mos).toBeLessThanOrEqual(5);
    }
  });
});
