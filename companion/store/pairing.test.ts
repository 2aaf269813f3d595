import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock.js';
import { openSqliteStore } from './sqlite.js';
import type { SqliteStore } from './sqlite.js';
import { openTestStore, tempDir } from './test-helpers.js';
import type { TempDir } from './test-helpers.js';

let dir: TempDir;
let store: SqliteStore;
const T0 = '2026-03-01T10:00:00.000Z';
const in2min = '2026-03-01T10:02:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

beforeEach(async () => {
  dir = tempDir();
  store = await openTestStore(dir.file(), { clock: manualClock(T0) });
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('pairing codes', () => {
  it('stores the canonical code and lists it while active', async () => {
    const pc = await store.createPairingCode('k7qx-m2pd', in2min, 5);
    expect(pc).toMatchObject({ code: 'K7QXM2PD', expiresAt: in2min, triesLeft: 5, usedAt: null });
    expect(await store.activePairingCodes(at(0))).toEqual([pc]);
  });

  it('normalises an expiry given with an offset so expiry compares correctly', async () => {
    const pc = await store.createPairingCode('K7QXM2PD', '2026-03-01T11:02:00+01:00', 5);
    expect(pc.expiresAt).toBe(in2min);
    expect(await store.activePairingCodes(at(119))).toHaveLength(1);
    expect(await store.activePairingCodes(at(120))).toHaveLength(0);
  });

  it('is single use', async () => {
    const pc = await store.createPairingCode('K7QXM2PD', in2min, 5);
    expect(await store.consumePairingCode(pc.id, at(10))).toBe(true);
    expect(await store.consumePairingCode(pc.id, at(11))).toBe(false);
    expect(await store.activePairingCodes(at(12))).toEqual([]);
  });

  it('lets exactly one of two connections (the companion and `inlay pair`) consume a code', async () => {
    const pc = await store.createPairingCode('K7QXM2PD', in2min, 5);
    const other = openSqliteStore({ file: dir.file() }); // a second connection, as `inlay pair` would hold
    try {
      const results = await Promise.all([
        store.consumePairingCode(pc.id, at(1)),
        other.consumePairingCode(pc.id, at(1)),
        other.consumePairingCode(pc.id, at(2)),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('sees codes written by another process', async () => {
    const cli = openSqliteStore({ file: dir.file() });
    await cli.migrate();
    const pc = await cli.createPairingCode('ABCD1234', in2min, 3);
    await cli.close();
    expect((await store.activePairingCodes(at(0))).map((c) => c.id)).toEqual([pc.id]);
  });

  it('burns one try from every active code, and a code with no tries left is dead', async () => {
    const a = await store.createPairingCode('AAAA1111', in2min, 2);
    await store.createPairingCode('BBBB2222', in2min, 3);
    const used = await store.createPairingCode('CCCC3333', in2min, 3);
    const expired = await store.createPairingCode('DDDD4444', at(5), 3);
    await store.consumePairingCode(used.id, at(1));

    await store.burnPairingTry(at(10));
    const tries = async () =>
      Object.fromEntries((await store.activePairingCodes(at(10))).map((c) => [c.code, c.triesLeft]));
    expect(await tries()).toEqual({ AAAA1111: 1, BBBB2222: 2 });

    await store.burnPairingTry(at(11));
    expect(await tries()).toEqual({ BBBB2222: 1 });

    // Used and expired codes kept their tries: only active codes pay for a failed attempt.
    const raw = new Database(dir.file(), { readonly: true });
    const row = (id: string) => raw.prepare('select tries_left from pairing_codes where id = ?').get(id);
    expect(row(used.id)).toEqual({ tries_left: 3 });
    expect(row(expired.id)).toEqual({ tries_left: 3 });
    expect(row(a.id)).toEqual({ tries_left: 0 });
    raw.close();
  });
});
