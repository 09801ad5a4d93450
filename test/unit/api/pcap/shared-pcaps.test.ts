import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NetworkLayer } from '../../../../src/api/pcap/network-layer.js';
import { readCaptureFile } from '../../../../src/api/pcap/capture-file.js';
import { ipPacketOf } from '../../../../src/api/pcap/link-layer.js';
import { extractSip } from '../../../../src/api/pcap/sip-extract.js';
import { sharedTestdataPath } from '../../../helpers/shared-testdata.js';
import { epochToMicros, tsharkAvailable, tsharkSipMessages } from '../../../helpers/tshark.js';

/**
 * The shared SIP captures (heplify examples): SIP over UDP, TCP (segmented, retransmitted), IPv6,
 * SCTP, WebSocket, IP-in-IP and ERSPAN/GRE, pcap and pcapng. `messages` is what tshark 4.0 counts;
 * `args` are the tshark options the capture needs to be read as SIP.
 */
const CAPTURES: readonly { file: string; messages: number; args?: readonly string[] }[] = [
  { file: 'heplify_erspan_sip_ipv4_udp.pcapng', messages: 140 },
  { file: 'heplify_ipip0.pcap', messages: 8 },
  { file: 'heplify_rtp_rtcp_sip.pcap', messages: 14 },
  { file: 'heplify_sip_ipv4_tcp.pcap', messages: 7 },
  { file: 'heplify_sip_ipv4_tcp_fragmented.pcap', messages: 406, args: ['-d', 'tcp.port==6060,sip'] },
  { file: 'heplify_sip_ipv4_tcp_retrans.pcap', messages: 8 },
  { file: 'heplify_sip_ipv6.pcap', messages: 6 },
  { file: 'heplify_sip_sctp.pcap', messages: 4 },
  { file: 'heplify_sip_tcp_websocket.pcap', messages: 39 },
];

const withTshark = tsharkAvailable();

function cseqOf(payload: Buffer): string {
  const match = /^CSeq[ \t]*:[ \t]*(.+?)[ \t]*\r?$/im.exec(payload.toString('latin1'));
  return match?.[1] ?? '';
}

describe('SIP from the shared captures', () => {
  for (const capture of CAPTURES) {
    const path = sharedTestdataPath(`pcap/sip/${capture.file}`);

    it(`${capture.file}: ${capture.messages} SIP messages`, () => {
      const found = extractSip(readFileSync(path));
      expect(found.messages).toHaveLength(capture.messages);
      expect(found.truncated).toBe(false);
      expect(found.ignoredFrames).toBeLessThan(found.frames);
      if (!withTshark) return;
      // Same messages in the same order, with the time of the frame that completed each one.
      const reference = tsharkSipMessages(
        path,
        ['frame.time_epoch', 'sip.Call-ID', 'sip.CSeq'],
        capture.args ?? [],
      );
      expect(reference).toHaveLength(capture.messages);
      expect(
        found.messages.map((m) => [
          m.timeUs,
          /^(?:Call-ID|i)[ \t]*:[ \t]*(.+?)\r?$/im.exec(m.payload.toString('latin1'))?.[1],
          cseqOf(m.payload),
        ]),
      ).toEqual(reference.map(([time, callId, cseq]) => [epochToMicros(time!), callId, cseq]));
    });
  }

  it('puts the fragments of an IPv6 UDP datagram back together', () => {
    const { frames } = readCaptureFile(
      readFileSync(sharedTestdataPath('pcap/sip/heplify_ipv6-udp-fragmented.pcap')),
    );
    const network = new NetworkLayer();
    const udpLengths: number[] = [];
    for (const frame of frames) {
      const ip = ipPacketOf(frame.linkType, frame.data);
      for (const d of ip ? network.decode(ip) : [])
        if (d.protocol === 17) udpLengths.push(d.transport.readUInt16BE(4));
    }
    // tshark: two whole datagrams (126 and 39 bytes) and one of 5387 bytes in four fragments.
    expect(udpLengths).toEqual([126, 39, 5387]);
  });

  it('finds no SIP in HEP captures (HEP over UDP is not decoded here) without failing', () => {
    for (const file of ['hep-wireshark_hep.pcap', 'hep-wireshark_hep3_compressed.pcapng']) {
      const found = extractSip(readFileSync(sharedTestdataPath(`pcap/hep/${file}`)));
      expect(found.messages).toHaveLength(0);
      expect(found.ignoredFrames).toBe(found.frames);
    }
  });
});
