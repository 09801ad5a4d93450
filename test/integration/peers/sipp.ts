import { fileURLToPath } from 'node:url';
import { describeExit, ManagedProcess } from './child.js';
import { findExecutable } from './peer-binaries.js';
import { waitForUdpPort } from './ports.js';

const sippBinary = (): string => findExecutable('sipp') ?? 'sipp';

export const SIPP_OPTIONS_SCENARIO = fileURLToPath(
  new URL('../../fixtures/peers/sipp-options-uac.xml', import.meta.url),
);

/** Longest a sipp UAC may run; three loopback calls take well under a second. */
const UAC_TIMEOUT_MS = 20_000;

/**
 * Arguments every sipp run gets: loopback only, no interactive screen (`-nostdin`), and a global
 * timeout that makes sipp fail on its own instead of hanging the test.
 */
function commonArgs(localPort: number, timeoutSeconds: number): string[] {
  return [
    '-i',
    '127.0.0.1',
    '-p',
    String(localPort),
    '-nostdin',
    '-timeout',
    `${timeoutSeconds}s`,
    '-timeout_error',
  ];
}

/**
 * sipp's built-in UAS (answers INVITE with 180 and 200, then BYE with 200) on 127.0.0.1:`port`.
 * Ready once its socket is bound; it keeps running (the scenario ends with a 4 s pause) until stopped.
 */
export async function startSippUas(dir: string, port: number): Promise<ManagedProcess> {
  const uas = await ManagedProcess.start(
    'sipp uas',
    sippBinary(),
    ['-sn', 'uas', ...commonArgs(port, 60)],
    dir,
  );
  try {
    await waitForUdpPort(port, 5000, 'sipp uas');
  } catch (err) {
    await uas.stop();
    throw new Error(`${(err as Error).message}\n--- sipp uas output ---\n${uas.output()}`, { cause: err });
  }
  return uas;
}

export interface SippRun {
  /** sipp's pid: its Call-IDs are `<call number>-<pid>@<local ip>`. */
  readonly pid: number;
  readonly output: string;
}

/** Runs a UAC scenario to the end and requires exit code 0 (every call successful). */
async function runUac(name: string, dir: string, args: readonly string[]): Promise<SippRun> {
  const uac = await ManagedProcess.start(name, sippBinary(), args, dir);
  const status = await uac.waitForExit(UAC_TIMEOUT_MS);
  if (!status) {
    await uac.stop();
    throw new Error(`${name} still ran after ${UAC_TIMEOUT_MS} ms\n--- ${name} output ---\n${uac.output()}`);
  }
  if (status.code !== 0) {
    throw new Error(`${name} failed (${describeExit(status)})\n--- ${name} output ---\n${uac.output()}`);
  }
  return { pid: uac.pid, output: uac.output() };
}

/** sipp's built-in UAC: `calls` INVITE / ACK / BYE dialogs through the proxy, one after another. */
export function runSippCalls(
  dir: string,
  localPort: number,
  proxyPort: number,
  calls: number,
): Promise<SippRun> {
  return runUac('sipp uac', dir, [
    '-sn',
    'uac',
    ...commonArgs(localPort, 15),
    '-m',
    String(calls),
    `127.0.0.1:${proxyPort}`,
  ]);
}

/** One OPTIONS to the proxy itself (it answers 200 without relaying). */
export function runSippOptions(dir: string, localPort: number, proxyPort: number): Promise<SippRun> {
  return runUac('sipp options', dir, [
    '-sf',
    SIPP_OPTIONS_SCENARIO,
    ...commonArgs(localPort, 10),
    '-m',
    '1',
    `127.0.0.1:${proxyPort}`,
  ]);
}
