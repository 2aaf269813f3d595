/**
 * Rows ↔ domain objects. Everything read back is parsed with zod: the
 * database is an edge (another process, an older version or a damaged file
 * may have written it).
 */
import { z } from 'zod';
import { EventData, IsoTime, Item, LogEvent, Member, Platform, Profile, Tag } from '../../shared/model.js';
import { StoreError } from './errors.js';
import { normaliseAuthor } from './projection.js';
import type { ClientKey, PairingCode } from './types.js';
import type {
  ClientKeyRow,
  EventRow,
  ItemRow,
  MemberRow,
  NewItemRow,
  PairingCodeRow,
  ProfileRow,
  TagRow,
} from './schema.js';

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new StoreError('CORRUPT_ROW', `The database holds an invalid ${where}: ${z.prettifyError(r.error)}`);
  }
  return r.data;
}

function parseJson<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StoreError('CORRUPT_ROW', `The database holds invalid JSON in ${where}.`);
  }
  return parse(schema, raw, where);
}

/**
 * A JSON column read leniently, for rows a person or a newer Inlay may have
 * written (rules, views, saved replies, settings): the value, or why it cannot
 * be read, so the caller skips and reports the row instead of failing.
 */
export function readJsonColumn<S extends z.ZodType>(
  schema: S,
  text: string,
): { ok: true; value: z.output<S> } | { ok: false; why: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, why: 'not valid JSON' };
  }
  const r = schema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, why: r.error.issues[0]?.message ?? 'invalid' };
}

const Tags = Item.shape.tags;
const SuggestedReplies = Item.shape.suggestedReplies;

export function itemFromRow(row: ItemRow): Item {
  const where = `item ${row.key}`;
  return parse(
    Item,
    {
      key: row.key,
      platform: row.platform,
      nativeId: row.native_id,
      kind: row.kind,
      profile: row.profile,
      author: normaliseAuthor({
        handle: row.author_handle,
        name: row.author_name,
        url: row.author_url,
        ...(row.author_verified === null ? {} : { verified: row.author_verified === 1 }),
        followers: row.author_followers,
      }),
      text: row.text,
      permalink: row.permalink,
      siteTimestamp: row.site_timestamp,
      parentId: row.parent_id,
      threadId: row.thread_id,
      lang: row.lang,
      capturedAt: row.captured_at,
      capturedBy: row.captured_by,
      status: row.status,
      priority: row.priority,
      tags: parseJson(Tags, row.tags, `${where} tags`),
      assigneeId: row.assignee_id,
      repliedAt: row.replied_at,
      snoozedUntil: row.snoozed_until ?? null,
      suggestedReplies: parseJson(SuggestedReplies, row.suggested_replies ?? '[]', `${where} suggested replies`),
      ...(row.gone_at ? { goneAt: row.gone_at } : {}),
      updatedAt: row.updated_at,
      seq: row.seq,
    },
    where,
  );
}

export function itemToRow(item: Item, capturedSeq: number): NewItemRow {
  return {
    key: item.key,
    platform: item.platform,
    native_id: item.nativeId,
    kind: item.kind,
    profile: item.profile,
    author_handle: item.author.handle,
    author_name: item.author.name,
    author_url: item.author.url,
    author_verified: item.author.verified === undefined ? null : item.author.verified ? 1 : 0,
    author_followers: item.author.followers ?? null,
    text: item.text,
    permalink: item.permalink,
    site_timestamp: item.siteTimestamp,
    parent_id: item.parentId,
    thread_id: item.threadId,
    lang: item.lang ?? null,
    captured_at: item.capturedAt,
    captured_by: item.capturedBy,
    captured_seq: capturedSeq,
    status: item.status,
    priority: item.priority,
    tags: JSON.stringify(item.tags),
    assignee_id: item.assigneeId,
    replied_at: item.repliedAt,
    snoozed_until: item.snoozedUntil,
    suggested_replies: JSON.stringify(item.suggestedReplies),
    gone_at: item.goneAt ?? null,
    updated_at: item.updatedAt,
    seq: item.seq,
  };
}

export function eventFromRow(row: EventRow): LogEvent {
  const where = `event ${row.seq}`;
  const data = parseJson(EventData, row.data, `${where} data`);
  if (data.type !== row.type) {
    throw new StoreError(
      'CORRUPT_ROW',
      `The database holds event ${row.seq} typed ${row.type} with ${data.type} data.`,
    );
  }
  return parse(
    LogEvent,
    { seq: row.seq, id: row.id, opId: row.op_id, at: row.at, memberId: row.member_id, itemKey: row.item_key, data },
    where,
  );
}

export function memberFromRow(row: MemberRow): Member {
  return parse(Member, { id: row.id, name: row.name, role: row.role, createdAt: row.created_at }, `member ${row.id}`);
}

const Networks = z.array(Platform);

export function networksFromRow(row: Pick<MemberRow, 'id' | 'networks'>): Platform[] {
  return parseJson(Networks, row.networks, `member ${row.id} networks`);
}

export function tagFromRow(row: TagRow): Tag {
  return parse(
    Tag,
    {
      id: row.id,
      name: row.name,
      color: row.color,
      description: row.description,
      archived: row.archived_at !== null,
    },
    `tag ${row.id}`,
  );
}

export function profileFromRow(row: ProfileRow): Profile {
  return parse(
    Profile,
    { id: row.id, platform: row.platform, handle: row.handle, displayName: row.display_name },
    `profile ${row.id}`,
  );
}

const ClientKeySchema = z.object({
  id: z.string(),
  memberId: z.string(),
  secret: z.string().min(1),
  origin: z.string().nullable(),
  createdAt: IsoTime,
  revokedAt: IsoTime.nullable(),
}) satisfies z.ZodType<ClientKey>;

export function clientKeyFromRow(row: ClientKeyRow): ClientKey {
  return parse(
    ClientKeySchema,
    {
      id: row.id,
      memberId: row.member_id,
      secret: row.secret,
      origin: row.origin,
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
    },
    `client key ${row.id}`,
  );
}

const PairingCodeSchema = z.object({
  id: z.string(),
  code: z.string().min(1),
  expiresAt: IsoTime,
  triesLeft: z.number().int(),
  usedAt: IsoTime.nullable(),
}) satisfies z.ZodType<PairingCode>;

export function pairingCodeFromRow(row: PairingCodeRow): PairingCode {
  return parse(
    PairingCodeSchema,
    { id: row.id, code: row.code, expiresAt: row.expires_at, triesLeft: row.tries_left, usedAt: row.used_at },
    `pairing code ${row.id}`,
  );
}

/** Timestamps are stored as UTC ISO text so they compare correctly as strings. */
export function utcIso(value: string): string {
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw new TypeError(`Not a timestamp: ${value}`);
  return t.toISOString();
}
