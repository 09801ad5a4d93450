import { useEffect, useMemo, useState } from 'react';
import type { Session } from '../auth/session.js';
import { isValidTimeZone, browserTimeZone, zoneOffsetMinutes } from '../model/time-format.js';
import { resolveChoice, type RangeChoice } from '../model/time-range.js';
import type { Route } from '../model/routes.js';
import { PreferencesPage } from '../preferences/PreferencesPage.js';
import { SearchPage } from '../pages/SearchPage.js';
import { DashboardSlot, DashboardsMenuSlot, TransactionSlot } from './slots.js';
import { Link } from './Link.js';
import { loadRangeChoice, saveRangeChoice } from './range-store.js';
import { RefreshSelect } from './RefreshSelect.js';
import { TimeRangePicker } from './TimeRangePicker.js';
import { TimeZoneContext } from './time-zone.js';
import { TimezoneSelect } from './TimezoneSelect.js';
import { UserMenu } from './UserMenu.js';
import { useUserSetting } from './user-settings.js';

interface Props {
  readonly session: Session;
  readonly route: Exclude<Route, { page: 'login' }>;
  readonly onLogout: () => void;
}

function zoneOf(data: unknown): string | undefined {
  const name = (data as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && isValidTimeZone(name) ? name : undefined;
}

/** The logged-in frame: top bar (range, timezone, auto-refresh, menus) and the routed page. */
export function Shell({ session, route, onLogout }: Props) {
  const [choice, setChoice] = useState<RangeChoice>(loadRangeChoice);
  const [refreshMs, setRefreshMs] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const zoneSetting = useUserSetting('system', 'timezone');
  const timeZone = zoneOf(zoneSetting.data) ?? browserTimeZone();

  useEffect(() => {
    if (refreshMs === 0) return;
    const timer = setInterval(() => setNow(Date.now()), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);

  // `now` only moves on a choice or a refresh tick, so pages see a new range object only then.
  const range = useMemo(
    () => resolveChoice(choice, now, zoneOffsetMinutes(now, timeZone)),
    [choice, now, timeZone],
  );
  const choose = (next: RangeChoice): void => {
    saveRangeChoice(next);
    setChoice(next);
    setNow(Date.now());
  };

  return (
    <TimeZoneContext.Provider value={timeZone}>
      <div className="shell">
        <header className="topbar">
          <Link href="/dashboard/home" className="brand">
            homer-ts
          </Link>
          <nav aria-label="Main" className="main-nav">
            <DashboardsMenuSlot currentId={route.page === 'dashboard' ? route.id : ''} />
            <Link href="/search" aria-current={route.page === 'search' ? 'page' : undefined}>
              Search
            </Link>
          </nav>
          <span className="spacer" />
          <TimeRangePicker choice={choice} range={range} timeZone={timeZone} onChange={choose} />
          <TimezoneSelect
            value={timeZone}
            // The select shows the failure (zoneSetting.error); nothing else to do with it here.
            onChange={(name) => zoneSetting.save({ name }).catch(() => undefined)}
            loading={zoneSetting.loading}
            saving={zoneSetting.saving}
            error={zoneSetting.error}
          />
          <RefreshSelect value={refreshMs} onChange={setRefreshMs} />
          <UserMenu session={session} onLogout={onLogout} />
        </header>
        <main className="content">
          <Page route={route} session={session} range={range} />
        </main>
      </div>
    </TimeZoneContext.Provider>
  );
}

function Page({
  route,
  session,
  range,
}: {
  route: Props['route'];
  session: Session;
  range: ReturnType<typeof resolveChoice>;
}) {
  switch (route.page) {
    case 'dashboard':
      return <DashboardSlot dashboardId={route.id} range={range} />;
    case 'search':
      return <SearchPage range={range} />;
    case 'transaction':
      return <TransactionSlot search={route.search} />;
    case 'preference':
      return <PreferencesPage pageId={route.id} session={session} />;
    case 'not-found':
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>.{' '}
            <Link href="/dashboard/home">Go to the home dashboard</Link>
          </p>
        </section>
      );
  }
}
