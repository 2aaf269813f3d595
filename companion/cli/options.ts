/** What the commands share: where data lives, which port, and a friendly parseArgs. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_PORT } from '../../shared/protocol/version.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the process exit code. */
  run(argv: string[], io: Io): Promise<number>;
}

/** A mistake the user can fix; main prints the message (no stack) and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The per-user data folder: XDG on Linux, Application Support on macOS, %APPDATA% on Windows. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Inlay');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Inlay');
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share'), 'inlay');
}

/** --data-dir, then INLAY_DATA_DIR, then the per-user default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const dir = flag ?? env.INLAY_DATA_DIR;
  return dir ? resolve(dir) : defaultDataDir(env);
}

/** --port, then INLAY_PORT, then DEFAULT_PORT. */
export function resolvePort(flag: string | undefined, env: NodeJS.ProcessEnv, allowZero = false): number {
  const raw = flag ?? env.INLAY_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1) || n > 65535) {
    throw new UsageError(`"${raw}" is not a port: use a whole number from 1 to 65535 (default ${DEFAULT_PORT}).`);
  }
  return n;
}

export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`);
  }
}
