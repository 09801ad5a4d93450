/**
 * The widget catalogue. Each kind keeps homer-ui's `indexName` as the stored `name`, so the seeded
 * home dashboard (`display-results`, `RESULT`, `clock`) and dashboards made in homer-ui open here.
 */

export const WIDGET_KINDS = ['sip-search', 'smart-search', 'result', 'clock', 'chart', 'markdown'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

export interface CatalogueEntry {
  readonly kind: WidgetKind;
  /** homer-ui's `indexName`, stored as the widget's `name`. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly cols: number;
  readonly rows: number;
  /** A fresh default `config`. */
  readonly config: () => Record<string, unknown>;
}

/** homer-ts's own counter (heplify-server's name): SIP requests by method and responses by code. */
export const DEFAULT_PROMQL = [
  'sum by (method) (rate(heplify_method_response[1m]))',
  'sum by (response) (rate(heplify_method_response[1m]))',
] as const;

export const CATALOGUE: Readonly<Record<WidgetKind, CatalogueEntry>> = {
  'sip-search': {
    kind: 'sip-search',
    name: 'display-results',
    title: 'SIP Call Search',
    description: 'Search form built from the SIP profile fields',
    cols: 6,
    rows: 9,
    config: () => ({
      config: { protocol_id: { name: 'SIP', value: 1 }, protocol_profile: { value: 'call' } },
    }),
  },
  'smart-search': {
    kind: 'smart-search',
    name: 'smart-input',
    title: 'Smart Search',
    description: 'Free-text query (field = "value" AND …) with field suggestions',
    cols: 12,
    rows: 3,
    config: () => ({}),
  },
  result: {
    kind: 'result',
    name: 'RESULT',
    title: 'Search Results',
    description: 'Result grid fed by the search widgets of this dashboard',
    cols: 18,
    rows: 12,
    config: () => ({}),
  },
  clock: {
    kind: 'clock',
    name: 'clock',
    title: 'World Clock',
    description: 'Current time in chosen time zones',
    cols: 6,
    rows: 3,
    config: () => ({ zones: ['UTC'] }),
  },
  chart: {
    kind: 'chart',
    name: 'prometheuschart',
    title: 'SIP methods and responses',
    description: 'PromQL time series through the Prometheus proxy',
    cols: 12,
    rows: 8,
    config: () => ({ queries: [...DEFAULT_PROMQL] }),
  },
  markdown: {
    kind: 'markdown',
    name: 'embed-markdown',
    title: 'Note',
    description: 'A markdown note',
    cols: 6,
    rows: 5,
    config: () => ({ markdown: '' }),
  },
};

const BY_NAME = new Map(Object.values(CATALOGUE).map((e) => [e.name.toLowerCase(), e.kind]));

/** The kind of a stored widget from its homer-ui `name`; undefined for kinds not implemented here. */
export function kindOf(widget: { readonly name?: unknown }): WidgetKind | undefined {
  return typeof widget.name === 'string' ? BY_NAME.get(widget.name.toLowerCase()) : undefined;
}
