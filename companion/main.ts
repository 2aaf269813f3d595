/**
 * The `inlay` CLI: start, pair, status, doctor. bin/inlay.js registers tsx
 * and imports this file.
 */
import { DataDirBusyError } from './lockfile.js';
import { PortInUseError } from './app.js';
import { doctorCommand } from './cli/doctor.js';
import { UsageError, type Command, type Io } from './cli/options.js';
import { pairCommand } from './cli/pair.js';
import { startCommand } from './cli/start.js';
import { statusCommand } from './cli/status.js';
import { COMPANION_VERSION } from './meta.js';

export const COMMANDS: readonly Command[] = [startCommand, pairCommand, statusCommand, doctorCommand];

export function overallUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Usage: inlay <command> [options]     (Inlay companion ${COMPANION_VERSION})`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `inlay <command> --help` for the options of each.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const sub = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.out(sub ? sub.usage + '\n' : overallUsage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(COMPANION_VERSION + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${overallUsage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(err.message + '\n');
      return 2;
    }
    if (err instanceof PortInUseError || err instanceof DataDirBusyError) {
      io.err(err.message + '\n');
      return 1;
    }
    io.err(
      `inlay ${name} failed: ${(err as Error).message ?? String(err)}\nRun \`npx inlay doctor\` to check your setup.\n`,
    );
    if (io.env.INLAY_DEBUG) io.err(String((err as Error).stack) + '\n');
    return 1;
  }
}

const io: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  env: process.env,
};

process.exitCode = await main(process.argv.slice(2), io);
