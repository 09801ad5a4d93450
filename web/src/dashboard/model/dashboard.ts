/** The stored dashboard JSON (homer-ui's shape) and the edits the dashboard page makes to it. */
import { CATALOGUE, type WidgetKind } from './catalogue.js';
import { placeNew, toGridItems, type StoredPosition } from './layout.js';

export interface StoredWidget extends StoredPosition {
  readonly name?: unknown;
  readonly title?: unknown;
  readonly config?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface Dashboard {
  readonly id: string;
  readonly name: string;
  readonly type?: unknown;
  readonly shared?: unknown;
  readonly config?: Record<string, unknown>;
  readonly widgets: readonly StoredWidget[];
  readonly [key: string]: unknown;
}

/** The `dashboard/store/:id` reply. A missing dashboard is a 200 with empty `data`. */
export interface DashboardReply {
  readonly owner?: string;
  readonly data?: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The dashboard from a store reply, or undefined when there is none. Widgets without a string id
 * are dropped (the grid keys on it); every other key is kept so saving does not lose homer-ui data.
 */
export function parseDashboard(reply: DashboardReply, id: string): Dashboard | undefined {
  const data = reply.data;
  if (!isObject(data) || Object.keys(data).length === 0) return undefined;
  const widgets = (Array.isArray(data.widgets) ? data.widgets : []).filter(
    (w): w is StoredWidget => isObject(w) && typeof w.id === 'string' && w.id !== '',
  );
  const name = typeof data.name === 'string' && data.name !== '' ? data.name : id;
  return { ...data, id, name, config: isObject(data.config) ? data.config : {}, widgets };
}

/** Grid columns of a dashboard (`config.columns`, homer-ui's default 24). */
export function columnsOf(dashboard: Dashboard): number {
  const n = Number(dashboard.config?.columns);
  return Number.isInteger(n) && n >= 1 && n <= 48 ? n : 24;
}

/** A new empty custom dashboard (homer-ui type 1), with the seeded home's grid settings. */
export function newDashboard(id: string, name: string): Dashboard {
  return {
    id,
    dashboardId: id,
    name,
    title: name,
    alias: id,
    param: id,
    type: 1,
    shared: false,
    isLocked: false,
    weight: 10,
    config: { columns: 24, maxrows: 24, gridType: 'scrollVertical', margins: [10, 10], pushing: false },
    widgets: [],
  };
}

/** A URL-safe id for a new dashboard named `name`, not clashing with `taken`. */
export function dashboardIdFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'dashboard';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** `<name>-<n>` with the smallest n not used, as homer-ui numbers widgets (`RESULT-1`). */
export function nextWidgetId(widgets: readonly StoredWidget[], name: string): string {
  const ids = new Set(widgets.map((w) => w.id));
  for (let n = 1; ; n++) if (!ids.has(`${name}-${n}`)) return `${name}-${n}`;
}

/** The dashboard with a new `kind` widget at the first free spot. */
export function addWidget(dashboard: Dashboard, kind: WidgetKind): Dashboard {
  const entry = CATALOGUE[kind];
  const columns = columnsOf(dashboard);
  const at = placeNew(toGridItems(dashboard.widgets, columns), entry.cols, entry.rows, columns);
  const widget: StoredWidget = {
    id: nextWidgetId(dashboard.widgets, entry.name),
    name: entry.name,
    title: entry.title,
    x: at.x,
    y: at.y,
    cols: at.w,
    rows: at.h,
    minItemCols: 1,
    minItemRows: 1,
    layerIndex: 2,
    output: {},
    config: { title: entry.title, ...entry.config() },
  };
  return { ...dashboard, widgets: [...dashboard.widgets, widget] };
}

export function removeWidget(dashboard: Dashboard, id: string): Dashboard {
  return { ...dashboard, widgets: dashboard.widgets.filter((w) => w.id !== id) };
}

/** Merges `config` into one widget's config; a `title` there is also the widget's title. */
export function updateWidgetConfig(
  dashboard: Dashboard,
  id: string,
  config: Record<string, unknown>,
): Dashboard {
  return {
    ...dashboard,
    widgets: dashboard.widgets.map((w) =>
      w.id !== id
        ? w
        : {
            ...w,
            ...(typeof config.title === 'string' ? { title: config.title } : {}),
            config: { ...w.config, ...config },
          },
    ),
  };
}

/** The title shown on a widget: its config title, its title, else the catalogue's. */
export function widgetTitle(widget: StoredWidget, fallback: string): string {
  const fromConfig = widget.config?.title;
  if (typeof fromConfig === 'string' && fromConfig.trim() !== '') return fromConfig;
  return typeof widget.title === 'string' && widget.title.trim() !== '' ? widget.title : fallback;
}
