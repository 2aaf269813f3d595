import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, opId, sampleItem, tempDir } from './test-helpers.js';
import type { TempDir } from './test-helpers.js';

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('durability', () => {
  it('keeps seq monotonic across close and reopen', async () => {
    const first = await openTestStore(dir.file());
    for (let i = 1; i <= 3; i++) await first.captureItem(opId(i), null, sampleItem(i));
    const id = await first.companionId();
    await first.close();

    const second = await openTestStore(dir.file());
    expect(await second.headSeq()).toBe(3);
    expect(await second.companionId()).toBe(id);
    const next = await second.captureItem(opId(4), null, sampleItem(4));
    expect(next.seq).toBe(4);
    // A replay after the restart is still recognised.
    expect(await second.captureItem(opId(2), null, sampleItem(2))).toMatchObject({ seq: 2, duplicate: true });
    await second.close();
  });

  it('never reuses a seq, even if the newest events were deleted by hand', async () => {
    const s = await openTestStore(dir.file());
    for (let i = 1; i <= 3; i++) await s.captureItem(opId(i), null, sampleItem(i));
    await s.close();
    const raw = new Database(dir.file());
    raw.prepare('delete from events where seq = 3').run();
    raw.close();
    const again = await openTestStore(dir.file());
    expect((await again.captureItem(opId(9), null, sampleItem(9))).seq).toBe(4);
    await again.close();
  });

  it('has everything that was committed after the process is killed without closing', async () => {
    const sqliteTs = pathToFileURL(join(fileURLToPath(new URL('.', import.meta.url)), 'sqlite.ts')).href;
    const helpersTs = pathToFileURL(join(fileURLToPath(new URL('.', import.meta.url)), 'test-helpers.ts')).href;
    const child = join(dir.path, 'child.mts');
    writeFileSync(
      child,
      `import { openSqliteStore } from ${JSON.stringify(sqliteTs)};
import { opId, sampleItem } from ${JSON.stringify(helpersTs)};
const store = openSqliteStore({ file: ${JSON.stringify(dir.file())} });
await store.migrate();
for (let i = 1; i <= 25; i++) await store.captureItem(opId(i), null, sampleItem(i));
await store.updateItem(opId(100), null, 'x:1800000000000000007', { status: 'done' });
process.stdout.write('committed\\n');
process.kill(process.pid, 'SIGKILL');
`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', child], { cwd: process.cwd(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('committed\n');
    expect(r.signal).toBe('SIGKILL');
    // The commits live in the WAL (never checkpointed): the next open must replay it.
    expect(statSync(`${dir.file()}-wal`).size).toBeGreaterThan(0);

    const s = await openTestStore(dir.file());
    expect(await s.countItems()).toBe(25);
    expect(await s.headSeq()).toBe(26);
    expect((await s.getItem('x:1800000000000000007'))?.status).toBe('done');
    await s.close();
  }, 20_000);
});

describe('backup', () => {
  it('writes a consistent 0600 copy that opens as a store', async () => {
    const s = await openTestStore(dir.file());
    for (let i = 1; i <= 5; i++) await s.captureItem(opId(i), null, sampleItem(i));
    const copy = join(dir.path, 'backups', 'copy.db');
    await s.backup(copy);
    await s.captureItem(opId(6), null, sampleItem(6)); // after the backup: not in the copy
    await s.close();

    expect(statSync(copy).mode & 0o777).toBe(0o600);
    const restored = await openTestStore(copy);
    expect(await restored.countItems()).toBe(5);
    expect(await restored.headSeq()).toBe(5);
    await restored.close();
  });
});
