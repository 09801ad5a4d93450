import { describe, expect, it } from 'vitest';
import * as S from './schemas.js';

const MAPPING_REPLY = {
  count: 1,
  data: [
    {
      id: 1,
      guid: '5a3c7f0e-1d2b-4c3a-9e8f-0a1b2c3d4e5f',
      hepid: 1,
      profile: 'call',
      hep_alias: 'SIP',
      partid: 10,
      correlation_mapping: [{ source_field: 'data_header.callid', lookup_id: 100 }],
      fields_mapping: [{ id: 'data_header.from_user', name: 'SIP From user', type: 'string', position: 3 }],
      fields_settings: {},
      create_date: '2026-01-01T00:00:00Z',
    },
  ],
};

describe('reply schemas', () => {
  it('accept the server replies and keep keys they do not name', () => {
    const parsed = S.parseReply('GET /mapping/protocol', S.MappingList, MAPPING_REPLY);
    expect(parsed.data[0]?.fields_settings).toEqual({});
    expect(parsed.data[0]?.fields_mapping[0]?.name).toBe('SIP From user');
    const search = S.parseReply('POST /search/call/data', S.SearchReply, {
      total: 3,
      keys: ['from_user'],
      data: [{ id: 7, sid: 'c1@x', create_date: 1700000000000, from_user: 'alice' }],
    });
    expect(search.data[0]?.from_user).toBe('alice');
  });

  it('name the call and the field of a malformed reply', () => {
    const bad = { data: [{ ...MAPPING_REPLY.data[0], hepid: '1' }] };
    expect(() => S.parseReply('GET /mapping/protocol', S.MappingList, bad)).toThrow(
      'GET /mapping/protocol: data.0.hepid expected number, received string',
    );
    expect(() => S.parseReply('GET /alias', S.AliasList, { count: 0 })).toThrow(
      'GET /alias: data expected array, received undefined',
    );
    expect(() => S.parseReply('POST /auth', S.LoginReply, 'nope')).toThrow(
      'POST /auth: reply expected object',
    );
  });

  it('count further problems', () => {
    expect(() => S.parseReply('GET /token/auth', S.TokenList, { data: [{ guid: 1, name: null }] })).toThrow(
      /^GET \/token\/auth: data\.0\.guid expected string, received number \(and \d+ more\)$/,
    );
  });

  it('check the shapes of the settings, users, aliases and tokens', () => {
    expect(
      S.SettingsList.safeParse({
        data: [
          { guid: 'g', category: 'system', param: 'timezone', data: { name: 'UTC' }, username: 'admin' },
        ],
      }).success,
    ).toBe(true);
    expect(
      S.UserList.safeParse({
        data: [{ guid: 'g', username: 'u', usergroup: 'user', email: '', firstname: '', lastname: '' }],
      }).success,
    ).toBe(true);
    expect(
      S.AliasList.safeParse({
        data: [{ guid: 'g', alias: 'pbx', ip: '10.0.0.1', port: 0, mask: 32, captureID: '', status: true }],
      }).success,
    ).toBe(true);
    expect(S.TokenCreated.safeParse({ data: { token: 't', guid: 'g' }, message: 'ok' }).success).toBe(true);
    expect(S.AuthTypeList.safeParse({ data: { internal: { name: 'Internal' }, oauth2: [] } }).success).toBe(
      true,
    );
    expect(
      S.TransactionReply.safeParse({ data: { messages: [], hosts: {}, calldata: [{ id: 1 }], alias: {} } })
        .success,
    ).toBe(false);
  });

  it('check the dashboard and widget replies other features read', () => {
    expect(
      S.DashboardInfo.safeParse({
        data: [{ id: 'home', name: 'Home', owner: 'admin', shared: false, weight: 10 }],
      }).success,
    ).toBe(true);
    expect(S.DashboardStore.safeParse({ total: 0, owner: '', data: {} }).success).toBe(true);
    expect(() => S.parseReply('GET /dashboard/info', S.DashboardInfo, { data: [{ id: 'x' }] })).toThrow(
      'GET /dashboard/info: data.0.name expected string, received undefined',
    );
    expect(S.SmartTags.safeParse({ data: { data: [{ value: 'from_user', name: 'From' }] } }).success).toBe(
      true,
    );
  });
});
