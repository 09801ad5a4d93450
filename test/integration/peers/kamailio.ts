import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManagedProcess } from './child.js';
import { findExecutable } from './peer-binaries.js';

export const KAMAILIO_TEMPLATE = fileURLToPath(
  new URL('../../fixtures/peers/kamailio-siptrace.cfg.tmpl', import.meta.url),
);

/** Printed by the template's `event_route[core:worker-one-init]` once the SIP worker runs. */
const READY_MARKER = /homer-test: sip worker ready/;

export interface KamailioOptions {
  /** Temp dir for the rendered config, the pid file and the runtime dir (no /var/run needed). */
  readonly dir: string;
  /** The proxy's SIP port (udp; also tcp when HEP goes over TCP). */
  readonly sipPort: number;
  /** Where the proxy relays every request: the sipp UAS. */
  readonly uasPort: number;
  /** homer-ts HEP listener on 127.0.0.1. */
  readonly hepPort: number;
  readonly hepVersion: 1 | 2 | 3;
  readonly hepTransport: 'udp' | 'tcp';
}

export interface RunningKamailio {
  readonly process: ManagedProcess;
  readonly configPath: string;
}

/** Fills `{{NAME}}` placeholders; a placeholder without a value is an error, not a silent leftover. */
export function renderTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for template placeholder {{${name}}}`);
    return String(value);
  });
}

/**
 * Renders the siptrace config and runs Kamailio in the foreground (`-DD`, logs on stderr via `-E`)
 * until its SIP worker is up. HEPv1/v2 cannot be framed on TCP (reference/hep.md §1.8), so TCP
 * implies HEPv3.
 */
export async function startKamailio(options: KamailioOptions): Promise<RunningKamailio> {
  if (options.hepTransport === 'tcp' && options.hepVersion !== 3) {
    throw new Error('Kamailio sends HEP over TCP only as HEPv3');
  }
  const config = renderTemplate(await readFile(KAMAILIO_TEMPLATE, 'utf8'), {
    SIP_PORT: options.sipPort,
    UAS_PORT: options.uasPort,
    HEP_PORT: options.hepPort,
    HEP_VERSION: options.hepVersion,
  });
  const configPath = join(options.dir, 'kamailio.cfg');
  await writeFile(configPath, config);
  const args = [
    '-f',
    configPath,
    '-DD',
    '-E',
    // Runtime dir, pid file and working dir inside the temp dir: no root-owned /var/run/kamailio needed.
    '-Y',
    options.dir,
    '-P',
    join(options.dir, 'kamailio.pid'),
    '-w',
    options.dir,
    // Small memory pools: the proxy handles three calls; the defaults (64 MiB shm) are for production.
    '-m',
    '32',
    '-M',
    '8',
    ...(options.hepTransport === 'tcp' ? ['-A', 'HEP_TCP'] : []),
  ];
  const kamailio = await ManagedProcess.start(
    'kamailio',
    findExecutable('kamailio') ?? 'kamailio',
    args,
    options.dir,
  );
  try {
    await kamailio.waitForOutput(READY_MARKER, 10_000);
  } catch (err) {
    await kamailio.stop();
    throw new Error(`${(err as Error).message}\n--- kamailio output ---\n${kamailio.output()}`, {
      cause: err,
    });
  }
  return { process: kamailio, configPath };
}
