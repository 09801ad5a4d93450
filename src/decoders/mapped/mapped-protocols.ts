import type { HepPacket } from '../../hep/types.js';
import { tableOf } from '../../pipeline/row.js';
import { isDataTableName } from '../../storage/table-names.js';
import { parseJson } from '../json-payload.js';
import { nonSipRow, type HeaderValue } from '../non-sip-row.js';
import { payloadText } from '../text.js';
import type { DecodeContext, DecodeResult, PayloadDecoder } from '../types.js';
import { compileField, fieldValue, type MappedField } from './fields.js';

/** The columns of a `mapping_schema` row capture reads (JSON columns parsed or as text). */
export interface MappingSchemaRow {
  readonly id: number;
  readonly hepid: number;
  readonly profile: string;
  readonly fields_mapping: unknown;
  readonly mapping_settings: unknown;
}

/** parseError of a mapped type whose payload is not JSON (stored raw, counted). */
export const MAPPED_NOT_JSON = 'mapped_not_json';

/** A HEP type routed by its mapping row. */
export interface MappedProtocol {
  readonly hepid: number;
  readonly profile: string;
  readonly table: string;
  readonly fields: readonly MappedField[];
  readonly decode: PayloadDecoder;
}

/** The mapped protocols of one mapping_schema snapshot, by HEP type. Immutable. */
export interface MappedProtocolSet {
  readonly byHepid: ReadonlyMap<number, MappedProtocol>;
  /** Descriptors that were not used, with the reason (logged once per load). */
  readonly warnings: readonly string[];
}

export const EMPTY_MAPPED_PROTOCOLS: MappedProtocolSet = Object.freeze({
  byHepid: new Map<number, MappedProtocol>(),
  warnings: [],
});

/**
 * Which mapping rows drive capture: rows for HEP types that have no built-in decoder (a built-in
 * decoder always wins: the SIP/RTCP/... mapping rows describe its output, they do not change it).
 *
 * Several profiles for one type (homer-app allows it; one packet can only go to one table):
 * 1. the row whose `mapping_settings` (the API's `fields_settings`) has `"capture": true`;
 * 2. else the first non-`default` profile (lowest id);
 * 3. else `default`.
 * A selected `default` row with no extractable `data_header.*` field changes nothing compared to the
 * generic decoder (e.g. the LOKI 2000 seed row), so it is not registered: such types stay generic.
 */
export function compileMappedProtocols(
  rows: readonly MappingSchemaRow[],
  builtinTypes: ReadonlySet<number>,
): MappedProtocolSet {
  const byHepid = new Map<number, MappingSchemaRow[]>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    if (!Number.isInteger(row.hepid) || builtinTypes.has(row.hepid)) continue;
    let list = byHepid.get(row.hepid);
    if (list === undefined) byHepid.set(row.hepid, (list = []));
    list.push(row);
  }
  const out = new Map<number, MappedProtocol>();
  const warnings: string[] = [];
  for (const [hepid, list] of byHepid) {
    const chosen =
      list.find((r) => settingsOf(r).capture === true) ??
      list.find((r) => r.profile !== 'default') ??
      (list[0] as MappingSchemaRow);
    const table = tableOf(chosen);
    if (!isDataTableName(table)) {
      warnings.push(`mapping ${chosen.id}: ${JSON.stringify(table)} is not a valid table name`);
      continue;
    }
    const fields: MappedField[] = [];
    for (const descriptor of asArray(chosen.fields_mapping)) {
      const field = compileField(descriptor);
      if (field === undefined) continue;
      if ('skipped' in field) warnings.push(`mapping ${chosen.id}: ${field.skipped}`);
      else fields.push(field);
    }
    if (chosen.profile === 'default' && fields.length === 0) continue;
    out.set(hepid, {
      hepid,
      profile: chosen.profile,
      table,
      fields,
      decode: mappedDecoder(chosen.profile, fields),
    });
  }
  return { byHepid: out, warnings };
}

/**
 * The decoder of one mapped type: JSON payload → the mapped fields into data_header after
 * heplify-server's `node`/`proto`; `sid` = HEP correlation id, else the first `sid_type` field with a
 * value, else the flow key. A payload that is not JSON is stored as received with `parse_error`.
 */
function mappedDecoder(profile: string, fields: readonly MappedField[]): PayloadDecoder {
  return (packet: HepPacket, ctx: DecodeContext): DecodeResult => {
    const raw = payloadText(packet.payload);
    const json = parseJson(raw);
    if (json === undefined) {
      return {
        row: nonSipRow(packet, ctx, { profile, raw, extra: { parse_error: MAPPED_NOT_JSON } }),
        parseError: MAPPED_NOT_JSON,
      };
    }
    const extra: Record<string, HeaderValue> = {};
    let sid: string | undefined;
    for (const field of fields) {
      const value = fieldValue(json, field);
      if (value === undefined) continue;
      extra[field.key] = value;
      if (field.sid && sid === undefined && value !== '') sid = String(value);
    }
    return { row: nonSipRow(packet, ctx, { profile, raw, extra, fallbackSid: sid }) };
  };
}

function asArray(value: unknown): readonly unknown[] {
  const parsed = typeof value === 'string' ? safeParse(value) : value;
  return Array.isArray(parsed) ? parsed : [];
}

function settingsOf(row: MappingSchemaRow): Record<string, unknown> {
  const parsed =
    typeof row.mapping_settings === 'string' ? safeParse(row.mapping_settings) : row.mapping_settings;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
