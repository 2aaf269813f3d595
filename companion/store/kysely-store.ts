/**
 * The Store on any Kysely database: dialect-neutral. sqlite.ts gives it a
 * better-sqlite3 connection; a PostgreSQL backend would give it a pool.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { IdGen } from '../ids.js';
import type { DialectSpecifics } from './dialect.js';
import { eventsAfter, headSeq } from './event-log.js';
import {
  captureItem,
  countItems,
  getItem,
  itemsByKeys,
  lastResponder,
  listItems,
  recordReply,
  updateItem,
} from './items-repo.js';
import {
  countMembers,
  createClientKey,
  createMember,
  getClientKey,
  getMember,
  getMemberAccess,
  listKeyOrigins,
  listMembers,
  touchClientKey,
  updateMember,
} from './members-repo.js';
import { createTag, getTag, listTags, mergeTag, renameTag, resolveTags, updateTag } from './tags-repo.js';
import { runMigrations } from './migrate.js';
import { migrations } from './migrations/index.js';
import { activePairingCodes, burnPairingTry, consumePairingCode, createPairingCode } from './pairing-repo.js';
import { listProfiles, removeProfile, saveProfile } from './profiles-repo.js';
import { getRuleState, listRules, removeRule, saveRule, setRuleState } from './rules-repo.js';
import type { Database } from './schema.js';
import { listViews, removeView, saveView } from './views-repo.js';
import {
  getReplySettings,
  importSavedReplies,
  listSavedReplies,
  recentReplyUses,
  recordReplyUse,
  removeSavedReply,
  replyUsage,
  savedReplyOwner,
  saveReplySettings,
  saveSavedReply,
} from './saved-replies-repo.js';
import {
  getSweepSettings,
  getSweepState,
  listSweepLog,
  listSweepSuccesses,
  recordSweep,
  saveSweepSettings,
} from './sweeps-repo.js';
import { listLiveViews, recordLiveView } from './live-views-repo.js';
import type { Store } from './types.js';

export interface KyselyStoreDeps {
  clock: Clock;
  ids: IdGen;
  dialect: DialectSpecifics;
  /** Names the database in messages (a file path, a redacted URL). */
  where: string;
}

export function createKyselyStore(db: Kysely<Database>, deps: KyselyStoreDeps): Store {
  let companionId: string | null = null;
  return {
    migrate: () => runMigrations(db, migrations, deps),
    close: () => db.destroy(),

    async companionId() {
      if (companionId === null) {
        const row = await db.selectFrom('meta').select('value').where('key', '=', 'companion_id').executeTakeFirst();
        if (!row) throw new Error(`The database ${deps.where} has no companion id: run migrate() first.`);
        companionId = row.value;
      }
      return companionId;
    },
    headSeq: () => headSeq(db),

    captureItem: (opId, memberId, item) => captureItem(db, deps, opId, memberId, item),
    listRules: () => listRules(db),
    saveRule: (opId, memberId, rule) => saveRule(db, deps, opId, memberId, rule),
    removeRule: (opId, memberId, id) => removeRule(db, deps, opId, memberId, id),
    getRuleState: (key) => getRuleState(db, key),
    lastResponder: (item) => lastResponder(db, item),
    setRuleState: (key, value) => setRuleState(db, key, value),
    listViews: () => listViews(db),
    saveView: (opId, memberId, view) => saveView(db, deps, opId, memberId, view),
    removeView: (opId, memberId, id) => removeView(db, deps, opId, memberId, id),
    listSavedReplies: (memberId) => listSavedReplies(db, memberId),
    savedReplyOwner: (id) => savedReplyOwner(db, id),
    saveSavedReply: (opId, memberId, reply) => saveSavedReply(db, deps, opId, memberId, reply),
    removeSavedReply: (opId, memberId, id) => removeSavedReply(db, deps, opId, memberId, id),
    importSavedReplies: (opId, memberId, replies) => importSavedReplies(db, deps, opId, memberId, replies),
    recordReplyUse: (opId, memberId, use) => recordReplyUse(db, deps, opId, memberId, use),
    replyUsage: () => replyUsage(db),
    recentReplyUses: () => recentReplyUses(db, deps),
    getReplySettings: () => getReplySettings(db),
    saveReplySettings: (opId, memberId, settings) => saveReplySettings(db, deps, opId, memberId, settings),
    getSweepSettings: () => getSweepSettings(db),
    saveSweepSettings: (opId, memberId, update) => saveSweepSettings(db, deps, opId, memberId, update),
    getSweepState: () => getSweepState(db),
    recordSweep: (rec) => recordSweep(db, deps, rec),
    listSweepLog: (q) => listSweepLog(db, q),
    listSweepSuccesses: (q) => listSweepSuccesses(db, q),
    recordLiveView: (beat) => recordLiveView(db, beat),
    listLiveViews: (q) => listLiveViews(db, q),
    updateItem: (opId, memberId, key, patch, opts) => updateItem(db, deps, opId, memberId, key, patch, opts),
    recordReply: (opId, memberId, key, reply) => recordReply(db, deps, opId, memberId, key, reply),
    getItem: (key) => getItem(db, key),
    listItems: (opts) => listItems(db, opts),
    async eventsSince(sinceSeq, limit) {
      const events = await eventsAfter(db, sinceSeq, limit);
      const items = await itemsByKeys(
        db,
        events.flatMap((e) => (e.itemKey === null ? [] : [e.itemKey])),
      );
      return events.map((event) => ({
        event,
        item: event.itemKey === null ? null : (items.get(event.itemKey) ?? null),
      }));
    },
    countItems: () => countItems(db),

    createMember: (name, role) => createMember(db, deps, name, role),
    getMember: (id) => getMember(db, id),
    listMembers: () => listMembers(db),
    countMembers: () => countMembers(db),
    getMemberAccess: (id) => getMemberAccess(db, id),
    updateMember: (opId, actorId, id, patch) => updateMember(db, deps, opId, actorId, id, patch),
    createClientKey: (memberId, secret, origin) => createClientKey(db, deps, memberId, secret, origin),
    getClientKey: (id) => getClientKey(db, id),
    listKeyOrigins: () => listKeyOrigins(db),
    touchClientKey: (id, at) => touchClientKey(db, id, at),

    createPairingCode: (code, expiresAt, tries) => createPairingCode(db, deps, code, expiresAt, tries),
    activePairingCodes: (now) => activePairingCodes(db, now),
    consumePairingCode: (id, at) => consumePairingCode(db, id, at),
    burnPairingTry: (now) => burnPairingTry(db, now),

    listTags: () => listTags(db),
    getTag: (id) => getTag(db, id),
    resolveTags: (names) => resolveTags(db, names),
    createTag: (opId, memberId, tag) => createTag(db, deps, opId, memberId, tag),
    updateTag: (opId, memberId, id, patch) => updateTag(db, deps, opId, memberId, id, patch),
    renameTag: (opId, memberId, id, name) => renameTag(db, deps, opId, memberId, id, name),
    mergeTag: (opId, memberId, id, into) => mergeTag(db, deps, opId, memberId, id, into),

    listProfiles: () => listProfiles(db),
    saveProfile: (opId, memberId, p) => saveProfile(db, deps, opId, memberId, p),
    removeProfile: (opId, memberId, id) => removeProfile(db, deps, opId, memberId, id),
  };
}
