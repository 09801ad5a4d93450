/**
 * Default data_header keys for SIP: heplify-server's default `SIPHeader` list (capture-servers.md
 * §1.10) plus the keys homer-app indexes and reads (`from_domain`, `to_domain`, `pid_user`,
 * `auth_user`, `contact_user`; §2 per-partition indexes), so searches on them work out of the box.
 */
export const DEFAULT_SIP_HEADERS = [
  'ruri_user',
  'ruri_domain',
  'from_user',
  'from_domain',
  'from_tag',
  'to_user',
  'to_domain',
  'to_tag',
  'callid',
  'cseq',
  'method',
  'user_agent',
  'pid_user',
  'auth_user',
  'contact_user',
] as const;
