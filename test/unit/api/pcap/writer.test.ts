import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { internetChecksum, sumWords, finishChecksum } from '../../../../src/api/pcap/checksum.js';
import { PcapWriteError } from '../../../../src/api/pcap/errors.js';
import { exportPcap } from '../../../../src/api/pcap/export-pcap.js';
import { exportText } from '../../../../src/api/pcap/export-text.js';
import { readCaptureFile } from '../../../../src/api/pcap/capture-file.js';
import { extractSip } from '../../../../src/api/pcap/sip-extract.js';
import type { DataRow } from '../../../../src/api/data/rows.js';
import { sipMessage, sipRow } from './rows.js';
import { tsharkAvailable, tsharkFields, tsharkSipMessages, epochToMicros } from '../../../helpers/tshark.js';

const T0 = 1_700_000_000_123_456;
const withTshark = tsharkAvailable();
const dir = mkdtempSync(join(tmpdir(), 'h5-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A call over IPv4 UDP, IPv6 UDP, TCP both ways, and SCTP, stored out of time order. */
function callRows(): DataRow[] {
  const invite = sipMessage('INVITE sip:bob@example.com SIP/2.0', 'c1@x', '1 INVITE', 300);
  return [
    sipRow(
      sipMessage('SIP/2.0 200 OK', 'c1@x', '1 INVITE', 200),
      { srcIp: '10.0.0.2', dstIp: '10.0.0.1' },
      T0 + 3000,
    ),
    sipRow(invite, { srcIp: '10.0.0.1', dstIp: '10.0.0.2' }, T0),
    sipRow(
      sipMessage('SIP/2.0 100 Trying', 'c1@x', '1 INVITE'),
      { srcIp: '10.0.0.2', dstIp: '10.0.0.1' },
      T0 + 1,
    ),
    sipRow(
      sipMessage('INVITE sip:bob@example.com SIP/2.0', 'c2@x', '1 INVITE', 10),
      { srcIp: '2001:db8::1', dstIp: '2001:db8::2', srcPort: 5070 },
      T0 + 10_000,
    ),
    sipRow(
      sipMessage('INVITE sip:carol@example.com SIP/2.0', 'c3@x', '1 INVITE', 100),
      { srcIp: '10.1.0.1', dstIp: '10.1.0.2', srcPort: 40000, protocol: 6 },
      T0 + 20_000,
    ),
    sipRow(
      sipMessage('SIP/2.0 180 Ringing', 'c3@x', '1 INVITE'),
      { srcIp: '10.1.0.2', dstIp: '10.1.0.1', dstPort: 40000, protocol: 6 },
      T0 + 21_000,
    ),
    sipRow(
      sipMessage('SIP/2.0 200 OK', 'c3@x', '1 INVITE', 50),
      { srcIp: '10.1.0.2', dstIp: '10.1.0.1', dstPort: 40000, protocol: 6 },
      T0 + 22_000,
    ),
    sipRow(
      sipMessage('OPTIONS sip:x@example.com SIP/2.0', 'c4@x', '7 OPTIONS'),
      { srcIp: 'fd00::1', dstIp: 'fd00::2', protocol: 132 },
      T0 + 30_000,
    ),
  ];
}

describe('pcap export', () => {
  it('writes every SIP row in time order and reads back the same messages, addresses and µs times', () => {
    const rows = callRows();
    const { pcap, messages, skipped } = exportPcap(rows);
    expect([messages, skipped]).toEqual([8, 0]);
    const sorted = [...rows].sort((a, b) => a.createUs - b.createUs);
    const back = extractSip(pcap);
    expect(back.ignoredFrames).toBe(0);
    expect(back.messages.map((m) => m.payload.toString())).toEqual(sorted.map((r) => r.raw));
    expect(back.messages.map((m) => m.timeUs)).toEqual(sorted.map((r) => r.createUs));
    expect(
      back.messages.map((m) => [m.srcIp, m.srcPort, m.dstIp, m.dstPort, m.ipProtocol, m.ipFamily]),
    ).toEqual(
      sorted.map((r) => {
        const h = r.protocolHeader;
        return [h.srcIp, h.srcPort, h.dstIp, h.dstPort, h.protocol, h.protocolFamily];
      }),
    );
  });

  it('fills in IPv4 header, UDP and TCP checksums that verify', () => {
    const { pcap } = exportPcap(callRows());
    const { frames } = readCaptureFile(pcap);
    let checked = 0;
    for (const { data } of frames) {
      if (data.readUInt16BE(12) !== 0x0800) continue;
      const ip = data.subarray(14);
      expect(internetChecksum(ip.subarray(0, 20))).toBe(0);
      const segment = ip.subarray(20, ip.readUInt16BE(2));
      let sum = sumWords(ip.subarray(12, 20));
      sum += ip[9]! + segment.length;
      expect(finishChecksum(sumWords(segment, sum))).toBe(0);
      checked++;
    }
    expect(checked).toBe(6);
  });

  it('splits a TCP message larger than one IP packet over segments that reassemble', () => {
    const big = sipMessage('MESSAGE sip:bob@example.com SIP/2.0', 'big@x', '1 MESSAGE', 150_000);
    const rows = [sipRow(big, { srcIp: '10.0.0.1', dstIp: '10.0.0.2', protocol: 6 }, T0)];
    const { pcap } = exportPcap(rows);
    expect([...readCaptureFile(pcap).frames]).toHaveLength(3);
    expect(extractSip(pcap).messages.map((m) => m.payload.toString())).toEqual([big]);
  });

  it('refuses a UDP message larger than one datagram, naming the row', () => {
    const big = sipMessage('MESSAGE sip:bob@example.com SIP/2.0', 'big@x', '1 MESSAGE', 65_600);
    const row = sipRow(big, { srcIp: '10.0.0.1', dstIp: '10.0.0.2' }, T0);
    expect(() => exportPcap([row])).toThrow(PcapWriteError);
    expect(() => exportPcap([row])).toThrow(new RegExp(`message id ${row.id} .* at most 65507`));
  });

  it('leaves out non-SIP rows and writes rows with unreadable addresses as 0.0.0.0', () => {
    const rtcp: DataRow = {
      ...sipRow('{"type":200}', { srcIp: '10.0.0.1', dstIp: '10.0.0.2' }, T0),
      table: 'hep_proto_5_default',
    };
    (rtcp.protocolHeader as Record<string, unknown>).payloadType = 5;
    const odd = sipRow(
      sipMessage('BYE sip:b@x SIP/2.0', 'c9@x', '2 BYE'),
      { srcIp: '', dstIp: 'nonsense' },
      T0 + 1,
    );
    const out = exportPcap([rtcp, odd]);
    expect([out.messages, out.skipped]).toEqual([1, 1]);
    expect(extractSip(out.pcap).messages.map((m) => [m.srcIp, m.dstIp])).toEqual([['0.0.0.0', '0.0.0.0']]);
  });

  it.runIf(withTshark)('is read by tshark as the same SIP messages with valid checksums', () => {
    const rows = callRows();
    const file = join(dir, 'call.pcap');
    writeFileSync(file, exportPcap(rows).pcap);
    const sorted = [...rows].sort((a, b) => a.createUs - b.createUs);
    const seen = tsharkSipMessages(file, ['frame.time_epoch', 'sip.Call-ID', 'sip.CSeq']);
    expect(seen.map(([t, c, s]) => [epochToMicros(t!), c, s])).toEqual(
      sorted.map((r) => [r.createUs, r.sid, /CSeq: (.+)\r/.exec(r.raw)?.[1]]),
    );
    const checks = tsharkFields(
      file,
      'ip || ipv6',
      ['ip.checksum.status', 'udp.checksum.status', 'tcp.checksum.status', 'sctp.checksum.status'],
      [
        '-o',
        'ip.check_checksum:TRUE',
        '-o',
        'udp.check_checksum:TRUE',
        '-o',
        'tcp.check_checksum:TRUE',
        '-o',
        'sctp.checksum:CRC-32C',
      ],
    );
    // 1 = good (0 would be bad, 2 unverified); every frame has its IP (v4) and transport checksums checked.
    expect(checks.flat().filter((s) => s !== '')).toEqual(expect.arrayContaining(['1']));
    expect(checks.flat().filter((s) => s !== '' && s !== '1')).toEqual([]);
    // No expert warnings (bad lengths, missing segments, malformed packets).
    const expert = execFileSync('tshark', ['-r', file, '-q', '-z', 'expert,warn'], { encoding: 'utf8' });
    expect(expert).not.toMatch(/Malformed|Warning/);
  });
});

describe('text export', () => {
  it('writes one homer-app block per message in time order with µs UTC times and the real protocol', () => {
    const rows = callRows();
    const text = exportText(rows);
    const blocks = text.split(/(?=^proto:)/m);
    expect(blocks).toHaveLength(8);
    expect(blocks[0]).toBe(
      `proto:UDP 2023-11-14T22:13:20.123456Z  10.0.0.1:5060 ---> 10.0.0.2:5060\r\n\r\n${rows[1]!.raw}\r\n`,
    );
    expect(blocks[3]).toMatch(/^proto:UDP \S+ {2}\[2001:db8::1\]:5070 ---> \[2001:db8::2\]:5060\r\n/);
    expect(blocks[4]).toMatch(/^proto:TCP 2023-11-14T22:13:20\.143456Z {2}10\.1\.0\.1:40000 ---> /);
    expect(blocks[7]).toMatch(/^proto:SCTP /);
  });
});
