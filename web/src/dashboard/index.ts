/** The dashboards feature: the page at `/dashboard/:id` and the top bar's dashboards menu. */
export { DashboardPage, type DashboardPageProps } from './DashboardPage.js';
export { DashboardMenu, type DashboardMenuProps } from './DashboardMenu.js';
