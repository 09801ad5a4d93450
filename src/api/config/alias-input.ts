import ipaddr from 'ipaddr.js';
import { badRequest } from '../http/errors.js';
import { isPlainObject } from './json-column.js';

/** An `alias` row ready to be written. */
export interface AliasInput {
  readonly alias: string;
  readonly ip: string;
  readonly port: number;
  readonly mask: number;
  readonly captureID: string;
  readonly status: boolean;
}

function intField(value: unknown, field: string, fallback: number, max: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) {
    throw badRequest(`${field} must be an integer between 0 and ${max}`);
  }
  return n;
}

/**
 * Validates one alias as homer-ui sends it (`port`, `mask` and `captureID` may come as strings or
 * numbers). The mask must fit the address family; a missing mask means the single host. `where`
 * prefixes field names in messages (`body`, `body.3` for an import).
 */
export function parseAliasInput(value: unknown, where = 'body'): AliasInput {
  if (!isPlainObject(value)) throw badRequest(`${where} must be a JSON object`);
  const alias = value.alias;
  if (typeof alias !== 'string' || alias.trim() === '' || alias.length > 250) {
    throw badRequest(`${where}.alias must be a non-empty string of at most 250 characters`);
  }
  const ipText = typeof value.ip === 'string' ? value.ip.trim().replace(/^\[|\]$/g, '') : '';
  if (!ipaddr.isValid(ipText) || ipText.length > 60) {
    throw badRequest(`${where}.ip must be an IPv4 or IPv6 address`);
  }
  const family = ipaddr.parse(ipText).kind();
  const maxMask = family === 'ipv4' ? 32 : 128;
  const mask = intField(value.mask, `${where}.mask`, maxMask, 128);
  if (mask > maxMask)
    throw badRequest(`${where}.mask must be between 0 and ${maxMask} for an ${family} address`);
  const captureRaw = value.captureID ?? '';
  if ((typeof captureRaw !== 'string' && typeof captureRaw !== 'number') || String(captureRaw).length > 20) {
    throw badRequest(`${where}.captureID must be a string of at most 20 characters`);
  }
  const status = value.status ?? true;
  if (typeof status !== 'boolean') throw badRequest(`${where}.status must be a boolean`);
  return {
    alias: alias.trim(),
    ip: ipText,
    port: intField(value.port, `${where}.port`, 0, 65_535),
    mask,
    captureID: String(captureRaw).trim(),
    status,
  };
}
