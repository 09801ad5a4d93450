/** SIP messages for the capture tests, written for these tests (CRLF line ends, RFC 3261 syntax). */
export function invite(callId: string): string {
  const sdp = [
    'v=0',
    'o=alice 2890844526 2890844526 IN IP4 10.0.0.1',
    's=-',
    'c=IN IP4 10.0.0.1',
    't=0 0',
    'm=audio 49170 RTP/AVP 0 8',
    'a=rtpmap:0 PCMU/8000',
    '',
  ].join('\r\n');
  return [
    'INVITE sip:bob@example.com SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds',
    'Max-Forwards: 70',
    'To: Bob <sip:bob@example.com>',
    'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
    `Call-ID: ${callId}`,
    'CSeq: 314159 INVITE',
    'Contact: <sip:alice@10.0.0.1:5060>',
    'P-Asserted-Identity: <sip:+15551234@atlanta.example.com>',
    'User-Agent: homer-test/1.0',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');
}

export function ok200(callId: string): string {
  return [
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds',
    'To: Bob <sip:bob@example.com>;tag=a6c85cf',
    'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
    `Call-ID: ${callId}`,
    'CSeq: 314159 INVITE',
    'Contact: <sip:bob@10.0.0.2:5060>',
    'Server: pbx/2.0',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

export function register(callId: string): string {
  return [
    'REGISTER sip:registrar.example.com SIP/2.0',
    'v: SIP/2.0/UDP 10.0.0.3:5060;branch=z9hG4bKnashds7',
    't: Carol <sip:carol@example.com>',
    'f: Carol <sip:carol@example.com>;tag=456248',
    `i: ${callId}`,
    'CSeq: 1826 REGISTER',
    'm: <sip:carol@10.0.0.3>',
    'Authorization: Digest username="carol", realm="example.com", nonce="abc", uri="sip:registrar.example.com", response="x"',
    'Expires: 7200',
    'l: 0',
    '',
    '',
  ].join('\r\n');
}

export function options(callId: string): string {
  return [
    'OPTIONS sip:[2001:db8::2]:5060 SIP/2.0',
    'Via: SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKopt1',
    'To: <sip:probe@[2001:db8::2]>',
    'From: <sip:monitor@[2001:db8::1]>;tag=77',
    `Call-ID: ${callId}`,
    'CSeq: 7 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
