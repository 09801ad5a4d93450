/** homer-app `auth_settings.user_groups` default; a user's `usergroup` must be one of these. */
export const USER_GROUPS: readonly string[] = ['admin', 'user', 'support'];

export function isKnownGroup(group: string): boolean {
  return USER_GROUPS.includes(group);
}
