import { numberAt, stringAt, type JsonObject } from '../json-payload.js';

/**
 * Numbers of an RTP agent report (HEP type 34, heplify-server `rtpagent`): the JSON keys its
 * `heplify_rtpagent_*` metrics read (capture-servers.md §1.9) plus the ones homer-ui's QoS tab
 * charts (homer-app.md §3: TOTAL_PK, EXPECTED_PK, JITTER, MOS, DELTA, PACKET_LOSS).
 */
export interface RtpAgentReport {
  readonly delta?: number;
  readonly jitter?: number;
  readonly mos?: number;
  readonly packetLoss?: number;
  readonly rFactor?: number;
  readonly skew?: number;
  readonly totalPackets?: number;
  readonly expectedPackets?: number;
  /** A call id carried in the report, if any (joins the call when the HEP packet has none). */
  readonly callId?: string;
}

export function readRtpAgentReport(json: JsonObject): RtpAgentReport {
  return {
    delta: numberAt(json, 'DELTA'),
    jitter: numberAt(json, 'JITTER'),
    mos: numberAt(json, 'MOS'),
    packetLoss: numberAt(json, 'PACKET_LOSS'),
    rFactor: numberAt(json, 'RFACTOR'),
    skew: numberAt(json, 'SKEW'),
    totalPackets: numberAt(json, 'TOTAL_PK'),
    expectedPackets: numberAt(json, 'EXPECTED_PK'),
    callId: callIdOf(json),
  };
}

/** One direction of an Oracle/Acme SBC QoS report. */
export interface HoraclifixLeg {
  /** `*_MOS` / 100 and `*_RVAL` / 100, as heplify-server scales them. */
  readonly mos?: number;
  readonly rVal?: number;
  readonly rtpPackets?: number;
  readonly rtpLostPackets?: number;
  readonly rtpAvgJitter?: number;
  readonly rtpMaxJitter?: number;
  readonly rtcpPackets?: number;
  readonly rtcpLostPackets?: number;
  readonly rtcpAvgJitter?: number;
  readonly rtcpMaxJitter?: number;
  readonly rtcpAvgLatency?: number;
  readonly rtcpMaxLatency?: number;
}

/**
 * An SBC QoS report (HEP type 38, heplify-server `horaclifix`): the keys of its `horaclifix_*`
 * gauges (labels sbc_name = NAME, inc_realm, out_realm; direction inc/out).
 */
export interface HoraclifixReport {
  readonly sbcName?: string;
  readonly incRealm?: string;
  readonly outRealm?: string;
  readonly inc: HoraclifixLeg;
  readonly out: HoraclifixLeg;
  readonly callId?: string;
}

export function readHoraclifixReport(json: JsonObject): HoraclifixReport {
  return {
    sbcName: stringAt(json, 'NAME'),
    incRealm: stringAt(json, 'INC_REALM'),
    outRealm: stringAt(json, 'OUT_REALM'),
    inc: leg(json, 'INC_'),
    out: leg(json, 'OUT_'),
    callId: callIdOf(json),
  };
}

function leg(json: JsonObject, prefix: 'INC_' | 'OUT_'): HoraclifixLeg {
  const n = (key: string): number | undefined => numberAt(json, prefix + key);
  const hundredths = (key: string): number | undefined => {
    const v = n(key);
    return v === undefined ? undefined : v / 100;
  };
  return {
    mos: hundredths('MOS'),
    rVal: hundredths('RVAL'),
    rtpPackets: n('RTP_PK'),
    rtpLostPackets: n('RTP_PK_LOSS'),
    rtpAvgJitter: n('RTP_AVG_JITTER'),
    rtpMaxJitter: n('RTP_MAX_JITTER'),
    rtcpPackets: n('RTCP_PK'),
    rtcpLostPackets: n('RTCP_PK_LOSS'),
    rtcpAvgJitter: n('RTCP_AVG_JITTER'),
    rtcpMaxJitter: n('RTCP_MAX_JITTER'),
    rtcpAvgLatency: n('RTCP_AVG_LAT'),
    rtcpMaxLatency: n('RTCP_MAX_LAT'),
  };
}

/** Keys agents use for the call a report belongs to, most specific first. */
const CALL_ID_KEYS = ['CORRELATION_ID', 'CALL_ID', 'CALLID', 'correlation_id', 'call_id', 'callid', 'callId'];

export function callIdOf(json: JsonObject): string | undefined {
  for (const key of CALL_ID_KEYS) {
    const value = stringAt(json, key);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
