import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAPPING_SEED } from '../../../src/storage/configdb/mapping-seed.js';
import { storageKinds } from '../../helpers/pg.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';

const kinds = await storageKinds();

const NEW_MAPPING = {
  hepid: 77,
  profile: 'custom',
  hep_alias: 'CUSTOM',
  fields_mapping: [{ id: 'sid', name: 'Session ID', type: 'string' }],
  correlation_mapping: [{ source_field: 'sid', lookup_id: 1, lookup_profile: 'call', lookup_field: 'sid' }],
  fields_settings: { shown: ['sid'] },
  retention: 7,
  partition_step: 60,
};

describe.each(kinds)('mapping/protocol (%s)', (kind) => {
  let api: TestApi;
  const admin = () => ({ token: api.adminToken });
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('lists the seeded mappings as homer-ui needs them (hepid a number, JSON parsed, fields_settings)', async () => {
    const res = await api.call('GET', '/api/v3/mapping/protocol', { token: api.userToken });
    expect(res.status).toBe(200);
    expect(res.json.count).toBe(MAPPING_SEED.length);
    expect(res.json.data).toHaveLength(MAPPING_SEED.length);
    const sipCall = res.json.data.find(
      (m: { hepid: unknown; profile: string }) => m.hepid === 1 && m.profile === 'call',
    );
    expect(sipCall).toMatchObject({ hep_alias: 'SIP', partid: 10 });
    expect(Array.isArray(sipCall.fields_mapping)).toBe(true);
    expect(sipCall.fields_mapping.some((f: { id: string }) => f.id === 'data_header.from_user')).toBe(true);
    expect(Array.isArray(sipCall.correlation_mapping)).toBe(true);
    expect(sipCall).toHaveProperty('fields_settings');
    expect(sipCall).not.toHaveProperty('mapping_settings');
    expect(sipCall.guid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads by hepid/profile and by guid', async () => {
    const byProfile = await api.call('GET', '/api/v3/mapping/protocol/1/registration', admin());
    expect(byProfile.status).toBe(200);
    expect(byProfile.json.count).toBe(1);
    const guid = byProfile.json.data[0].guid;
    const byGuid = await api.call('GET', `/api/v3/mapping/protocol/${guid}`, admin());
    expect(byGuid.status).toBe(200);
    expect(byGuid.json.data[0]).toMatchObject({ hepid: 1, profile: 'registration' });
    expect((await api.call('GET', '/api/v3/mapping/protocol/999/none', admin())).json).toEqual({
      count: 0,
      data: [],
    });
    const bad = await api.call('GET', '/api/v3/mapping/protocol/not-a-uuid', admin());
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('guid');
  });

  it('creates, updates and deletes a mapping as admin', async () => {
    const created = await api.call('POST', '/api/v3/mapping/protocol', { ...admin(), body: NEW_MAPPING });
    expect(created.status).toBe(201);
    const guid = created.json.data as string;
    expect(created.json.message).toContain('created');
    const [row] = await api.configQuery<{ retention: number }>(
      'SELECT retention FROM mapping_schema WHERE guid = $1',
      [guid],
    );
    expect(row?.retention).toBe(7);

    const read = await api.call('GET', '/api/v3/mapping/protocol/77/custom', admin());
    expect(read.json.data[0]).toMatchObject({
      hepid: 77,
      hep_alias: 'CUSTOM',
      fields_settings: { shown: ['sid'] },
      fields_mapping: NEW_MAPPING.fields_mapping,
      correlation_mapping: NEW_MAPPING.correlation_mapping,
    });

    const updated = await api.call('PUT', `/api/v3/mapping/protocol/${guid}`, {
      ...admin(),
      body: {
        ...NEW_MAPPING,
        hep_alias: 'RENAMED',
        fields_mapping: JSON.stringify(NEW_MAPPING.fields_mapping),
      },
    });
    expect(updated.status).toBe(200);
    expect((await api.call('GET', `/api/v3/mapping/protocol/${guid}`, admin())).json.data[0].hep_alias).toBe(
      'RENAMED',
    );

    expect((await api.call('DELETE', `/api/v3/mapping/protocol/${guid}`, admin())).status).toBe(200);
    expect((await api.call('GET', `/api/v3/mapping/protocol/${guid}`, admin())).status).toBe(404);
    expect((await api.call('DELETE', `/api/v3/mapping/protocol/${guid}`, admin())).status).toBe(404);
  });

  it.each([
    [{ ...NEW_MAPPING, hepid: 'abc' }, 'hepid'],
    [{ ...NEW_MAPPING, hepid: 1.5 }, 'hepid'],
    [{ ...NEW_MAPPING, profile: 'Bad-Name' }, 'profile'],
    [{ ...NEW_MAPPING, profile: "x'; DROP TABLE users; --" }, 'profile'],
    [{ ...NEW_MAPPING, profile: '1abc' }, 'profile'],
    [{ ...NEW_MAPPING, fields_mapping: { id: 'sid' } }, 'fields_mapping'],
    [{ ...NEW_MAPPING, fields_mapping: [{ name: 'no id' }] }, 'fields_mapping.0'],
    [{ ...NEW_MAPPING, fields_mapping: '[not json' }, 'fields_mapping'],
    [{ ...NEW_MAPPING, correlation_mapping: { a: 1 } }, 'correlation_mapping'],
    [{ ...NEW_MAPPING, retention: -1 }, 'retention'],
  ])('refuses an invalid mapping with 400 naming the field (%#)', async (body, field) => {
    const res = await api.call('POST', '/api/v3/mapping/protocol', { ...admin(), body });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain(field);
    expect(res.json.data).toEqual({});
  });

  it('answers 403 to non-admins on every write and reset', async () => {
    const user = { token: api.userToken };
    const [row] = await api.configQuery<{ guid: string }>(
      'SELECT guid::text AS guid FROM mapping_schema LIMIT 1',
    );
    expect((await api.call('POST', '/api/v3/mapping/protocol', { ...user, body: NEW_MAPPING })).status).toBe(
      403,
    );
    expect(
      (await api.call('PUT', `/api/v3/mapping/protocol/${row?.guid}`, { ...user, body: NEW_MAPPING })).status,
    ).toBe(403);
    expect((await api.call('DELETE', `/api/v3/mapping/protocol/${row?.guid}`, user)).status).toBe(403);
    expect((await api.call('GET', '/api/v3/mapping/protocol/reset', user)).status).toBe(403);
    expect((await api.call('GET', `/api/v3/mapping/protocol/reset/${row?.guid}`, user)).status).toBe(403);
  });

  it('resets one profile and then every mapping to the defaults', async () => {
    const [call] = await api.configQuery<{ guid: string }>(
      `SELECT guid::text AS guid FROM mapping_schema WHERE hepid = 1 AND profile = 'call'`,
    );
    await api.configQuery(`UPDATE mapping_schema SET fields_mapping = '[]' WHERE guid = $1`, [call?.guid]);
    const one = await api.call('GET', `/api/v3/mapping/protocol/reset/${call?.guid}`, admin());
    expect(one.status).toBe(200);
    const after = await api.call('GET', '/api/v3/mapping/protocol/1/call', admin());
    expect(after.json.count).toBe(1);
    expect(after.json.data[0].fields_mapping.length).toBeGreaterThan(10);

    await api.call('POST', '/api/v3/mapping/protocol', { ...admin(), body: NEW_MAPPING });
    await api.configQuery(`DELETE FROM mapping_schema WHERE hepid = 100`);
    const all = await api.call('GET', '/api/v3/mapping/protocol/reset', admin());
    expect(all.status).toBe(200);
    const list = await api.call('GET', '/api/v3/mapping/protocol', admin());
    expect(list.json.count).toBe(MAPPING_SEED.length);
    expect(list.json.data.some((m: { hepid: number }) => m.hepid === 77)).toBe(false);
    expect(list.json.data.some((m: { hepid: number }) => m.hepid === 100)).toBe(true);
  });
});
