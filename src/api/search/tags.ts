import type { MappingRecord } from '../config/mapping-store.js';

export interface SmartTag {
  readonly value: string;
  readonly name: string;
}

/** Most suggestions returned at once. */
const MAX_TAGS = 50;

/** The label the smart input shows for a mapping id: `net.` for protocol_header, `sip.` for SIP data_header. */
export function tagName(id: string, hepid: number): string {
  if (id.startsWith('protocol_header.')) return `net.${id.slice('protocol_header.'.length)}`;
  if (hepid === 1 && id.startsWith('data_header.')) return `sip.${id.slice('data_header.'.length)}`;
  return id;
}

/** The word being typed: what follows the last space, bracket, quote or operator. */
export function typedFragment(text: string): string {
  const parts = text.split(/[\s()"'=!<>]+/);
  return (parts[parts.length - 1] ?? '').toLowerCase();
}

/**
 * `smart/search/tag` suggestions: the profile's searchable JSON fields whose id or tag contains
 * the fragment being typed (all of them for an empty fragment).
 */
export function smartTags(mapping: MappingRecord, typed: string): SmartTag[] {
  const fragment = typedFragment(typed);
  const tags: SmartTag[] = [];
  for (const field of mapping.fields_mapping) {
    if (!/^(data_header|protocol_header)\.[A-Za-z_][A-Za-z0-9_]*$/.test(field.id)) continue;
    const tag = { value: field.id, name: tagName(field.id, mapping.hepid) };
    if (
      fragment === '' ||
      tag.value.toLowerCase().includes(fragment) ||
      tag.name.toLowerCase().includes(fragment)
    ) {
      tags.push(tag);
    }
    if (tags.length >= MAX_TAGS) break;
  }
  return tags;
}

/** The typed text from `?query={"data":"<typed text>"}` (plain text is accepted too). */
export function typedText(query: string | undefined): string {
  if (!query) return '';
  try {
    const parsed = JSON.parse(query) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { data?: unknown }).data === 'string') {
      return (parsed as { data: string }).data;
    }
    return '';
  } catch {
    return query;
  }
}
