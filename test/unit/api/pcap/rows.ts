import type { DataRow } from '../../../../src/api/data/rows.js';

let nextId = 1;

/** A SIP message as the store returns it. */
export function sipRow(
  raw: string,
  header: { srcIp: string; dstIp: string; srcPort?: number; dstPort?: number; protocol?: number },
  createUs: number,
): DataRow {
  return {
    id: nextId++,
    sid: /Call-ID: *(\S+)/i.exec(raw)?.[1] ?? '',
    createUs,
    protocolHeader: {
      protocolFamily: header.srcIp.includes(':') ? 10 : 2,
      protocol: header.protocol ?? 17,
      srcIp: header.srcIp,
      dstIp: header.dstIp,
      srcPort: header.srcPort ?? 5060,
      dstPort: header.dstPort ?? 5060,
      payloadType: 1,
      captureId: '1',
    },
    dataHeader: {},
    raw,
    table: 'hep_proto_1_call',
  };
}

/** A SIP message with a body of `bodyLength` bytes (Content-Length set). */
export function sipMessage(firstLine: string, callId: string, cseq: string, bodyLength = 0): string {
  const body = 'v'.repeat(bodyLength);
  return (
    `${firstLine}\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-${cseq.replace(/\W/g, '')}\r\n` +
    `From: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: ${callId}\r\n` +
    `CSeq: ${cseq}\r\nContent-Length: ${body.length}\r\n\r\n${body}`
  );
}
