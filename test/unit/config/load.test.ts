import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({ env: {} });
    expect(config.dbUrl).toBe('');
    expect(config.dataDir).toBe('./data');
    expect(config.hepUdp).toEqual({ host: '0.0.0.0', port: 9060 });
    expect(config.hepTcp).toEqual({ host: '0.0.0.0', port: 9060 });
    expect(config.hepTls).toEqual({ host: '0.0.0.0', port: 9061 });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9080 });
    expect(config.capturePassword).toBe('');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('applies file, then env, then flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homer-config-'));
    const file = join(dir, 'homer.json');
    writeFileSync(file, JSON.stringify({ batchSize: 10, flushIntervalMs: 50, hepUdp: '127.0.0.1:1000' }));
    const config = loadConfig({
      file,
      env: { HOMER_BATCH_SIZE: '20', HOMER_HEP_UDP: '127.0.0.1:2000' },
      flags: { '--hep-udp': '[::1]:3000' },
    });
    expect(config.batchSize).toBe(20);
    expect(config.flushIntervalMs).toBe(50);
    expect(config.hepUdp).toEqual({ host: '::1', port: 3000 });
  });

  it('an empty listener setting disables it', () => {
    const config = loadConfig({ env: { HOMER_HEP_TLS: '' } });
    expect(config.hepTls).toBeNull();
  });

  it('parses lists: comma for headers, a JSON array for A-leg regexes', () => {
    const config = loadConfig({
      env: {
        HOMER_CUSTOM_HEADERS: 'X-Foo, X-Bar',
        HOMER_ALEG_IDS: JSON.stringify(['X-CID', 'P-Charging-Vector,icid-value="?(.*?)(?:"|;|$)']),
      },
    });
    expect(config.customHeaders).toEqual(['X-Foo', 'X-Bar']);
    expect(config.alegIds).toEqual(['X-CID', 'P-Charging-Vector,icid-value="?(.*?)(?:"|;|$)']);
  });

  it.each([
    [{ HOMER_HEP_UDP: 'nonsense' }, 'HOMER_HEP_UDP'],
    [{ HOMER_HEP_TCP: '1.2.3.4:99999' }, 'HOMER_HEP_TCP'],
    [{ HOMER_BATCH_SIZE: 'many' }, 'HOMER_BATCH_SIZE'],
    [{ HOMER_DB_URL: 'mysql://x' }, 'HOMER_DB_URL'],
    [{ HOMER_DB_SYNC_COMMIT: 'maybe' }, 'HOMER_DB_SYNC_COMMIT'],
    [{ HOMER_TLS_CERT: '/x.pem' }, 'HOMER_TLS_CERT'],
    [{ HOMER_ALEG_IDS: '["X-CID,([a-z"]' }, 'HOMER_ALEG_IDS'],
  ])('rejects %j with one line naming the setting', (env, name) => {
    let error: unknown;
    try {
      loadConfig({ env });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
  });

  it('rejects unknown keys in the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homer-config-'));
    const file = join(dir, 'homer.json');
    writeFileSync(file, JSON.stringify({ batchSzie: 10 }));
    expect(() => loadConfig({ file })).toThrow(/unknown setting "batchSzie"/);
  });
});
