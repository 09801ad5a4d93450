import { SETTINGS, type SettingKey } from '../config/index.js';

function formatDefault(value: unknown): string {
  if (value === '' || (Array.isArray(value) && value.length === 0)) return '(empty)';
  if (value && typeof value === 'object' && 'host' in value && 'port' in value) {
    const { host, port } = value as { host: string; port: number };
    return `${host}:${port}`;
  }
  return String(value);
}

/** The `homer --help` text, generated from the settings table. */
export function helpText(version: string): string {
  const lines = [
    `homer ${version} — HEP capture server and API, HOMER 7 compatible`,
    '',
    'Usage: homer <command> [--config file.json] [--setting value ...]',
    '',
    'Commands:',
    '  serve     everything in one process: HEP capture, storage, HTTP (default database: embedded PGlite)',
    '  capture   the capture role alone (HEP in, rows out, /metrics /health /ready)',
    '  api       the API role alone (/api/v3 on HTTP, /metrics /health /ready; no HEP listeners)',
    '  migrate   create or upgrade the schema, then exit',
    '',
    'Options (each also as an environment variable; flags win over env, env over the file):',
  ];
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const s = SETTINGS[key];
    lines.push(`  ${s.flag.padEnd(26)} ${s.env}`);
    lines.push(`      ${s.description} Default: ${formatDefault(s.defaultValue)}`);
  }
  lines.push(
    '  --config <file>            JSON file of settings keyed by name (e.g. {"hepUdp": "0.0.0.0:9060"})',
  );
  lines.push('  --help, --version');
  return lines.join('\n');
}
