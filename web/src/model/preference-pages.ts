/**
 * Which preference pages a user gets (homer-ui's preferences-component-mapping): admin pages are
 * not offered to other users at all, so the API's 403 is never the way a user learns about them.
 */
export const PREFERENCE_PAGES = [
  { id: 'profile', label: 'Profile', admin: false },
  { id: 'users', label: 'Users', admin: true },
  { id: 'user-settings', label: 'User settings', admin: false },
  { id: 'alias', label: 'Alias', admin: true },
  { id: 'advanced', label: 'Advanced', admin: false },
  { id: 'mapping', label: 'Mapping', admin: true },
  { id: 'auth-token', label: 'API tokens', admin: true },
  { id: 'reset', label: 'Reset', admin: false },
] as const;

export type PreferencePageId = (typeof PREFERENCE_PAGES)[number]['id'];
export type PreferencePage = (typeof PREFERENCE_PAGES)[number];

export function preferencePages(admin: boolean): PreferencePage[] {
  return PREFERENCE_PAGES.filter((p) => admin || !p.admin);
}

/** The page to show for a path id: unknown or forbidden ids give undefined (the UI says so). */
export function preferencePage(id: string, admin: boolean): PreferencePage | undefined {
  return preferencePages(admin).find((p) => p.id === id);
}

/** Where `/preference` alone goes: the first page this user has. */
export function defaultPreferencePage(admin: boolean): PreferencePageId {
  return admin ? 'users' : 'profile';
}
