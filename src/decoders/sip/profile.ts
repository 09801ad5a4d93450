/** The SIP table profiles of heplify-server's routing (capture-servers.md §2). */
export const SIP_PROFILES = {
  call: 'call',
  registration: 'registration',
  default: 'default',
} as const;

export type SipProfile = (typeof SIP_PROFILES)[keyof typeof SIP_PROFILES];

/**
 * The table profile for a CSeq method, exactly as heplify-server routes it: dialog methods to
 * `call`, REGISTER to `registration`, everything else (OPTIONS, SUBSCRIBE, MESSAGE, PUBLISH, ...)
 * to `default`. Methods are case-sensitive (RFC 3261 §7.1), so `invite` is `default`.
 */
export function profileForMethod(cseqMethod: string): SipProfile {
  switch (cseqMethod) {
    case 'INVITE':
    case 'ACK':
    case 'BYE':
    case 'CANCEL':
    case 'UPDATE':
    case 'PRACK':
    case 'REFER':
    case 'INFO':
    case 'NOTIFY':
      return SIP_PROFILES.call;
    case 'REGISTER':
      return SIP_PROFILES.registration;
    default:
      return SIP_PROFILES.default;
  }
}
