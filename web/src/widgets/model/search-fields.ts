/** The SIP search form's fields, from the profile's `fields_mapping` (as homer-ui's proto search). */
import type { FieldMapping } from '../../model/grid-columns.js';

export interface FormField {
  /** Mapping id, sent as the search field name (`data_header.from_user`). */
  readonly id: string;
  readonly label: string;
  readonly type: string;
}

/** Entries of a homer-ui widget's `fields` that are settings of the widget, not search fields. */
const CONTROL = new Set(['limit', 'targetResultsContainer', 'smartinput', 'orlogic']);

function searchable(f: FieldMapping): boolean {
  // `raw` is skipped in the grid but searchable (a substring match on the message).
  if (f.id === 'raw') return true;
  return !f.skip && !f.system_param && !f.profile && f.form_type !== 'smart-input' && !CONTROL.has(f.id);
}

/**
 * The form fields in mapping position order. `chosen` (a stored homer-ui widget's
 * `config.fields`, by `field_name`) narrows and orders them; unknown names are ignored, and an
 * empty choice means every searchable field.
 */
export function formFields(
  mapping: readonly FieldMapping[],
  chosen?: readonly { readonly field_name?: unknown }[],
): FormField[] {
  const all = [...mapping]
    .filter(searchable)
    .sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9))
    .map((f) => ({ id: f.id, label: f.name ?? f.id, type: f.type ?? 'string' }));
  const names = (chosen ?? []).map((c) => c.field_name).filter((n): n is string => typeof n === 'string');
  const picked = names.flatMap((n) => all.filter((f) => f.id === n));
  return picked.length > 0 ? picked : all;
}

/** The `search` entries for the filled-in fields (values trimmed; empty ones left out). */
export function searchEntries(
  fields: readonly FormField[],
  values: Readonly<Record<string, string>>,
): { name: string; value: string; type: string }[] {
  return fields
    .map((f) => ({ name: f.id, value: (values[f.id] ?? '').trim(), type: f.type }))
    .filter((f) => f.value !== '');
}
