import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.js';

describe('web UI serving', () => {
  let api: TestApi;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'homer-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    api = await startTestApi('pglite', {}, { webDir: dir });
  });
  afterAll(async () => {
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for deep links (HTML5 fallback)', async () => {
    for (const path of ['/', '/dashboard/home', '/search/result?x=1', '/transaction/abc']) {
      const res = await api.call('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toContain('text/html');
      expect(res.body).toContain('id="root"');
    }
  });

  it('serves assets with a JavaScript type and 404s for missing files and unknown API paths', async () => {
    const js = await api.call('GET', '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect((await api.call('GET', '/assets/missing.js')).status).toBe(404);
    const unknownApi = await api.call('GET', '/api/v3/no-such-route', { token: api.adminToken });
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.json.message).toContain('no route');
  });
});
