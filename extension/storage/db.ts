/**
 * The extension's IndexedDB database `inlay`, opened with idb.
 *
 * Upgrades are numbered: each entry of UPGRADES moves the schema from
 * version i to i + 1 and runs once, in order, inside the versionchange
 * transaction. Never edit a shipped upgrade; append a new one.
 *
 *   outbox  autoincrement `id` → OutboxEntry   every mutation, before it is sent
 *   items   keyPath `key`      → Item          cached projection for offline reading
 *   meta    out-of-line keys   → lastSeq, companionId
 *   replies out-of-line keys   → 'library': the saved-reply library (StoredReplyLibrary), for offline pickers
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Item } from '../../shared/model';
import type { RequestPayload } from '../../shared/protocol';
import type { ReplyLibrary } from '../messaging/messages';

export const DB_NAME = 'inlay';

/** The mutations that go through the outbox, and their payloads without `opId`. */
export type OutboxOp =
  | { type: 'item.capture'; payload: Omit<RequestPayload<'item.capture'>, 'opId'> }
  | { type: 'item.update'; payload: Omit<RequestPayload<'item.update'>, 'opId'> }
  | { type: 'item.reply'; payload: Omit<RequestPayload<'item.reply'>, 'opId'> }
  | { type: 'profile.save'; payload: Omit<RequestPayload<'profile.save'>, 'opId'> }
  | { type: 'profile.remove'; payload: Omit<RequestPayload<'profile.remove'>, 'opId'> }
  | { type: 'reply.used'; payload: Omit<RequestPayload<'reply.used'>, 'opId'> };
export type OutboxOpType = OutboxOp['type'];

export type OutboxEntry = OutboxOp & {
  /** Autoincrement key: the replay order. Absent only before the first write. */
  id?: number;
  opId: string;
  /** ms since epoch. */
  createdAt: number;
  attempts: number;
};

export interface MetaValues {
  lastSeq: number;
  companionId: string | null;
}

/**
 * The saved-reply library as last fetched (replies.list) with the uses seen since, and
 * `counted`: this browser's own uses already in `library` whose companion event has not
 * been seen yet (so that event is not counted a second time). Read back through the
 * ReplyLibrary schema: storage is an edge.
 */
export interface StoredReplyLibrary {
  library: ReplyLibrary;
  counted: Array<{ opId: string; at: string }>;
}

export interface InlayDbSchema extends DBSchema {
  outbox: { key: number; value: OutboxEntry };
  items: { key: string; value: Item; indexes: { capturedAt: string } };
  meta: { key: keyof MetaValues; value: MetaValues[keyof MetaValues] };
  replies: { key: 'library'; value: StoredReplyLibrary };
}

export type InlayDb = IDBPDatabase<InlayDbSchema>;
type UpgradeTx = IDBPTransaction<InlayDbSchema, ArrayLike<StoreNames<InlayDbSchema>>, 'versionchange'>;

/** Upgrade i takes the database from version i to i + 1. */
const UPGRADES: ReadonlyArray<(db: InlayDb, tx: UpgradeTx) => void> = [
  // 0 → 1: the outbox, the items cache and meta.
  (db) => {
    db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
    const items = db.createObjectStore('items', { keyPath: 'key' });
    items.createIndex('capturedAt', 'capturedAt');
    db.createObjectStore('meta');
  },
  // 1 → 2: the saved-reply library, so pickers and shortcuts work offline and after a restart.
  (db) => {
    db.createObjectStore('replies');
  },
];

export const DB_VERSION = UPGRADES.length;

export async function openInlayDb(name = DB_NAME): Promise<InlayDb> {
  const db: InlayDb = await openDB<InlayDbSchema>(name, DB_VERSION, {
    upgrade(upgrading, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < DB_VERSION; v++) UPGRADES[v]?.(upgrading, tx);
    },
    blocking() {
      // A newer version (an updated extension) wants to upgrade: step aside.
      db.close();
    },
  });
  return db;
}
