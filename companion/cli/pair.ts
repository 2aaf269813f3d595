/** `inlay pair`: write a fresh pairing code into the database (the running companion accepts it). */
import { systemClock } from '../clock.js';
import { issuePairingCode } from '../server/pairing.js';
import { COMMON_OPTIONS, parse, resolveDataDir, type Command } from './options.js';
import { openStoreAt } from './store.js';

const usage = `Usage: inlay pair [--json] [--data-dir DIR]

Prints a fresh single-use pairing code, valid for two minutes and five tries.
Works whether or not the companion is running.

Options:
  --json            print {"code","expiresAt"} for scripts
  --data-dir DIR    the companion's data folder (env INLAY_DATA_DIR)
  -h, --help        show this help`;

export function describeExpiry(expiresAt: string, now = new Date()): string {
  const secs = Math.max(0, Math.round((new Date(expiresAt).getTime() - now.getTime()) / 1000));
  const when = new Date(expiresAt).toLocaleTimeString();
  return secs >= 60 ? `valid for ${Math.round(secs / 60)} min, until ${when}` : `valid for ${secs} s, until ${when}`;
}

export const pairCommand: Command = {
  name: 'pair',
  summary: 'print a fresh pairing code',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, { ...COMMON_OPTIONS, json: { type: 'boolean' } }, usage);
    if (values.help) {
      io.out(usage + '\n');
      return 0;
    }
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const store = await openStoreAt(dataDir, { create: true });
    try {
      const issued = await issuePairingCode(store, systemClock);
      if (values.json) io.out(JSON.stringify(issued) + '\n');
      else {
        io.out(`Pairing code: ${issued.code}  (${describeExpiry(issued.expiresAt)})\n`);
        io.out("Enter it in Inlay's options page with your name.\n");
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
