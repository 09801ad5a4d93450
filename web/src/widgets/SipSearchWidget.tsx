import { loadMapping } from './mappings.js';
import { useDashboardSearch } from './search-context.js';
import { SipSearchForm } from './SipSearchForm.js';
import type { WidgetProps } from './types.js';
import { useAsync } from './useAsync.js';

/** `<hepid>_<profile>` of a homer-ui proto-search widget (`config.config.protocol_id/profile`), default SIP calls. */
function profileKey(config: Record<string, unknown> | undefined): string {
  const inner = config?.config as
    { protocol_id?: { value?: unknown }; protocol_profile?: { value?: unknown } } | undefined;
  const hepid = Number(inner?.protocol_id?.value ?? 1);
  const profile = inner?.protocol_profile?.value;
  return `${Number.isInteger(hepid) ? hepid : 1}_${typeof profile === 'string' && profile !== '' ? profile : 'call'}`;
}

/** homer-ui's Proto Search: the profile's search form; results go to the dashboard's result grid. */
export function SipSearchWidget({ widget }: WidgetProps) {
  const key = profileKey(widget.config);
  const mapping = useAsync(() => loadMapping(key), [key]);
  const { run } = useDashboardSearch();
  const chosen = Array.isArray(widget.config?.fields)
    ? (widget.config.fields as { field_name?: unknown }[])
    : undefined;
  if (mapping.state === 'loading') return <p className="muted">Loading search fields…</p>;
  if (mapping.state === 'failed') {
    return (
      <p role="alert" className="error">
        {mapping.message}
      </p>
    );
  }
  return (
    <SipSearchForm profileKey={key} mapping={mapping.value.fields_mapping} chosen={chosen} onSearch={run} />
  );
}
