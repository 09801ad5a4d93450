export { WIDGETS, type WidgetImplementation } from './registry.js';
export { UnknownWidget } from './UnknownWidget.js';
export { SearchContext, type DashboardSearch, type SearchQuery } from './search-context.js';
export { ResultsView } from './ResultsView.js';
export { SipSearchForm, type SipSearchFormProps } from './SipSearchForm.js';
export type { WidgetProps } from './types.js';
