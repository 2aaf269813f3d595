/**
 * Requests from content scripts and extension pages (runtime.sendMessage):
 * parsed with the BgRequest schema, checked against who sent them, handed to
 * a handler, answered with a BgReply. Content scripts run in hostile pages,
 * so they may only capture, read and navigate; pairing, settings and profile
 * changes come only from our own pages.
 */
import { i18n } from '#i18n';
import type { CapturedItem, Item, ItemKey, ItemStatus, Platform, Priority } from '../../shared/model';
import type { PresenceState } from '../../shared/protocol';
import type { SavedReplyId } from '../../shared/replies/saved-reply';
import type { LiveViewBeat } from '../../shared/sweeps';
import {
  BgRequest,
  type BgReply,
  type ExtensionState,
  type PageHealth,
  type PageCompanionRequest,
  type PolicyCategory,
  type ReplyLibrary,
  type ReplySeen,
  type SweepPageResult,
  type SweepTabInfo,
} from '../messaging/messages';

/** The part of runtime.MessageSender the router looks at. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number; windowId?: number };
  frameId?: number;
}

/** Who said a presence state: a tab's frame, or one of our pages. */
export function presenceSource(sender: Sender): string {
  return sender.tab?.id !== undefined ? `tab:${sender.tab.id}:${sender.frameId ?? 0}` : `page:${sender.url ?? ''}`;
}

export interface BgHandlers {
  state(): ExtensionState | Promise<ExtensionState>;
  capture(item: CapturedItem): Promise<BgReply<{ item: Item }>>;
  update(change: {
    key: ItemKey;
    status?: ItemStatus;
    priority?: Priority;
    assigneeId?: string | null;
    addTags?: string[];
    removeTags?: string[];
  }): Promise<BgReply<{ item: Item | null }>>;
  reply(key: ItemKey, reply: ReplySeen): Promise<BgReply>;
  /** The saved-reply library, from the cache (never waits long on the network). */
  replyLibrary(): Promise<ReplyLibrary>;
  /** Saved replies were inserted into a reply to `key`: queued as a `reply.used` outbox op. */
  replyUsed(use: { key: ItemKey; platform: Platform; replyIds: SavedReplyId[]; at: string }): Promise<BgReply>;
  /** A content script's page health, remembered for its tab and reported to the companion. */
  health(report: PageHealth, sender: Sender): Promise<void>;
  /** The health of the tab the user is looking at, if its content script reported. */
  healthOfActiveTab(): Promise<PageHealth | null>;
  /** A companion request from one of our pages (never a content script). */
  companion(request: PageCompanionRequest, payload: Record<string, unknown>): Promise<BgReply<{ result: unknown }>>;
  itemsGet(keys: ItemKey[]): Promise<Item[]>;
  itemsList(): Promise<Item[]>;
  pair(code: string, memberName: string, port: number): Promise<BgReply<{ state: ExtensionState }>>;
  unpair(): Promise<BgReply>;
  setPort(port: number): Promise<BgReply>;
  setSite(platform: Platform, enabled: boolean): Promise<void>;
  setPolicy(platform: Platform, category: PolicyCategory, enabled: boolean): Promise<void>;
  saveProfile(platform: Platform, handle: string): Promise<BgReply>;
  removeProfile(id: string): Promise<BgReply>;
  open(url: string, sender: Sender, key?: ItemKey): Promise<void>;
  openSidePanel(sender: Sender): Promise<void>;
  /** What the user does on an item on the sender's page (relayed as presence; never queued). */
  presence(itemKey: ItemKey, state: PresenceState, sender: Sender): void | Promise<void>;
  /** This browser's sweep switch (Options): off advertises busy. */
  setSweepsEnabled(enabled: boolean): Promise<void>;
  /** A content script saw the user signed in (ignored from a sweep tab). */
  signedIn(platform: Platform, handle: string, sender: Sender): Promise<void>;
  /** A content script has our profile's list page in view (ignored from a sweep tab; throttled; dropped offline). */
  liveView(beat: LiveViewBeat, sender: Sender): Promise<void>;
  /** Is the sender's tab the sweep tab? What it is to read, or null. */
  sweepTab(sender: Sender): Promise<SweepTabInfo | null>;
  /** The sweep tab's reading of its page (ignored from any other tab). */
  sweepPage(result: SweepPageResult, sender: Sender): Promise<void>;
}

/** What a content script (a page context) may ask for. */
const CONTENT_SCRIPT_ALLOWED: ReadonlySet<BgRequest['type']> = new Set([
  'state.get',
  'capture',
  'item.update',
  'item.reply',
  // the saved-reply picker and the shortcuts run in the page's content script
  'replies.get',
  'reply.used',
  'health',
  'items.get',
  'items.list',
  'open',
  'sidepanel.open',
  'presence.set',
  // sweeps: a page says who is signed in and which of our list pages is in view; a sweep tab asks what to read and says what it read
  'signed-in',
  'live-view',
  'sweep.tab',
  'sweep.page',
]);

export interface RouterOptions {
  /** runtime.id */
  extensionId: string;
  /** runtime.getURL('') — e.g. chrome-extension://<id>/ */
  extensionBaseUrl: string;
  log?: (m: string) => void;
}

export type Router = (message: unknown, sender: Sender) => Promise<BgReply<object>>;

export function createRouter(h: BgHandlers, options: RouterOptions): Router {
  const log = options.log ?? (() => {});
  return async (message, sender) => {
    if (sender.id !== options.extensionId) return { ok: false, error: i18n.t('errorNotAllowed') };
    const parsed = BgRequest.safeParse(message);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'type';
      log(`router: refused a malformed request (${where})`);
      return { ok: false, error: i18n.t('errorInvalidRequest', [where]) };
    }
    const req = parsed.data;
    const fromOurPage = typeof sender.url === 'string' && sender.url.startsWith(options.extensionBaseUrl);
    if (!fromOurPage && !CONTENT_SCRIPT_ALLOWED.has(req.type)) {
      log(`router: refused ${req.type} from ${sender.url ?? 'an unknown sender'}`);
      return { ok: false, error: i18n.t('errorNotAllowed') };
    }
    try {
      switch (req.type) {
        case 'state.get':
          return { ok: true, state: await h.state() };
        case 'capture':
          return await h.capture(req.item);
        case 'item.update': {
          const { type: _type, ...change } = req;
          return await h.update(change);
        }
        case 'item.reply':
          return await h.reply(req.key, req.reply);
        case 'replies.get':
          return { ok: true, library: await h.replyLibrary() };
        case 'reply.used': {
          const { type: _type, ...use } = req;
          return await h.replyUsed(use);
        }
        case 'health':
          await h.health(req.report, sender);
          return { ok: true };
        case 'companion':
          return await h.companion(req.request, req.payload);
        case 'health.get':
          return { ok: true, health: await h.healthOfActiveTab() };
        case 'items.get':
          return { ok: true, items: await h.itemsGet(req.keys) };
        case 'items.list':
          return { ok: true, items: await h.itemsList() };
        case 'pair':
          return await h.pair(req.code, req.memberName, req.port);
        case 'unpair':
          return await h.unpair();
        case 'port.set':
          return await h.setPort(req.port);
        case 'sites.set':
          await h.setSite(req.platform, req.enabled);
          return { ok: true };
        case 'policy.set':
          await h.setPolicy(req.platform, req.category, req.enabled);
          return { ok: true };
        case 'profile.save':
          return await h.saveProfile(req.platform, req.handle);
        case 'profile.remove':
          return await h.removeProfile(req.id);
        case 'open':
          await h.open(req.url, sender, req.key);
          return { ok: true };
        case 'sidepanel.open':
          try {
            await h.openSidePanel(sender);
            return { ok: true };
          } catch (err) {
            return { ok: false, error: i18n.t('errorSidePanel', [errorText(err)]) };
          }
        case 'presence.set':
          await h.presence(req.itemKey, req.state, sender);
          return { ok: true };
        case 'sweeps.enable':
          await h.setSweepsEnabled(req.enabled);
          return { ok: true };
        case 'signed-in':
          await h.signedIn(req.platform, req.handle, sender);
          return { ok: true };
        case 'live-view':
          await h.liveView(req.beat, sender);
          return { ok: true };
        case 'sweep.tab':
          return { ok: true, sweep: await h.sweepTab(sender) };
        case 'sweep.page':
          await h.sweepPage(req.result, sender);
          return { ok: true };
        default:
          return assertNever(req);
      }
    } catch (err) {
      log(`router: ${req.type} failed: ${errorText(err)}`);
      return { ok: false, error: i18n.t('errorInternal', [errorText(err)]) };
    }
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function assertNever(x: never): never {
  throw new Error(`unhandled request ${JSON.stringify(x)}`);
}
