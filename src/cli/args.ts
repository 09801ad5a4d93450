import { HomerError } from '../errors.js';
import { settingFlags } from '../config/index.js';

export const COMMANDS = ['serve', 'capture', 'api', 'migrate'] as const;
export type Command = (typeof COMMANDS)[number];

export interface ParsedArgs {
  readonly command: Command | 'help' | 'version';
  readonly configFile?: string;
  /** Setting flags, e.g. `{ '--hep-udp': '0.0.0.0:9060' }`. */
  readonly flags: Record<string, string>;
}

export class UsageError extends HomerError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Parses `homer <command> [--config file] [--setting value | --setting=value ...]`. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const known = new Set(settingFlags());
  const flags: Record<string, string> = {};
  let command: ParsedArgs['command'] | undefined;
  let configFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h' || arg === 'help') return { command: 'help', flags };
    if (arg === '--version' || arg === '-v' || arg === 'version') return { command: 'version', flags };
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined;
      if (value === undefined) {
        value = argv[i + 1];
        if (value === undefined) throw new UsageError(`${name} needs a value`);
        i++;
      }
      if (name === '--config') configFile = value;
      else if (known.has(name)) flags[name] = value;
      else throw new UsageError(`unknown option ${name} (see homer --help)`);
      continue;
    }
    if (command !== undefined) throw new UsageError(`unexpected argument "${arg}"`);
    if (!(COMMANDS as readonly string[]).includes(arg))
      throw new UsageError(`unknown command "${arg}" (see homer --help)`);
    command = arg as Command;
  }
  return { command: command ?? 'help', flags, ...(configFile ? { configFile } : {}) };
}
