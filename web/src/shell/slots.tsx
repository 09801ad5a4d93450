import { SharedTransactionPage } from '../call/SharedTransactionPage.js';
import { DashboardMenu, DashboardPage } from '../dashboard/index.js';
import { dashboardPath } from '../model/routes.js';
import type { TimeRange } from '../model/time-range.js';
import { navigate } from './router.js';

/**
 * Where the dashboards (web/src/dashboard) and the popped-out call window (web/src/call) plug into
 * the shell's routes, so Shell.tsx does not depend on their props.
 */
export function DashboardSlot({ dashboardId, range }: { dashboardId: string; range: TimeRange }) {
  return <DashboardPage key={dashboardId} dashboardId={dashboardId} range={range} />;
}

export function DashboardsMenuSlot({ currentId }: { currentId: string }) {
  return <DashboardMenu currentId={currentId} onNavigate={(id) => navigate(dashboardPath(id))} />;
}

/** `/transaction?…`: a shared call link; closing it goes to the search page. */
export function TransactionSlot({ search }: { search: string }) {
  return <SharedTransactionPage search={search} onClose={() => navigate('/search')} />;
}
