/** A `fields_mapping` entry as the API returns it (homer-app keys). */
export interface FieldMapping {
  readonly id: string;
  readonly name?: string;
  readonly type?: string;
  readonly position?: number;
  readonly skip?: boolean;
  readonly hide?: boolean;
  readonly sid_type?: boolean;
  readonly system_param?: boolean;
  readonly profile?: boolean;
  readonly form_type?: string;
  readonly form_default?: unknown;
}

export interface GridColumn {
  /** Key of the flattened search row (`from_user`, `srcIp`, …). */
  readonly field: string;
  readonly header: string;
  readonly hidden: boolean;
  /** Call-ID-like: colored per call and clickable to open the flow. */
  readonly callId: boolean;
  readonly numeric: boolean;
}

/** The row key a mapping id maps to: its last segment (`data_header.from_user` → `from_user`). */
export function fieldOf(id: string): string {
  return id.slice(id.lastIndexOf('.') + 1);
}

/**
 * Result grid columns as homer-ui builds them: Date first, then the mapping's fields by position,
 * without `skip`ped, system (node picker) and profile-selector entries; `hide` only hides. `saved`
 * (the user's column choice, by field) overrides visibility and order.
 */
export function gridColumns(mapping: readonly FieldMapping[], saved?: readonly string[]): GridColumn[] {
  const columns: GridColumn[] = [
    { field: 'create_date', header: 'Date', hidden: false, callId: false, numeric: false },
  ];
  const seen = new Set(['create_date']);
  const sorted = [...mapping].sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9));
  for (const f of sorted) {
    if (f.skip || f.system_param || f.profile || f.id === 'smartinput') continue;
    const field = fieldOf(f.id);
    if (seen.has(field)) continue;
    seen.add(field);
    columns.push({
      field,
      header: f.name ?? field,
      hidden: f.hide === true,
      callId: f.sid_type === true || field === 'sid' || field === 'callid',
      numeric: f.type === 'integer',
    });
  }
  if (!saved || saved.length === 0) return columns;
  const order = new Map(saved.map((field, i) => [field, i]));
  return columns
    .map((c) => ({ ...c, hidden: !order.has(c.field) }))
    .sort((a, b) => (order.get(a.field) ?? 1e9) - (order.get(b.field) ?? 1e9));
}
