/**
 * Routes an authenticated request to its handler, after one permission check
 * (ACCESS below: every routed request type says what it needs). Handlers
 * return expected failures as values; the store's typed failures become
 * protocol errors here; anything else thrown is a bug and becomes INTERNAL
 * upstream.
 */
import { Platform, type Member } from '../../shared/model.js';
import {
  can,
  networkRefusal,
  refusalMessage,
  worksOn,
  type MemberAccess,
  type Permission,
} from '../../shared/permissions.js';
import type { ErrorCode, ProtocolError } from '../../shared/protocol/errors.js';
import type { Request, RequestPayload, RequestResult, RequestType } from '../../shared/protocol/frames.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { StoreError, type StoreErrorCode } from '../store/errors.js';
import type { Store } from '../store/types.js';
import type { Broadcaster, PushTarget } from './broadcast.js';
import { itemHandlers } from './handlers/items.js';
import { memberHandlers } from './handlers/members.js';
import { presenceHandlers } from './handlers/presence.js';
import { profileHandlers } from './handlers/profiles.js';
import { sessionHandlers } from './handlers/session.js';
import { siteHandlers } from './handlers/sites.js';
import { ruleHandlers } from './handlers/rules.js';
import type { RulesService } from './rules-service.js';
import { tagHandlers } from './handlers/tags.js';
import { viewHandlers } from './handlers/views.js';
import { savedReplyHandlers } from './handlers/saved-replies.js';
import { sweepHandlers } from './handlers/sweeps.js';
import type { SweepService } from '../sweeps/service.js';
import type { PresenceHub } from './presence.js';
import type { SelectorSource } from '../selectors-file.js';

export interface HandlerContext {
  store: Store;
  clock: Clock;
  broadcaster: Broadcaster;
  presence: PresenceHub;
  logger: Logger;
  selectors: SelectorSource;
  rules: RulesService;
  sweeps: SweepService;
}

/** The authenticated side of a connection. */
export interface Session {
  /** The connection's id (`conn_…`): a sweep job goes to one connection, not to all of a member's. */
  readonly connectionId: string;
  readonly member: Member;
  readonly keyId: string;
  readonly target: PushTarget;
}

/** A session as handlers see it: the member as stored right now, so a role change applies at once. */
export interface Caller extends Session {
  readonly member: MemberAccess;
}

export type Outcome<T extends RequestType> =
  | {
      ok: true;
      result: RequestResult<T>;
      /** Runs after the response was sent (broadcasts, releasing held pushes). */
      after?: () => void;
    }
  | { ok: false; error: ProtocolError };

export type Handler<T extends RequestType> = (
  payload: RequestPayload<T>,
  caller: Caller,
  ctx: HandlerContext,
) => Promise<Outcome<T>>;

/** Requests handled by the connection itself (the handshake). */
export type HandshakeType = 'hello' | 'pair' | 'auth';
export type RoutedType = Exclude<RequestType, HandshakeType>;
export type HandlerTable = { [T in RoutedType]: Handler<T> };

export const handlers: HandlerTable = {
  ...sessionHandlers,
  ...memberHandlers,
  ...itemHandlers,
  ...profileHandlers,
  ...siteHandlers,
  ...tagHandlers,
  ...presenceHandlers,
  ...ruleHandlers,
  ...viewHandlers,
  ...savedReplyHandlers,
  ...sweepHandlers,
};

/** A refusal in plain words, or null when the payload is fine for this member. */
type Check<T extends RoutedType> = (
  payload: RequestPayload<T>,
  member: MemberAccess,
  ctx: HandlerContext,
) => Promise<string | null> | string | null;

interface Access<T extends RoutedType> {
  /** The permission the request needs; null for reads (viewers too). */
  needs: Permission | null;
  /** What is refused, after "Only leads and admins can …". */
  action?: string;
  /** What to do instead, after a dash. */
  next?: string;
  /** Payload-aware checks, after `needs` passed. */
  check?: Check<T>;
}

const READ = { needs: null } as const;
const EDIT = { needs: 'items.edit' } as const;

/** Every routed request and what it needs. Viewers (no permissions) can only read. */
export const ACCESS: { [T in RoutedType]: Access<T> } = {
  heartbeat: READ,
  me: READ,
  subscribe: READ,
  'items.list': READ,
  'members.list': READ,
  'profiles.list': READ,
  'tags.list': READ,
  'selectors.get': READ,
  'health.report': READ,
  'presence.set': READ,
  'presence.list': READ,
  'item.capture': { ...EDIT, check: (p, m) => network(m, p.item.platform) },
  'item.update': { ...EDIT, check: checkItemUpdate },
  'item.reply': { ...EDIT, check: (p, m) => network(m, platformOf(p.key)) },
  'profile.save': { ...EDIT, check: (p, m) => network(m, p.platform) },
  'profile.remove': EDIT,
  'tag.create': { needs: 'tags.create', action: 'create new tags', next: 'pick one from the list' },
  'tag.update': { needs: 'tags.create', action: 'change, archive or unarchive tags' },
  'tag.rename': { needs: 'tags.create', action: 'rename tags' },
  'tag.merge': { needs: 'tags.create', action: 'merge tags' },
  'member.update': { needs: 'members.manage', action: "change members' roles and networks" },
  'rules.list': READ,
  'rules.export': READ,
  'rules.backtest': READ,
  'rule.save': { needs: 'rules.edit', action: 'change inbox rules' },
  'rule.delete': { needs: 'rules.edit', action: 'delete inbox rules' },
  'rules.import': { needs: 'rules.edit', action: 'import inbox rules' },
  // Shared views are team settings: the same people who edit inbox rules.
  'views.list': READ,
  'view.save': { needs: 'rules.edit', action: 'share views with the team', next: 'save it as a personal view' },
  'view.delete': { needs: 'rules.edit', action: 'delete shared views' },
  // Saved replies: everyone reads the library; a personal reply is any member's to write (items.edit),
  // a shared one and the team's settings need replies.editShared.
  'replies.list': READ,
  'reply.save': {
    ...EDIT,
    check: (p, m) =>
      p.reply.scope === 'shared'
        ? sharedReplies(m, 'change shared saved replies', 'ask one, or save it as a personal reply.')
        : null,
  },
  'reply.delete': { ...EDIT, check: checkReplyDelete },
  'replies.import': {
    ...EDIT,
    check: (p, m) =>
      p.replies.some((r) => r.scope === 'shared')
        ? sharedReplies(m, 'import shared saved replies', 'ask one, or import them as personal replies.')
        : null,
  },
  'reply.used': { ...EDIT, check: (p, m) => network(m, platformOf(p.itemKey)) ?? network(m, p.platform) },
  'replies.settings.set': {
    needs: 'replies.editShared',
    action: 'change the saved-reply settings',
    next: 'ask one.',
  },
  // Sweeps: running one is item work (its captures need items.edit anyway); the settings are
  // team settings (the same people who edit inbox rules); everyone may read the status and the
  // coverage.
  'sweeps.advertise': EDIT,
  'sweep.renew': EDIT,
  'sweep.report': EDIT,
  'sweeps.status': READ,
  'sweeps.coverage': READ,
  // A live view counts as coverage because that browser captures what the page shows: only a
  // member who captures on that platform (items.edit, the platform among their networks).
  'sweeps.viewed': { ...EDIT, check: (p, m) => network(m, p.platform) },
  'sweeps.settings.get': READ,
  'sweeps.settings.set': { needs: 'rules.edit', action: 'change sweep settings', next: 'ask one.' },
  'sweep.resume': { ...EDIT, check: (p, m) => sweepNetwork(m, p.targetId) },
};

/** Requests that write; viewers may not send them. */
export const MUTATIONS: ReadonlySet<RequestType> = new Set<RequestType>(
  (Object.keys(ACCESS) as RoutedType[]).filter((t) => ACCESS[t].needs !== null),
);

export function isRouted(type: RequestType): type is RoutedType {
  return type !== 'hello' && type !== 'pair' && type !== 'auth';
}

/** Null when the member may send this request; otherwise the refusal, in plain words. */
export async function authorise<T extends RoutedType>(
  type: T,
  payload: RequestPayload<T>,
  member: MemberAccess,
  ctx: HandlerContext,
): Promise<ProtocolError | null> {
  const access = ACCESS[type] as Access<T>;
  if (access.needs === null) return null;
  const forbidden = (message: string): ProtocolError => ({ code: 'FORBIDDEN', message });
  if (!can(member, 'items.edit')) return forbidden(refusalMessage('items.edit', 'change anything'));
  if (!can(member, access.needs)) {
    return forbidden(refusalMessage(access.needs, access.action ?? 'do this', access.next));
  }
  const why = access.check ? await access.check(payload, member, ctx) : null;
  return why === null ? null : forbidden(why);
}

export async function route(
  request: Extract<Request, { type: RoutedType }>,
  session: Session,
  ctx: HandlerContext,
): Promise<Outcome<RoutedType>> {
  const member = await ctx.store.getMemberAccess(session.member.id);
  if (!member) {
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'This browser is paired to a member who no longer exists: pair again.' },
    };
  }
  const type = request.type;
  const payload = request.payload as RequestPayload<RoutedType>;
  try {
    const refusal = await authorise(type, payload, member, ctx);
    if (refusal) return { ok: false, error: refusal };
    const handler = handlers[type] as Handler<RoutedType>;
    return await handler(payload, { ...session, member }, ctx);
  } catch (err) {
    const code = err instanceof StoreError ? STORE_ERRORS[err.code] : null;
    if (code) return { ok: false, error: { code, message: (err as StoreError).message.slice(0, 1000) } };
    throw err;
  }
}

/** How the store's typed failures reach the wire (their messages are written for people). */
const STORE_ERRORS: Record<StoreErrorCode, ErrorCode | null> = {
  OP_ID_REUSED: 'CONFLICT',
  UNKNOWN_MEMBER: 'NOT_FOUND',
  UNKNOWN_TAG: 'NOT_FOUND',
  TAG_NAME_TAKEN: 'CONFLICT',
  TAG_MERGE_SELF: 'CONFLICT',
  TAG_ARCHIVED: 'CONFLICT',
  TAG_FORBIDDEN: 'FORBIDDEN',
  LAST_ADMIN: 'CONFLICT',
  CORRUPT_ROW: null,
};

function platformOf(key: string): Platform {
  return key.slice(0, key.indexOf(':')) as Platform;
}

function network(member: MemberAccess, platform: Platform): string | null {
  return worksOn(member, platform) ? null : networkRefusal(member, platform);
}

/** A sweep target (`platform:profile:kind`) of another network is not the member's to resume; an unknown one is NOT_FOUND later. */
function sweepNetwork(member: MemberAccess, targetId: string): string | null {
  const platform = Platform.safeParse(platformOf(targetId));
  return platform.success ? network(member, platform.data) : null;
}

/** A refusal unless the member may change the team's shared saved replies. */
function sharedReplies(member: MemberAccess, action: string, next: string): string | null {
  return can(member, 'replies.editShared') ? null : refusalMessage('replies.editShared', action, next);
}

/**
 * reply.delete: a shared reply needs replies.editShared. A teammate's personal
 * reply passes here and is not found by the store (it is invisible to others).
 */
async function checkReplyDelete(
  p: RequestPayload<'reply.delete'>,
  member: MemberAccess,
  ctx: HandlerContext,
): Promise<string | null> {
  const owner = await ctx.store.savedReplyOwner(p.id);
  return owner?.scope === 'shared' ? sharedReplies(member, 'delete shared saved replies', 'ask one to.') : null;
}

/**
 * item.update: the item's platform must be one of the member's networks; an
 * assignment that is not "to me, from nobody or from me" needs
 * items.assignOthers; a tag name no tag ever had needs tags.create.
 */
async function checkItemUpdate(
  p: RequestPayload<'item.update'>,
  member: MemberAccess,
  ctx: HandlerContext,
): Promise<string | null> {
  const outside = network(member, platformOf(p.key));
  if (outside) return outside;
  if (p.assigneeId !== undefined && !can(member, 'items.assignOthers')) {
    if (p.assigneeId !== null && p.assigneeId !== member.id) {
      return refusalMessage(
        'items.assignOthers',
        'assign items to someone else',
        'assign it to yourself, or ask a lead',
      );
    }
    const current = (await ctx.store.getItem(p.key))?.assigneeId ?? null;
    if (current !== null && current !== member.id && current !== p.assigneeId) {
      const who = (await ctx.store.getMember(current))?.name ?? 'a teammate';
      return refusalMessage('items.assignOthers', 'reassign items', `this one is assigned to ${who}`);
    }
  }
  if ((p.addTags?.length ?? 0) > 0 && !can(member, 'tags.create')) {
    const names = p.addTags ?? [];
    const tags = await ctx.store.resolveTags(names);
    const unknown = names.filter((_, i) => tags[i] === null);
    if (unknown.length > 0) {
      return `${refusalMessage('tags.create', 'create new tags', 'pick one from the list')} (${unknown
        .map((n) => `"${n}"`)
        .join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in it).`;
    }
  }
  return null;
}
