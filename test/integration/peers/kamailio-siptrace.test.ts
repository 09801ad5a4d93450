/**
 * End to end with real peers: sipp makes calls through a Kamailio 5.6 proxy whose siptrace module
 * mirrors every SIP message (and an hlog() line per call) as HEP to homer-ts, which must store each
 * one in the HOMER 7 schema. Recipes: reference/hep.md §3.2–3.3, reference/peers/.
 *
 * Needs `kamailio` and `sipp` (Debian: kamailio sip-tester) and, for the PostgreSQL variants, a
 * PostgreSQL on 127.0.0.1:5432. Missing peers skip the suite locally and fail it under CI.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import {
  bySid,
  expectAllStrings,
  expectPartitionOf,
  expectRecentTimestamp,
  startLine,
} from './assertions.js';
import { Cleanup } from './cleanup.js';
import { expectedCallFlow, expectedOptionsFlow, hopOf } from './expected.js';
import { installHint, missingPeers } from './peer-binaries.js';
import {
  CALLS,
  runScenario,
  SIP_ROWS_PER_CALL,
  type ScenarioResult,
  type ScenarioVariant,
} from './scenario.js';

const VARIANTS: readonly ScenarioVariant[] = [
  { name: 'HEPv3 over UDP into PostgreSQL', storage: 'postgres', hepVersion: 3, hepTransport: 'udp' },
  { name: 'HEPv2 over UDP into PostgreSQL', storage: 'postgres', hepVersion: 2, hepTransport: 'udp' },
  { name: 'HEPv3 over TCP into PostgreSQL', storage: 'postgres', hepVersion: 3, hepTransport: 'tcp' },
  { name: 'HEPv3 over UDP into PGlite', storage: 'pglite', hepVersion: 3, hepTransport: 'udp' },
];

/** Kamailio's modparams in the template. */
const CAPTURE_ID = '2001';
const AUTH_KEY = 'myHepKey';

const missing = missingPeers();
const inCi = Boolean(process.env.CI);
if (missing.length > 0 && !inCi) {
  console.warn(`[kamailio-siptrace] skipped: ${installHint(missing)}`);
}

describe('Kamailio siptrace + sipp → homer-ts', () => {
  it.runIf(missing.length > 0 && inCi)('has the peer programs installed (CI)', () => {
    throw new Error(`Kamailio/sipp end-to-end test cannot run: ${installHint(missing)}`);
  });

  for (const variant of VARIANTS) {
    describe.skipIf(missing.length > 0)(variant.name, () => {
      const cleanup = new Cleanup();
      let result: ScenarioResult | undefined;
      let skipped: string | undefined;

      beforeAll(async () => {
        const outcome = await runScenario(variant, cleanup);
        if ('skipped' in outcome) {
          skipped = outcome.skipped;
          console.warn(`[kamailio-siptrace] ${variant.name} skipped: ${skipped}`);
        } else {
          result = outcome.result;
        }
      }, 90_000);

      afterAll(() => cleanup.run(), 30_000);

      beforeEach((ctx) => {
        ctx.onTestFailed(() => {
          if (result) console.error(`[kamailio-siptrace] ${variant.name}\n${result.diagnostics()}`);
        });
      });

      /** The scenario's result, or the test is skipped (PostgreSQL absent outside CI). */
      function scenario(ctx: TestContext): ScenarioResult {
        if (!result) ctx.skip(skipped ?? 'scenario did not run');
        return result as ScenarioResult;
      }

      it('stores every SIP message of each call, as received and as relayed, in time order', (ctx) => {
        const { rows, callIds, ports } = scenario(ctx);
        const calls = bySid(rows.hep_proto_1_call);
        expect([...calls.keys()].sort()).toEqual([...callIds].sort());
        for (const callId of callIds) {
          expect(calls.get(callId)?.map(hopOf), `SIP flow of ${callId}`).toEqual(expectedCallFlow(ports));
        }
        expect(rows.hep_proto_1_call).toHaveLength(CALLS * SIP_ROWS_PER_CALL);
        expect(rows.hep_proto_1_registration).toEqual([]);
      });

      it('writes protocol_header like heplify-server: capture id, auth key, loopback hop, Call-ID', (ctx) => {
        const { rows, variant: v } = scenario(ctx);
        for (const row of [...rows.hep_proto_1_call, ...rows.hep_proto_1_default]) {
          const header = row.protocolHeader;
          expect(header).toMatchObject({
            protocolFamily: 2,
            protocol: 17,
            srcIp: '127.0.0.1',
            dstIp: '127.0.0.1',
            payloadType: 1,
            captureId: CAPTURE_ID,
            // SIP without HEP chunk 0x0011: the correlation id is the Call-ID (capture-servers.md §1.3).
            correlation_id: row.sid,
          });
          // HEPv2 has no auth key; heplify-server then leaves capturePass out.
          if (v.hepVersion === 3) expect(header.capturePass).toBe(AUTH_KEY);
          else expect(header).not.toHaveProperty('capturePass');
        }
      });

      it('writes the SIP data_header fields as strings', (ctx) => {
        const { rows, ports } = scenario(ctx);
        for (const row of rows.hep_proto_1_call) {
          const header = row.dataHeader;
          expectAllStrings(header);
          const line = startLine(row.raw);
          const isRequest = !line.startsWith('SIP/2.0 ');
          expect(header).toMatchObject({
            callid: row.sid,
            from_user: 'sipp',
            to_user: 'service',
            // sipp's built-in uac calls sip:service@<proxy>; responses have no request URI.
            ruri_user: isRequest ? 'service' : '',
          });
          expect(header.method).toBe(isRequest ? line.split(' ')[0] : line.split(' ')[1]);
          expect(header.cseq).toMatch(/^[12] (INVITE|ACK|BYE)$/);
          if (isRequest) expect(line).toBe(`${header.method} sip:service@127.0.0.1:${ports.sip} SIP/2.0`);
          expect(row.raw).toContain(`Call-ID: ${row.sid}\r\n`);
        }
      });

      it('stores the OPTIONS and its 200 in hep_proto_1_default', (ctx) => {
        const { rows, optionsCallId, ports } = scenario(ctx);
        const options = rows.hep_proto_1_default;
        expect(options.map((row) => row.sid)).toEqual([optionsCallId, optionsCallId]);
        expect(options.map(hopOf)).toEqual(expectedOptionsFlow(ports));
        for (const row of options) {
          expectAllStrings(row.dataHeader);
          expect(row.dataHeader).toMatchObject({ callid: optionsCallId, from_user: 'sipp', ruri_user: '' });
        }
        expect(startLine(options[0]?.raw ?? '')).toBe(`OPTIONS sip:127.0.0.1:${ports.sip} SIP/2.0`);
        expect(startLine(options[1]?.raw ?? '')).toBe('SIP/2.0 200 OK');
      });

      it('stores one hlog() line per call in hep_proto_100_default, keyed by the Call-ID', (ctx) => {
        const { rows, callIds, ports } = scenario(ctx);
        const logs = rows.hep_proto_100_default;
        expect(logs.map((row) => row.sid).sort()).toEqual([...callIds].sort());
        for (const row of logs) {
          expect(row.raw).toContain('kamailio: INVITE');
          expect(row.raw).toBe(
            `kamailio: INVITE from sip:sipp@127.0.0.1:${ports.uac} to sip:service@127.0.0.1:${ports.sip}`,
          );
          // hlog() always sends HEPv3 with the auth key, even when siptrace sends HEPv2 (hep.md §3.2),
          // and addresses it Kamailio → HEP server rather than as a SIP hop.
          expect(row.protocolHeader).toMatchObject({
            payloadType: 100,
            captureId: CAPTURE_ID,
            capturePass: AUTH_KEY,
            correlation_id: row.sid,
            srcIp: '127.0.0.1',
            dstIp: '127.0.0.1',
            srcPort: ports.sip,
            dstPort: ports.hep,
          });
          expect(row.dataHeader).toEqual({ node: CAPTURE_ID, proto: 'log' });
        }
      });

      it('keeps the HEP timestamp to the microsecond, recent, in partitions named by UTC start', (ctx) => {
        const { rows, partitions, startedAtMs } = scenario(ctx);
        const parents = ['hep_proto_1_call', 'hep_proto_1_default', 'hep_proto_100_default'] as const;
        for (const parent of parents) {
          for (const row of rows[parent]) {
            expectRecentTimestamp(row, startedAtMs);
            expectPartitionOf(row, parent, partitions);
          }
        }
      });
    });
  }
});
