import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian packages that provide the peer programs (reference/peers/README.md). */
export const PEER_PACKAGES = { kamailio: 'kamailio', sipp: 'sip-tester' } as const;

export type PeerProgram = keyof typeof PEER_PACKAGES;

/** Where `program` would run from: the first executable match on PATH (plus sbin dirs), or undefined. */
export function findExecutable(program: string, path: string = process.env.PATH ?? ''): string | undefined {
  // kamailio lives in /usr/sbin, which is not on a non-root user's PATH.
  const dirs = [...path.split(delimiter), '/usr/sbin', '/usr/local/sbin'].filter((d) => d !== '');
  for (const dir of dirs) {
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The peer programs that are not installed. */
export function missingPeers(): PeerProgram[] {
  return (Object.keys(PEER_PACKAGES) as PeerProgram[]).filter(
    (program) => findExecutable(program) === undefined,
  );
}

export function installHint(missing: readonly PeerProgram[]): string {
  return (
    `missing ${missing.join(' and ')}: install kamailio sip-tester ` +
    `(apt-get install -y --no-install-recommends ${Object.values(PEER_PACKAGES).join(' ')})`
  );
}
