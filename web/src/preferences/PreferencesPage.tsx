import { useEffect } from 'react';
import type { Session } from '../auth/session.js';
import { defaultPreferencePage, preferencePage, preferencePages } from '../model/preference-pages.js';
import { preferencePath } from '../model/routes.js';
import { Link } from '../shell/Link.js';
import { navigate } from '../shell/router.js';
import { AliasPage } from './AliasPage.js';
import { MappingPage } from './MappingPage.js';
import { ProfilePage } from './ProfilePage.js';
import { ResetPage } from './ResetPage.js';
import { AdvancedPage, UserSettingsPage } from './SettingsPages.js';
import { TokensPage } from './TokensPage.js';
import { UsersPage } from './UsersPage.js';

/** `/preference/:page`: the pages this user may use (admins more), one shown at a time. */
export function PreferencesPage({ pageId, session }: { pageId: string; session: Session }) {
  const pages = preferencePages(session.admin);
  const page = preferencePage(pageId, session.admin);

  useEffect(() => {
    if (pageId === '') navigate(preferencePath(defaultPreferencePage(session.admin)), true);
  }, [pageId, session.admin]);

  return (
    <div className="preferences">
      <nav aria-label="Preferences" className="pref-nav">
        <ul>
          {pages.map((p) => (
            <li key={p.id}>
              <Link href={preferencePath(p.id)} aria-current={p.id === pageId ? 'page' : undefined}>
                {p.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section className="pref-page" aria-label={page?.label ?? 'Preferences'}>
        {page ? (
          <PageBody id={page.id} session={session} />
        ) : (
          pageId !== '' && (
            <p role="alert" className="error">
              There is no preference page “{pageId}” for your user.
            </p>
          )
        )}
      </section>
    </div>
  );
}

function PageBody({ id, session }: { id: string; session: Session }) {
  switch (id) {
    case 'profile':
      return <ProfilePage />;
    case 'users':
      return <UsersPage session={session} />;
    case 'user-settings':
      return <UserSettingsPage admin={session.admin} />;
    case 'alias':
      return <AliasPage />;
    case 'advanced':
      return <AdvancedPage admin={session.admin} />;
    case 'mapping':
      return <MappingPage />;
    case 'auth-token':
      return <TokensPage />;
    case 'reset':
      return <ResetPage admin={session.admin} />;
    default:
      return null;
  }
}
