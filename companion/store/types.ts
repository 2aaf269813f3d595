/**
 * The store's small repository interface. Handlers talk only to this; the
 * SQLite implementation (sqlite.ts) is the embedded default and a PostgreSQL
 * one can follow behind the same interface (Kysely speaks both dialects).
 *
 * Every mutation takes the client's opId and is applied at most once: a
 * replayed opId returns the original outcome with `duplicate: true` and writes
 * nothing. A mutation resolves only after its transaction has committed.
 */
import type {
  CapturedItem,
  EventData,
  Item,
  ItemKey,
  ItemStatus,
  LogEvent,
  Member,
  Platform,
  Priority,
  Profile,
  Role,
} from '../../shared/model.js';

export interface Mutation<T> {
  value: T;
  /** seq of the event this op appended (or appended the first time, for a duplicate); 0 if it changed nothing. */
  seq: number;
  duplicate: boolean;
  /** Events appended by this call, in order, each with the item after it (empty for a duplicate). */
  events: { event: LogEvent; item: Item | null }[];
}

export interface ClientKey {
  id: string;
  memberId: string;
  /** base64url 256-bit secret. */
  secret: string;
  /** Firefox's moz-extension:// origin recorded at pairing; null for Chrome (fixed id) and CLI clients. */
  origin: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface PairingCode {
  id: string;
  /** The canonical code (normalisePairingCode), needed to verify the client's HMAC. */
  code: string;
  expiresAt: string;
  triesLeft: number;
  usedAt: string | null;
}

export interface ItemPatch {
  status?: ItemStatus;
  priority?: Priority;
  assigneeId?: string | null;
  addTags?: readonly string[];
  removeTags?: readonly string[];
}

/** Our reply as seen in an item's thread. */
export type ReplySeen = Extract<EventData, { type: 'item.replied' }>['reply'];

export interface Store {
  /** Apply pending migrations (each in its own transaction). Idempotent. */
  migrate(): Promise<{ applied: number[]; version: number }>;
  close(): Promise<void>;

  /** Stable id of this companion's database, created by the first migration. */
  companionId(): Promise<string>;
  headSeq(): Promise<number>;

  // Items and the event log
  captureItem(opId: string, memberId: string | null, item: CapturedItem): Promise<Mutation<Item>>;
  updateItem(opId: string, memberId: string | null, key: ItemKey, patch: ItemPatch): Promise<Mutation<Item> | null>;
  /** Our reply to `key` was seen; once per (item, reply id). Null when the item is unknown. */
  recordReply(opId: string, memberId: string | null, key: ItemKey, reply: ReplySeen): Promise<Mutation<Item> | null>;
  getItem(key: ItemKey): Promise<Item | null>;
  listItems(opts: { limit?: number; status?: ItemStatus }): Promise<Item[]>;
  /** Events with seq > sinceSeq in order, each with its item's current state; at most `limit`. */
  eventsSince(sinceSeq: number, limit: number): Promise<{ event: LogEvent; item: Item | null }[]>;
  countItems(): Promise<number>;

  // Members and keys
  createMember(name: string, role: Role): Promise<{ member: Member; seq: number }>;
  getMember(id: string): Promise<Member | null>;
  listMembers(): Promise<Member[]>;
  countMembers(): Promise<number>;
  createClientKey(memberId: string, secret: string, origin: string | null): Promise<ClientKey>;
  getClientKey(id: string): Promise<ClientKey | null>;
  /** Origins recorded for live (not revoked) keys. */
  listKeyOrigins(): Promise<string[]>;
  touchClientKey(id: string, at: string): Promise<void>;

  // Pairing codes (shared between the running companion and `inlay pair` in another process)
  createPairingCode(code: string, expiresAt: string, tries: number): Promise<PairingCode>;
  /** Codes that are unused, unexpired at `now` and have tries left. */
  activePairingCodes(now: string): Promise<PairingCode[]>;
  /** Marks a code used; false if it was already used (single use, race-safe). */
  consumePairingCode(id: string, at: string): Promise<boolean>;
  /** One failed try against every active code; codes reaching 0 are dead. */
  burnPairingTry(now: string): Promise<void>;

  // Profiles (our own accounts)
  listProfiles(): Promise<Profile[]>;
  saveProfile(
    opId: string,
    memberId: string | null,
    p: { platform: Platform; handle: string; displayName: string | null },
  ): Promise<Mutation<Profile>>;
  removeProfile(opId: string, memberId: string | null, id: string): Promise<Mutation<null>>;
}
