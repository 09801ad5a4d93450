import { describe, expect, it } from 'vitest';
import { decodeLog } from '../../../src/decoders/events/decode.js';
import { decodeIsup, ISUP_PARSE_ERRORS, readIsup } from '../../../src/decoders/isup.js';
import { tableOf } from '../../../src/pipeline/row.js';
import { CTX, hepPacket } from './helpers.js';

const CALL_ID = 'log-call-1@example.com';
const log = (payload: string, correlationId?: string) =>
  decodeLog(hepPacket(payload, { protoType: 100, correlationId }), CTX);

describe('logs (type 100)', () => {
  it("keeps a Kamailio hlog() text line exactly: heplify-server's data_header, sid = correlation id", () => {
    // What Kamailio 5.6 hlog() sends (hep.md §3.2, verified).
    const text = 'kamailio: INVITE from sip:alice@atlanta.example.com to sip:bob@example.com';
    const { row, parseError } = log(text, CALL_ID);
    expect(parseError).toBeUndefined();
    expect(tableOf(row)).toBe('hep_proto_100_default');
    expect(row.sid).toBe(CALL_ID);
    expect(row.raw).toBe(text);
    expect(row.dataHeader).toBe('{"node":"2001","proto":"log"}');
  });

  it('treats text that only starts like JSON as text', () => {
    const { row, parseError } = log('{not json at all', CALL_ID);
    expect(parseError).toBeUndefined();
    expect(row.dataHeader).toBe('{"node":"2001","proto":"log"}');
  });

  it('adds level, event and call id of a JSON log; the call id becomes sid without a HEP correlation id', () => {
    const payload = '{"level":"ERROR","event":"dispatcher_down","callid":"abc@host","msg":"gw 2 down"}';
    const { row } = log(payload);
    expect(row.sid).toBe('abc@host');
    expect(row.raw).toBe(payload);
    expect(JSON.parse(row.dataHeader)).toEqual({
      node: '2001',
      proto: 'log',
      event: 'dispatcher_down',
      level: 'ERROR',
      callid: 'abc@host',
    });
    expect(log(payload, CALL_ID).row.sid).toBe(CALL_ID);
  });

  it('extracts Janus event handler ids exactly (above 2^53) from a batched array', () => {
    // Janus event handlers post arrays of events: {emitter, type, timestamp, session_id, handle_id, event}.
    const payload =
      '[{"emitter":"janus-1","type":2,"timestamp":1700000000123456,"session_id":8237482398472398472,' +
      '"handle_id":3422342342342342349,"opaque_id":"videoroom-abc","event":{"name":"attached",' +
      '"plugin":"janus.plugin.videoroom","opaque_id":"videoroom-abc"}},{"emitter":"janus-1","type":1}]';
    const { row } = log(payload);
    const header = JSON.parse(row.dataHeader) as Record<string, unknown>;
    expect(header).toEqual({
      node: '2001',
      proto: 'log',
      source: 'janus',
      event: 'attached',
      session_id: '8237482398472398472',
      handle_id: '3422342342342342349',
      opaque_id: 'videoroom-abc',
      emitter: 'janus-1',
      event_type: 2,
    });
    // Without a correlation id, all events of a Janus session share a sid.
    expect(row.sid).toBe('8237482398472398472');
  });

  it('reads a Janus media event without a handle', () => {
    const payload = '{"emitter":"j","type":32,"session_id":12,"event":{"media":"audio","receiving":true}}';
    const header = JSON.parse(log(payload, CALL_ID).row.dataHeader) as Record<string, unknown>;
    expect(header).toMatchObject({ source: 'janus', session_id: '12', event_type: 32 });
    expect(header.handle_id).toBeUndefined();
  });

  it('extracts mediasoup ids', () => {
    const payload =
      '{"event":"producer.score","roomId":"room-7","peerId":"peer-3","routerId":"r-1",' +
      '"transportId":"t-9","producerId":"p-5","score":[{"score":10}]}';
    const header = JSON.parse(log(payload, CALL_ID).row.dataHeader) as Record<string, unknown>;
    expect(header).toEqual({
      node: '2001',
      proto: 'log',
      source: 'mediasoup',
      event: 'producer.score',
      room_id: 'room-7',
      peer_id: 'peer-3',
      router_id: 'r-1',
      transport_id: 't-9',
      producer_id: 'p-5',
    });
  });

  it('never lets payload keys replace node and proto', () => {
    const header = JSON.parse(log('{"node":"evil","proto":"x","level":"info"}').row.dataHeader) as object;
    expect(header).toEqual({ node: '2001', proto: 'log', level: 'info' });
  });
});

describe('ISUP JSON (type 54)', () => {
  const IAM = JSON.stringify({
    opc: 2062,
    dpc: 1290,
    cic: 17,
    msg_name: 'IAM',
    called_number: { num: '4930123456', ton: 3 },
    calling_number: { num: '4989765432', ton: 3 },
  });

  it("writes heplify-server's ISUP data_header and sid = min(opc,dpc):max(opc,dpc):cic", () => {
    const { row, parseError } = decodeIsup(hepPacket(IAM, { protoType: 54, correlationId: CALL_ID }), CTX);
    expect(parseError).toBeUndefined();
    expect(tableOf(row)).toBe('hep_proto_54_default');
    expect(row.sid).toBe('1290:2062:17');
    expect(row.raw).toBe(IAM);
    expect(JSON.parse(row.protocolHeader)).toMatchObject({ correlation_id: CALL_ID });
    expect(row.dataHeader).toBe(
      '{"node":"2001","proto":"54","cic":17,"dpc":1290,"opc":2062,"msg_name":"IAM",' +
        '"called_number":"4930123456","calling_number":"4989765432","callid":"1290:2062:17"}',
    );
  });

  it('gives both directions of a circuit the same sid', () => {
    const back = readIsup({ opc: 1290, dpc: 2062, cic: 17, msg_name: 'ACM' });
    expect(back.callid).toBe('1290:2062:17');
    expect(back).toMatchObject({ calledNumber: '', callingNumber: '', msgName: 'ACM' });
  });

  it('reads numbers sent as strings and treats fractions as 0, like jsonparser.ParseInt', () => {
    expect(readIsup({ opc: '5', dpc: 3.5, cic: '9' })).toMatchObject({
      opc: 5,
      dpc: 0,
      cic: 9,
      callid: '0:5:9',
    });
  });

  it('falls back to the correlation id without circuit fields, and stores non-JSON with isup_not_json', () => {
    const none = decodeIsup(hepPacket('{"msg_name":"REL"}', { protoType: 54, correlationId: CALL_ID }), CTX);
    expect(none.row.sid).toBe(CALL_ID);
    const bad = decodeIsup(hepPacket('\u0001\u0002binary', { protoType: 54, correlationId: CALL_ID }), CTX);
    expect(bad.parseError).toBe(ISUP_PARSE_ERRORS.notJson);
    expect(bad.row.sid).toBe(CALL_ID);
    expect(JSON.parse(bad.row.dataHeader)).toMatchObject({ parse_error: 'isup_not_json' });
  });
});
