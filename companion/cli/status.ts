/** `inlay status`: is the companion running, and what does its database hold. */
import { isProcessAlive, readLock } from '../lockfile.js';
import { fetchHealth } from './health.js';
import { COMMON_OPTIONS, parse, resolveDataDir, type Command } from './options.js';
import { databasePath, openStoreAt } from './store.js';

const usage = `Usage: inlay status [--json] [--data-dir DIR]

Says whether the companion for this data folder is running (and on which
port), and how many members, items and events its database holds.
Exit code 0 when it is running, 3 when it is not.

Options:
  --json            print one JSON object for scripts
  --data-dir DIR    the companion's data folder (env INLAY_DATA_DIR)
  -h, --help        show this help`;

export interface Status {
  running: boolean;
  pid: number | null;
  port: number | null;
  startedAt: string | null;
  version: string | null;
  dataDir: string;
  database: string | null;
  members: number;
  items: number;
  headSeq: number;
}

export async function readStatus(dataDir: string): Promise<Status> {
  const lock = readLock(dataDir);
  const alive = lock !== null && isProcessAlive(lock.pid);
  const health = alive && lock ? await fetchHealth(lock.port) : null;
  const store = await openStoreAt(dataDir, { create: false });
  let counts = { members: 0, items: 0, headSeq: 0 };
  if (store) {
    try {
      counts = { members: await store.countMembers(), items: await store.countItems(), headSeq: await store.headSeq() };
    } finally {
      await store.close();
    }
  }
  const running = health !== null;
  return {
    running,
    pid: running && lock ? lock.pid : null,
    port: running && lock ? lock.port : null,
    startedAt: running && lock ? lock.startedAt : null,
    version: health?.version ?? null,
    dataDir,
    database: store ? databasePath(dataDir) : null,
    ...counts,
  };
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'is the companion running; members, items, last event',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, { ...COMMON_OPTIONS, json: { type: 'boolean' } }, usage);
    if (values.help) {
      io.out(usage + '\n');
      return 0;
    }
    const s = await readStatus(resolveDataDir(values['data-dir'], io.env));
    if (values.json) {
      io.out(JSON.stringify(s) + '\n');
    } else {
      io.out(
        (s.running
          ? `Running: pid ${s.pid}, port ${s.port}, version ${s.version}, since ${s.startedAt}.`
          : 'Not running. Start it with `npx inlay start` (or `npm start`).') + '\n',
      );
      io.out(`Data folder: ${s.dataDir}\n`);
      io.out(
        s.database
          ? `Members: ${s.members}   Items: ${s.items}   Last event seq: ${s.headSeq}\n`
          : 'No database yet: it is created the first time the companion starts.\n',
      );
      if (s.database && s.members === 0)
        io.out("Nobody is paired yet: run `npx inlay pair` and enter the code in Inlay's options page.\n");
    }
    return s.running ? 0 : 3;
  },
};
