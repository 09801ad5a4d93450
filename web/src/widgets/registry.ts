import { lazy, type ComponentType } from 'react';
import type { WidgetKind } from '../dashboard/model/catalogue.js';
import { ClockWidget } from './ClockWidget.js';
import { MarkdownWidget } from './MarkdownWidget.js';
import { ResultWidget } from './ResultWidget.js';
import { SipSearchWidget } from './SipSearchWidget.js';
import { SmartSearchWidget } from './SmartSearchWidget.js';
import type { WidgetProps } from './types.js';

/** Loaded on first use: uPlot is most of its weight, and the home dashboard has no chart. */
const ChartWidget = lazy(() => import('./ChartWidget.js').then((m) => ({ default: m.ChartWidget })));

export interface WidgetImplementation {
  readonly component: ComponentType<WidgetProps>;
  /** Has a settings form beyond the title (opened right after the widget is added). */
  readonly settings: boolean;
}

export const WIDGETS: Readonly<Record<WidgetKind, WidgetImplementation>> = {
  'sip-search': { component: SipSearchWidget, settings: false },
  'smart-search': { component: SmartSearchWidget, settings: false },
  result: { component: ResultWidget, settings: false },
  clock: { component: ClockWidget, settings: true },
  chart: { component: ChartWidget, settings: true },
  markdown: { component: MarkdownWidget, settings: true },
};
