import { describe, expect, it } from 'vitest';
import { moveColumn, readColumnChoice, savedColumnList, toggleColumn } from './column-choice.js';
import { gridColumns } from './grid-columns.js';
import { checkCorrelationMapping, checkFieldsMapping, checkSettingsData } from './json-edit.js';
import { defaultPreferencePage, preferencePage, preferencePages } from './preference-pages.js';
import { isInternalPath, loginPath, parseRoute } from './routes.js';

describe('parseRoute', () => {
  it('maps homer-ui paths to pages', () => {
    expect(parseRoute('/')).toEqual({ page: 'dashboard', id: 'home' });
    expect(parseRoute('/dashboard/ops%20team')).toEqual({ page: 'dashboard', id: 'ops team' });
    expect(parseRoute('/search')).toEqual({ page: 'search' });
    expect(parseRoute('/preference/alias')).toEqual({ page: 'preference', id: 'alias' });
    expect(parseRoute('/transaction', '?x=1')).toEqual({ page: 'transaction', search: '?x=1' });
    expect(parseRoute('/nope')).toEqual({ page: 'not-found', path: '/nope' });
    expect(parseRoute('/dashboard/a/b')).toEqual({ page: 'not-found', path: '/dashboard/a/b' });
  });

  it('keeps only same-origin return URLs', () => {
    expect(parseRoute('/login', '?returnUrl=%2Fsearch')).toEqual({ page: 'login', returnUrl: '/search' });
    expect(parseRoute('/login', '?returnUrl=https%3A%2F%2Fevil.example')).toEqual({ page: 'login' });
    expect(parseRoute('/login', '?returnUrl=%2F%2Fevil.example')).toEqual({ page: 'login' });
    expect(isInternalPath('/preference/users')).toBe(true);
    expect(loginPath('/search')).toBe('/login?returnUrl=%2Fsearch');
    expect(loginPath('/')).toBe('/login');
  });
});

describe('preference pages', () => {
  it('offers admin pages to admins only', () => {
    const user = preferencePages(false).map((p) => p.id);
    expect(user).toEqual(['profile', 'user-settings', 'advanced', 'reset']);
    expect(preferencePages(true).map((p) => p.id)).toEqual(
      expect.arrayContaining([
        'users',
        'alias',
        'mapping',
        'auth-token',
        'advanced',
        'user-settings',
        'reset',
      ]),
    );
    expect(preferencePage('users', false)).toBeUndefined();
    expect(preferencePage('users', true)?.label).toBe('Users');
    expect(defaultPreferencePage(false)).toBe('profile');
  });
});

describe('mapping JSON checks', () => {
  it('accepts field arrays with ids and names the first bad entry', () => {
    expect(checkFieldsMapping('[{"id":"data_header.from_user","name":"From"}]').ok).toBe(true);
    expect(checkFieldsMapping('[{"id":"a"},{"name":"b"}]')).toEqual({
      ok: false,
      error: 'fields_mapping[1].id must be a non-empty string',
    });
    expect(checkFieldsMapping('{"id":"a"}')).toMatchObject({ ok: false, error: /must be an array/ });
    expect(checkFieldsMapping('[{"id":"a"},')).toMatchObject({ ok: false, error: /^Invalid JSON/ });
    expect(checkFieldsMapping('  ')).toMatchObject({ ok: false, error: 'Empty: enter JSON' });
  });

  it('accepts an empty correlation list, refuses non-object rules', () => {
    expect(checkCorrelationMapping('[]')).toEqual({ ok: true, value: [] });
    expect(checkCorrelationMapping('[1]')).toMatchObject({
      ok: false,
      error: 'correlation_mapping[0] must be an object',
    });
    expect(checkSettingsData('{"name":"Europe/Berlin"}')).toEqual({
      ok: true,
      value: { name: 'Europe/Berlin' },
    });
  });
});

describe('column choice', () => {
  const mapping = [
    { id: 'data_header.from_user', name: 'From', position: 1 },
    { id: 'data_header.to_user', name: 'To', position: 2 },
    { id: 'sid', name: 'Call-ID', position: 3 },
  ];

  it('hides, reorders and saves the visible fields in order, which gridColumns restores', () => {
    let columns = gridColumns(mapping);
    columns = toggleColumn(columns, 'to_user');
    columns = moveColumn(columns, 'sid', -1);
    columns = moveColumn(columns, 'sid', -1);
    const saved = savedColumnList(columns);
    expect(saved).toEqual(['create_date', 'sid', 'from_user']);
    const restored = gridColumns(mapping, readColumnChoice({ columns: saved }));
    expect(restored.filter((c) => !c.hidden).map((c) => c.field)).toEqual(saved);
    expect(restored.find((c) => c.field === 'to_user')?.hidden).toBe(true);
  });

  it('keeps the order at the ends and ignores malformed stored data', () => {
    const columns = gridColumns(mapping);
    expect(moveColumn(columns, 'create_date', -1)).toEqual(columns);
    expect(readColumnChoice({ columns: [1] })).toBeUndefined();
    expect(readColumnChoice(null)).toBeUndefined();
    expect(readColumnChoice({ columns: [] })).toBeUndefined();
  });
});
