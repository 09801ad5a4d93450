import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeRtcp, RTCP_DECODE_ERRORS } from '../../../src/decoders/rtcp/decode.js';
import { EMODEL, mosFromR, mosOf, rFactor } from '../../../src/decoders/rtcp/mos.js';
import { parseRtcp, RTCP_PARSE_ERRORS } from '../../../src/decoders/rtcp/parse.js';
import { tableOf } from '../../../src/pipeline/row.js';
import { sharedTestdataPath } from '../../helpers/shared-testdata.js';
import { udpPayloads } from '../hep/helpers.js';
import { CTX, defaultProtocolHeader, hepPacket } from './helpers.js';
import {
  app,
  bye,
  receiverReport,
  rtcpHeader,
  sdes,
  senderReport,
  withPadding,
  xrReceiverReferenceTime,
  xrVoipMetrics,
  type Block,
} from './rtcp-packets.js';

const CALL_ID = 'a84b4c76e66710@pc33.atlanta.com';
const rtcp = (payload: Buffer | string, correlationId: string | null = CALL_ID) =>
  decodeRtcp(hepPacket(payload, { protoType: 5, correlationId: correlationId ?? undefined }), CTX);
const json = (raw: string): Record<string, unknown> => JSON.parse(raw) as Record<string, unknown>;

const BLOCK: Block = {
  ssrc: 0x2222,
  fractionLost: 5,
  lost: 3,
  highestSeq: 125,
  jitter: 42,
  lsr: 0x11223344,
  dlsr: 0x00010000,
};
const INFO = { ntpSec: 3758096385, ntpFrac: 305419896, rtpTs: 4000, packets: 25, octets: 4000 };
const EMPTY_XR = {
  type: 0,
  id: 0,
  fraction_lost: 0,
  fraction_discard: 0,
  burst_density: 0,
  gap_density: 0,
  burst_duration: 0,
  gap_duration: 0,
  round_trip_delay: 0,
  end_system_delay: 0,
};

describe('binary RTCP → heplify JSON', () => {
  it('decodes a sender report into heplify key names and order', () => {
    const { row, parseError } = rtcp(senderReport(0x1111, INFO, [BLOCK]));
    expect(parseError).toBeUndefined();
    expect(tableOf(row)).toBe('hep_proto_5_default');
    expect(row.sid).toBe(CALL_ID);
    expect(row.protocolHeader).toBe(defaultProtocolHeader({ payloadType: 5, correlationId: CALL_ID }));
    const out = json(row.raw);
    expect(Object.keys(out)).toEqual([
      'sender_information',
      'ssrc',
      'type',
      'report_count',
      'report_blocks',
      'report_blocks_xr',
      'sdes_ssrc',
      'packet_types',
      'mos',
    ]);
    expect(out).toEqual({
      sender_information: {
        ntp_timestamp_sec: 3758096385,
        ntp_timestamp_usec: 305419896,
        rtp_timestamp: 4000,
        packets: 25,
        octets: 4000,
      },
      ssrc: 0x1111,
      type: 200,
      report_count: 1,
      report_blocks: [
        {
          source_ssrc: 0x2222,
          fraction_lost: 5,
          packets_lost: 3,
          highest_seq_no: 125,
          ia_jitter: 42,
          lsr: 0x11223344,
          dlsr: 0x00010000,
        },
      ],
      report_blocks_xr: EMPTY_XR,
      sdes_ssrc: 0,
      packet_types: [200],
      mos: mosOf({ fractionLost: 5, jitter: 42 }),
    });
    expect(Object.keys((out.sender_information as object) ?? {})).toEqual([
      'ntp_timestamp_sec',
      'ntp_timestamp_usec',
      'rtp_timestamp',
      'packets',
      'octets',
    ]);
    expect(Object.keys((out.report_blocks as object[])[0]!)).toEqual([
      'source_ssrc',
      'fraction_lost',
      'packets_lost',
      'highest_seq_no',
      'ia_jitter',
      'lsr',
      'dlsr',
    ]);
    expect(row.dataHeader).toBe(`{"node":"2001","proto":"rtcp","mos":${out.mos as number}}`);
  });

  it('decodes a receiver report with two blocks and a negative cumulative loss (signed 24 bits)', () => {
    const second: Block = { ...BLOCK, ssrc: 0x3333, lost: -1, fractionLost: 0, jitter: 0 };
    const out = json(rtcp(receiverReport(0xdeadbeef, [BLOCK, second])).row.raw);
    expect(out).toMatchObject({ ssrc: 0xdeadbeef, type: 201, report_count: 2 });
    expect(out.sender_information).toEqual({
      ntp_timestamp_sec: 0,
      ntp_timestamp_usec: 0,
      rtp_timestamp: 0,
      packets: 0,
      octets: 0,
    });
    expect(
      (out.report_blocks as { source_ssrc: number; packets_lost: number }[]).map((b) => b.packets_lost),
    ).toEqual([3, -1]);
  });

  it('decodes an SR + SDES + BYE compound: report from the SR, SDES items and BYE reason kept', () => {
    const packet = Buffer.concat([
      senderReport(0x1111, INFO, [BLOCK]),
      sdes([
        {
          ssrc: 0x1111,
          items: [
            [1, 'alice@atlanta.example.com'],
            [2, 'Alice "A" Ω'],
          ],
        },
        { ssrc: 0x4444, items: [[6, 'tool/1.0']] },
      ]),
      bye([0x1111, 0x4444], 'call ended'),
    ]);
    const out = json(rtcp(packet).row.raw);
    expect(out).toMatchObject({
      ssrc: 0x1111,
      type: 200,
      report_count: 1,
      sdes_ssrc: 0x1111,
      sdes_chunk_ssrc: 0x1111,
      sdes_report_count: 2,
      sdes_information: [
        { sdes_chunk_ssrc: 0x1111, type: 1, text: 'alice@atlanta.example.com' },
        { sdes_chunk_ssrc: 0x1111, type: 2, text: 'Alice "A" Ω' },
        { sdes_chunk_ssrc: 0x4444, type: 6, text: 'tool/1.0' },
      ],
      bye: { ssrcs: [0x1111, 0x4444], reason: 'call ended' },
      packet_types: [200, 202, 203],
    });
  });

  it('decodes APP (name, subtype, data length) and skips RTPFB feedback (205) without error', () => {
    const feedback = Buffer.concat([rtcpHeader(205, 1, 8), Buffer.alloc(8)]);
    const packet = Buffer.concat([
      receiverReport(0x1111, []),
      app(0x1111, 3, 'QOSx', Buffer.alloc(8)),
      feedback,
    ]);
    const { row, parseError } = rtcp(packet);
    expect(parseError).toBeUndefined();
    const out = json(row.raw);
    expect(out.app).toEqual({ ssrc: 0x1111, subtype: 3, name: 'QOSx', length: 8 });
    expect(out.packet_types).toEqual([201, 204, 205]);
    expect(out.report_blocks).toEqual([]);
    expect(out.mos).toBeUndefined(); // no report block, no XR: nothing to estimate from
    expect(row.dataHeader).toBe('{"node":"2001","proto":"rtcp"}');
  });

  it('decodes XR VoIP metrics (RFC 3611 §4.7) after another block, into report_blocks_xr and voip_metrics', () => {
    const metrics = {
      ssrc: 0x2222,
      lossRate: 12,
      discardRate: 3,
      burstDensity: 40,
      gapDensity: 2,
      burstDuration: 120,
      gapDuration: 5000,
      roundTrip: 180,
      endSystem: 60,
      signal: -20,
      noise: -70,
      rerl: 50,
      gmin: 16,
      r: 85,
      extR: 127,
      mosLq: 41,
      mosCq: 127,
      rxConfig: 0x40,
      jbNominal: 40,
      jbMax: 80,
      jbAbsMax: 200,
    };
    const packet = Buffer.concat([
      receiverReport(0x1111, [BLOCK]),
      xrVoipMetrics(0x1111, metrics, [xrReceiverReferenceTime(1, 2)]),
    ]);
    const out = json(rtcp(packet).row.raw);
    expect(out.report_blocks_xr).toEqual({
      type: 7,
      id: 0x2222,
      fraction_lost: 12,
      fraction_discard: 3,
      burst_density: 40,
      gap_density: 2,
      burst_duration: 120,
      gap_duration: 5000,
      round_trip_delay: 180,
      end_system_delay: 60,
    });
    expect(out.voip_metrics).toEqual({
      ssrc: 0x2222,
      loss_rate: 12,
      discard_rate: 3,
      burst_density: 40,
      gap_density: 2,
      burst_duration: 120,
      gap_duration: 5000,
      round_trip_delay: 180,
      end_system_delay: 60,
      signal_level: -20,
      noise_level: -70,
      rerl: 50,
      gmin: 16,
      r_factor: 85,
      ext_r_factor: null,
      mos_lq: 4.1,
      mos_cq: null,
      rx_config: 0x40,
      jb_nominal: 40,
      jb_maximum: 80,
      jb_abs_max: 200,
    });
    // The XR round trip lengthens the delay the E-model sees.
    expect(out.mos).toBe(mosOf({ fractionLost: 5, jitter: 42, roundTripMs: 180 }));
    expect(out.mos as number).toBeLessThan(mosOf({ fractionLost: 5, jitter: 42 }));
  });

  it('takes ssrc and MOS from an XR-only packet', () => {
    const metrics = xrVoipMetrics(0x7777, {
      ssrc: 0x2222,
      lossRate: 26,
      discardRate: 0,
      burstDensity: 0,
      gapDensity: 0,
      burstDuration: 0,
      gapDuration: 0,
      roundTrip: 0,
      endSystem: 0,
      signal: 0,
      noise: 0,
      rerl: 0,
      gmin: 16,
      r: 127,
      extR: 127,
      mosLq: 127,
      mosCq: 127,
      rxConfig: 0,
      jbNominal: 0,
      jbMax: 0,
      jbAbsMax: 0,
    });
    const out = json(rtcp(metrics).row.raw);
    expect(out).toMatchObject({ ssrc: 0x7777, type: 207, mos: mosOf({ fractionLost: 26, jitter: 0 }) });
  });

  it('removes padding (P bit, last octet = count) before reading the body', () => {
    const padded = withPadding(bye([0x1111], 'bye'), 4);
    const packet = Buffer.concat([receiverReport(0x1111, [BLOCK]), padded]);
    const { row, parseError } = rtcp(packet);
    expect(parseError).toBeUndefined();
    expect(json(row.raw).bye).toEqual({ ssrcs: [0x1111], reason: 'bye' });
  });
});

describe('malformed binary RTCP', () => {
  const good = senderReport(0x1111, INFO, [BLOCK]);

  it.each([
    ['version 1', Buffer.concat([Buffer.from([0x41]), good.subarray(1)]), RTCP_PARSE_ERRORS.badVersion],
    ['type 199', Buffer.concat([Buffer.from([0x81, 199]), good.subarray(2)]), RTCP_PARSE_ERRORS.badType],
    ['length past the end', good.subarray(0, good.length - 4), RTCP_PARSE_ERRORS.truncated],
    ['3 bytes', good.subarray(0, 3), RTCP_PARSE_ERRORS.truncated],
    [
      'SR claiming 2 blocks with room for 1',
      Buffer.concat([Buffer.from([0x82]), good.subarray(1)]),
      RTCP_PARSE_ERRORS.badLength,
    ],
    ['padding count 0', Buffer.concat([Buffer.from([0xa1]), good.subarray(1)]), RTCP_PARSE_ERRORS.badPadding],
  ])('stores %s as hex with parse_error', (_name, payload, reason) => {
    const { row, parseError } = rtcp(payload);
    expect(parseError).toBe(reason);
    expect(tableOf(row)).toBe('hep_proto_5_default');
    expect(row.raw).toBe(payload.toString('hex'));
    expect(row.sid).toBe(CALL_ID);
    expect(JSON.parse(row.dataHeader)).toEqual({
      node: '2001',
      proto: 'rtcp',
      parse_error: reason,
      raw_encoding: 'hex',
    });
  });

  it('stores an empty payload with rtcp_empty', () => {
    const { row, parseError } = rtcp(Buffer.alloc(0));
    expect(parseError).toBe(RTCP_DECODE_ERRORS.empty);
    expect(row.raw).toBe('');
  });

  it('keeps the sub-packets that decoded and the rest as hex when a later one is bad', () => {
    const junk = Buffer.from([0x40, 0xc8, 0x00, 0x00]); // version 1
    const { row, parseError } = rtcp(Buffer.concat([good, junk]));
    expect(parseError).toBe(RTCP_PARSE_ERRORS.badVersion);
    const out = json(row.raw);
    expect(out).toMatchObject({
      ssrc: 0x1111,
      type: 200,
      parse_error: 'rtcp_bad_version',
      undecoded_hex: '40c80000',
    });
    expect(JSON.parse(row.dataHeader)).toMatchObject({ parse_error: 'rtcp_bad_version', mos: out.mos });
  });
});

describe('RTCP JSON (rtpengine, heplify)', () => {
  // rtpengine 10.5 --homer, verified on the wire (hep.md §3.4).
  const RTPENGINE =
    '{ "sender_information":{"ntp_timestamp_sec":3758096385,"ntp_timestamp_usec":305419896,"octets":4000,' +
    '"rtp_timestamp":4000, "packets":25},"ssrc":4369,"type":200,"report_count":1,"report_blocks":[{' +
    '"source_ssrc":8738,"highest_seq_no":125,"fraction_lost":5,"ia_jitter":42,"packets_lost":3,"lsr":0,"dlsr":0}] }';

  it('stores the payload exactly as sent, with the MOS of its first block in data_header', () => {
    const { row, parseError } = rtcp(RTPENGINE);
    expect(parseError).toBeUndefined();
    expect(row.raw).toBe(RTPENGINE);
    expect(row.sid).toBe(CALL_ID);
    expect(JSON.parse(row.dataHeader)).toEqual({
      node: '2001',
      proto: 'rtcp',
      mos: mosOf({ fractionLost: 5, jitter: 42 }),
    });
  });

  it('decodes the same numbers from binary as rtpengine sends in JSON', () => {
    const binary = senderReport(4369, INFO, [{ ...BLOCK, ssrc: 8738, lsr: 0, dlsr: 0 }]);
    const fromBinary = json(rtcp(binary).row.raw);
    const fromJson = json(RTPENGINE);
    for (const key of ['sender_information', 'ssrc', 'type', 'report_count', 'report_blocks']) {
      expect(fromBinary[key]).toEqual(fromJson[key]);
    }
  });

  it('keeps a JSON report without blocks (no mos) and an unparsable one (rtcp_bad_json) as received', () => {
    expect(rtcp('{"type":202,"sdes_ssrc":1}').row.dataHeader).toBe('{"node":"2001","proto":"rtcp"}');
    const bad = rtcp('{"type":200,"report_blocks":[');
    expect(bad.parseError).toBe(RTCP_DECODE_ERRORS.badJson);
    expect(bad.row.raw).toBe('{"type":200,"report_blocks":[');
    expect(JSON.parse(bad.row.dataHeader)).toEqual({
      node: '2001',
      proto: 'rtcp',
      parse_error: 'rtcp_bad_json',
    });
  });

  it('uses the flow key as sid when the packet has no correlation id', () => {
    expect(rtcp(RTPENGINE, null).row.sid).toBe('192.0.2.1:5060-192.0.2.2:5080');
  });
});

describe('RTCP from real captures', () => {
  // Source: shared testdata pcap/sip/heplify_rtp_rtcp_sip.pcap (sipcapture/heplify example, very
  // likely Wireshark's SIP_CALL_RTP_G711 sample) and heplify_sip_ipv4_tcp.pcap; packet index = the
  // n-th UDP datagram of the file. Read at run time: the files are AGPL and stay out of the repo.
  const g711 = udpPayloads(readFileSync(sharedTestdataPath('pcap/sip/heplify_rtp_rtcp_sip.pcap')));
  const tcp = udpPayloads(readFileSync(sharedTestdataPath('pcap/sip/heplify_sip_ipv4_tcp.pcap')));

  it('finds 28 RTCP datagrams in the G.711 capture and decodes every one', () => {
    const rtcpPackets = g711.filter((p) => p.length >= 8 && p[0]! >> 6 === 2 && p[1]! >= 200 && p[1]! <= 207);
    expect(rtcpPackets).toHaveLength(28);
    for (const p of rtcpPackets) expect(parseRtcp(p).report).toBeDefined();
  });

  it('decodes an SR + RR compound (datagram 225)', () => {
    const out = json(rtcp(g711[225]!).row.raw);
    expect(out).toMatchObject({
      ssrc: 0xd2bd4e3e,
      type: 200,
      report_count: 1,
      sender_information: { rtp_timestamp: 320, packets: 2, octets: 320 },
      packet_types: [200, 201],
      mos: 4.4,
    });
    expect(out.report_blocks).toHaveLength(2);
  });

  it('decodes an SR with jitter + SDES CNAME (datagram 1198)', () => {
    const out = json(rtcp(g711[1198]!).row.raw);
    expect(out).toMatchObject({
      ssrc: 0x58f33dea,
      sender_information: { packets: 278, octets: 44003 },
      report_blocks: [{ source_ssrc: 0xd2bd4e3e, highest_seq_no: 158, ia_jitter: 16, dlsr: 168427 }],
      sdes_information: [{ sdes_chunk_ssrc: 0x58f33dea, type: 1, text: 'ACLTP ChannelHandle 30' }],
    });
  });

  it('keeps SR + RR + SDES when two stray bytes follow the compound (datagram 247), and counts it', () => {
    const { row, parseError } = rtcp(g711[247]!);
    expect(parseError).toBe(RTCP_PARSE_ERRORS.trailingBytes);
    const out = json(row.raw);
    expect(out).toMatchObject({
      packet_types: [200, 201, 202],
      sdes_information: [{ type: 1, text: 'unknown@200.57.7.204' }],
      undecoded_hex: '0000',
    });
  });

  it('decodes an SR with report_count 0 + SDES (heplify_sip_ipv4_tcp.pcap datagram 1)', () => {
    const out = json(rtcp(tcp[1]!).row.raw);
    expect(out).toMatchObject({
      type: 200,
      report_count: 0,
      report_blocks: [],
      sdes_information: [{ text: 'c0' }],
    });
    expect(out.mos).toBeUndefined();
  });
});

describe('E-model MOS', () => {
  it('documents its constants', () => {
    expect(EMODEL).toEqual({
      r0MinusIs: 93.2,
      ie: 0,
      bpl: 25.1,
      burstR: 1,
      clockRateHz: 8000,
      packetisationMs: 20,
      jitterBufferFactor: 2,
    });
  });

  it.each([
    // fraction lost, jitter (8 kHz units), RTT ms, expected R (hand-computed), expected MOS
    [0, 0, undefined, 92.72, 4.4], // d = 20 ms: Id = 0.48
    [26, 0, undefined, 65.354, 3.37], // Ppl = 10.16 %: Ie,eff = 95·10.156/(10.156+25.1) = 27.37
    [0, 800, undefined, 83.223, 4.14], // J = 100 ms → d = 220 ms: Id = 5.28 + 0.11·42.7 = 9.98
    [255, 0, undefined, 16.84, 1.17], // Ppl = 99.6 %: Ie,eff = 75.88
    [0, 0, 400, 83.223, 4.14], // d = 20 + 400/2 = 220 ms: the same as 100 ms of jitter
  ])('fraction %i, jitter %i, rtt %s → R %f, MOS %f', (fractionLost, jitter, roundTripMs, r, mos) => {
    expect(rFactor({ fractionLost, jitter, roundTripMs })).toBeCloseTo(r, 1);
    expect(mosOf({ fractionLost, jitter, roundTripMs })).toBe(mos);
  });

  it('maps R to MOS per G.107 Annex B, clamped to 1 … 4.5', () => {
    expect(mosFromR(-5)).toBe(1);
    expect(mosFromR(0)).toBe(1);
    expect(mosFromR(3)).toBe(1);
    expect(mosFromR(50)).toBeCloseTo(1 + 1.75 + 50 * -10 * 50 * 7e-6, 10);
    expect(mosFromR(100)).toBe(4.5);
    expect(mosFromR(120)).toBe(4.5);
    expect(mosFromR(Number.NaN)).toBe(1);
  });

  it('never leaves 1 … 4.5 and falls as loss or jitter rises', () => {
    let previous = 5;
    for (let fl = 0; fl <= 255; fl += 5) {
      const m = mosOf({ fractionLost: fl, jitter: 40 });
      expect(m).toBeLessThanOrEqual(previous);
      expect(m).toBeGreaterThanOrEqual(1);
      previous = m;
    }
    expect(mosOf({ fractionLost: -3, jitter: -9 })).toBe(mosOf({ fractionLost: 0, jitter: 0 }));
    expect(mosOf({ fractionLost: 0, jitter: 0xffffffff })).toBe(1);
  });
});
