/**
 * The store's write path as the server drives it (one client op per capture,
 * each its own committed transaction: append event, write projection, record
 * op) against the floor: a raw better-sqlite3 prepared insert of the same
 * event and item rows, all in one transaction. Both on a fresh file in WAL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemKey } from '../shared/model.js';
import type { CapturedItem } from '../shared/model.js';
import { systemClock } from '../companion/clock.js';
import { randomIds } from '../companion/ids.js';
import { newItem, normaliseCaptured } from '../companion/store/projection.js';
import { itemToRow } from '../companion/store/rows.js';
import { openSqliteStore } from '../companion/store/sqlite.js';
import type { SqliteSynchronous } from '../companion/store/sqlite.js';
import { openSqliteFile } from '../companion/store/sqlite-dialect.js';
import { result } from './types.js';
import type { BenchResult } from './types.js';

const ITEMS = 5_000;
const WARMUP = 200;

function captured(n: number): CapturedItem {
  const id = `19${String(n).padStart(17, '0')}`;
  return {
    platform: 'x',
    nativeId: id,
    kind: 'reply',
    profile: 'acme',
    author: { handle: `user${n}`, name: `User ${n}`, url: `https://x.com/user${n}`, verified: false, followers: n },
    text: `Reply ${n}: my parcel was due on Monday and the tracking page has not moved since. Can someone look?`,
    permalink: `https://x.com/user${n}/status/${id}`,
    siteTimestamp: '2026-01-01T00:00:00.000Z',
    parentId: '1899999999999999999',
    threadId: '1899999999999999999',
    lang: 'en',
  };
}

async function storeCaptures(file: string, synchronous: SqliteSynchronous): Promise<number> {
  const store = openSqliteStore({ file, synchronous });
  await store.migrate();
  for (let i = 0; i < WARMUP; i++)
    await store.captureItem(`warm_${String(i).padStart(6, '0')}`, null, captured(-i - 1));
  const t0 = performance.now();
  for (let i = 0; i < ITEMS; i++) await store.captureItem(`op_${String(i).padStart(8, '0')}`, null, captured(i));
  const seconds = (performance.now() - t0) / 1000;
  if ((await store.countItems()) !== ITEMS + WARMUP) throw new Error('store bench lost items');
  await store.close();
  return ITEMS / seconds;
}

/** The same rows through one prepared statement per table, in a single transaction. */
async function rawBatchedInserts(file: string): Promise<number> {
  const schema = openSqliteStore({ file });
  await schema.migrate();
  await schema.close();
  const db = openSqliteFile(file, 'FULL');
  const insertEvent = db.prepare(
    'insert into events (id, op_id, at, member_id, item_key, type, data) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const row0 = itemToRow(newItem(captured(0), '', null, 0), 0);
  const cols = Object.keys(row0);
  const insertItem = db.prepare(`insert into items (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`);
  const insertAll = db.transaction((from: number, count: number) => {
    for (let i = from; i < from + count; i++) {
      const c = captured(i);
      const at = systemClock.now().toISOString();
      const key = itemKey(c.platform, c.nativeId);
      const data = JSON.stringify({ type: 'item.captured', item: normaliseCaptured(c) });
      const { lastInsertRowid } = insertEvent.run(randomIds.id('evt'), `op_${i}`, at, null, key, 'item.captured', data);
      const seq = Number(lastInsertRowid);
      const row = itemToRow(newItem(c, at, null, seq), seq);
      insertItem.run(cols.map((k) => row[k as keyof typeof row]));
    }
  });
  insertAll(-WARMUP - 1_000_000, WARMUP);
  const t0 = performance.now();
  insertAll(0, ITEMS);
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return ITEMS / seconds;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'inlay-bench-store-'));
  try {
    const baseline = await rawBatchedInserts(join(dir, 'raw.db'));
    const full = await storeCaptures(join(dir, 'full.db'), 'FULL');
    const normal = await storeCaptures(join(dir, 'normal.db'), 'NORMAL');
    const baselineName = `raw better-sqlite3, ${ITEMS} rows in one transaction`;
    return [
      result('store.capture (1 op/tx, synchronous=FULL)', 'items/s', full, baselineName, baseline),
      result('store.capture (1 op/tx, synchronous=NORMAL)', 'items/s', normal, baselineName, baseline),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
