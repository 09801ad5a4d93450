import { describe, expect, it } from 'vitest';
import { decodeShareLink, encodeShareLink, SHARE_PATH } from './share-link.js';

const request = {
  param: {
    transaction: { call: true },
    search: { '1_call': { id: 7, callid: ['ünïcode-call@10.0.0.1', 'b/c+d=='] } },
    location: {},
  },
  timestamp: { from: 1_700_000_000_000, to: 1_700_000_600_000 },
};

describe('share link', () => {
  it('round-trips the transaction request, tab and title through a URL-safe link', () => {
    const link = encodeShareLink({ request, tab: 'QoS', title: 'Call x' });
    expect(link.startsWith(`${SHARE_PATH}?req=`)).toBe(true);
    const req = new URLSearchParams(link.split('?')[1]).get('req')!;
    expect(req).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = decodeShareLink(link.slice(link.indexOf('?')));
    expect(decoded).toEqual({ ok: true, view: { request, tab: 'QoS', title: 'Call x' } });
  });

  it('accepts a query without the leading ? and without tab/title', () => {
    const link = encodeShareLink({ request });
    const decoded = decodeShareLink(link.split('?')[1]!);
    expect(decoded).toEqual({ ok: true, view: { request } });
  });

  it('says what is wrong with a broken link', () => {
    expect(decodeShareLink('?x=1')).toEqual({ ok: false, error: expect.stringContaining('no "req"') });
    expect(decodeShareLink('?req=%%%')).toMatchObject({
      ok: false,
      error: expect.stringContaining('base64url'),
    });
    const notRequest = btoa(JSON.stringify({ param: {} })).replace(/=+$/, '');
    expect(decodeShareLink(`?req=${notRequest}`)).toMatchObject({
      ok: false,
      error: expect.stringContaining('param.search'),
    });
    const noTime = btoa(JSON.stringify({ param: { search: { '1_call': {} } }, timestamp: { from: 'x' } }));
    expect(decodeShareLink(`?req=${noTime}`).ok).toBe(false);
  });
});
