import { execFileSync, spawnSync } from 'node:child_process';

/**
 * tshark is the reference reader for the pcap tests. Present: tests compare with it. Absent: they
 * skip the comparison locally but fail under CI=true, where it must be installed.
 */
export function tsharkAvailable(): boolean {
  const found = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.CI) throw new Error('tshark is required under CI (apt-get install tshark)');
  return found;
}

/** `tshark -r file [args] -Y filter -T fields -e ...`: one row per matching frame, tab-separated. */
export function tsharkFields(
  file: string,
  filter: string,
  fields: readonly string[],
  args: readonly string[] = [],
) {
  const out = execFileSync(
    'tshark',
    [
      '-r',
      file,
      ...args,
      '-Y',
      filter,
      '-T',
      'fields',
      '-E',
      'aggregator=|',
      ...fields.flatMap((f) => ['-e', f]),
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** `frame.time_epoch` text ("1531993985.422330000") as whole microseconds, without float rounding. */
export function epochToMicros(text: string): number {
  const [seconds = '0', fraction = ''] = text.split('.');
  return Number(seconds) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

/**
 * The SIP messages tshark sees, in order: frames can hold several (TCP), their values are joined by
 * the aggregator, so each field is split and zipped back into one row per message.
 */
export function tsharkSipMessages(
  file: string,
  fields: readonly string[],
  args: readonly string[] = [],
): string[][] {
  const rows: string[][] = [];
  for (const frame of tsharkFields(file, 'sip', fields, args)) {
    const columns = frame.map((value) => value.split('|'));
    const count = Math.max(...columns.map((c) => c.length));
    for (let i = 0; i < count; i++) rows.push(columns.map((c) => (c.length === count ? c[i]! : c[0]!)));
  }
  return rows;
}
