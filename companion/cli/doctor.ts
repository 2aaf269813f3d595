/** `inlay doctor`: checks what Inlay needs and says, line by line, what to fix. */
import { accessSync, constants, existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { isProcessAlive, readLock } from '../lockfile.js';
import { MIN_NODE, REPO_ROOT } from '../meta.js';
import { fetchHealth } from './health.js';
import { COMMON_OPTIONS, parse, resolveDataDir, resolvePort, type Command } from './options.js';
import { databasePath, openStoreAt } from './store.js';

const usage = `Usage: inlay doctor [--port N] [--data-dir DIR]

Checks Node, the data folder, the database, the port, the built extension and
pairing. Prints OK or FIX (with what to do) for each; exits 1 if anything needs fixing.

Options:
  --port N          the port to check (default 27412; env INLAY_PORT)
  --data-dir DIR    the companion's data folder (env INLAY_DATA_DIR)
  -h, --help        show this help`;

export interface Check {
  ok: boolean;
  what: string;
  /** What to do, when not ok. */
  fix?: string;
}

function versionAtLeast(actual: string, min: string): boolean {
  const a = actual.replace(/^v/, '').split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export async function runChecks(dataDir: string, port: number, outputDir: string): Promise<Check[]> {
  const checks: Check[] = [];

  checks.push(
    versionAtLeast(process.version, MIN_NODE)
      ? { ok: true, what: `Node ${process.version}` }
      : { ok: false, what: `Node ${process.version} is too old`, fix: `install Node ${MIN_NODE} or newer` },
  );

  let writable = false;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const probe = join(dataDir, `.doctor-${process.pid}.tmp`);
    writeFileSync(probe, 'ok');
    unlinkSync(probe);
    accessSync(dataDir, constants.W_OK);
    writable = true;
    checks.push({ ok: true, what: `data folder ${dataDir} is writable` });
  } catch (err) {
    checks.push({
      ok: false,
      what: `data folder ${dataDir} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      fix: 'fix its permissions, or choose another with --data-dir / INLAY_DATA_DIR',
    });
  }

  let members: number | null = null;
  if (writable) {
    const existed = existsSync(databasePath(dataDir));
    try {
      const store = await openStoreAt(dataDir, { create: true });
      try {
        members = await store.countMembers();
      } finally {
        await store.close();
      }
      checks.push({
        ok: true,
        what: `database ${databasePath(dataDir)} opens and its migrations are current${existed ? '' : ' (created now)'}`,
      });
    } catch (err) {
      checks.push({
        ok: false,
        what: `database ${databasePath(dataDir)} does not open: ${(err as Error).message}`,
        fix: 'stop the companion, move the file aside (keep it: it holds your data) and start again; report the error',
      });
    }
  }

  const lock = readLock(dataDir);
  const health = await fetchHealth(port);
  if (health) {
    const ours = lock !== null && lock.port === port && isProcessAlive(lock.pid);
    checks.push({
      ok: true,
      what: `port ${port} is held by ${ours ? `this data folder's companion (pid ${lock?.pid})` : 'an Inlay companion'} (version ${health.version})`,
    });
  } else if (await portIsFree(port)) {
    checks.push({
      ok: true,
      what: `port ${port} is free (the companion is not running; start it with \`npx inlay start\`)`,
    });
  } else {
    checks.push({
      ok: false,
      what: `port ${port} is used by another program`,
      fix: `stop that program, or start Inlay with --port N (or INLAY_PORT) and set the same port in Inlay's options`,
    });
  }

  for (const [browser, dir] of [
    ['Chrome', 'chrome-mv3'],
    ['Firefox', 'firefox-mv2'],
  ] as const) {
    const manifest = join(outputDir, dir, 'manifest.json');
    checks.push(
      existsSync(manifest)
        ? { ok: true, what: `${browser} extension is built (${join(outputDir, dir)})` }
        : { ok: false, what: `${browser} extension is not built (${manifest} is missing)`, fix: 'run `npm run build`' },
    );
  }

  if (members !== null) {
    checks.push(
      members > 0
        ? { ok: true, what: `${members} member${members === 1 ? '' : 's'} paired` }
        : {
            ok: false,
            what: 'nobody is paired yet',
            fix: "run `npx inlay pair` and enter the code in Inlay's options page (the companion must be running)",
          },
    );
  }
  return checks;
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check port, database, pairing and the built extension',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, { ...COMMON_OPTIONS, port: { type: 'string' } }, usage);
    if (values.help) {
      io.out(usage + '\n');
      return 0;
    }
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const port = resolvePort(values.port, io.env);
    const outputDir = io.env.INLAY_OUTPUT_DIR || join(REPO_ROOT, '.output');
    const checks = await runChecks(dataDir, port, outputDir);
    for (const c of checks) io.out(c.ok ? `OK   ${c.what}\n` : `FIX  ${c.what}: ${c.fix}\n`);
    const bad = checks.filter((c) => !c.ok).length;
    io.out(bad === 0 ? 'Everything looks right.\n' : `${bad} thing${bad === 1 ? '' : 's'} to fix.\n`);
    return bad === 0 ? 0 : 1;
  },
};
