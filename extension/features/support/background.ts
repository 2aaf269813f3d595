/**
 * The content script's side of the messaging contract
 * (extension/messaging/messages.ts): requests with runtime.sendMessage, every
 * reply parsed with zod, and the live port with reconnects. Failures come
 * back as values with a reason; the features turn reasons into plain words.
 */
import browser from 'webextension-polyfill';
import { z } from 'zod';
import { Item, type CapturedItem, type ItemKey } from '../../../shared/model';
import type { PresenceState } from '../../../shared/protocol';
import type { LiveViewBeat } from '../../../shared/sweeps';
import {
  BgPush,
  ExtensionState,
  PORT_NAMES,
  ReplyLibrary,
  SweepTabInfo,
  TabMessage,
  type BgRequest,
  type SweepPageResult,
  type PageHealth,
  type ReplySeen,
} from '../../messaging/messages';

export type FailureReason =
  /** Nothing answered (background not running yet, or no listener for this request). */
  | 'no-answer'
  /** The extension was reloaded or updated: this content script is orphaned until the page reloads. */
  | 'reloaded'
  /** The background answered `{ ok: false, error }`. */
  | 'refused'
  /** The background answered something we cannot read. */
  | 'invalid';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: FailureReason; detail: string };

const Failure = z.object({ ok: z.literal(false), error: z.string().max(1000) });
const StateReply = z.object({ ok: z.literal(true), state: ExtensionState });
const CaptureReply = z.object({ ok: z.literal(true), item: Item.optional() });
const ItemsReply = z.object({ ok: z.literal(true), items: z.array(Item) });
const UpdateReply = z.object({ ok: z.literal(true), item: Item.nullable().optional() });
const OkReply = z.object({ ok: z.literal(true) });
const LibraryReply = z.object({ ok: z.literal(true), library: ReplyLibrary });
const SweepTabReply = z.object({ ok: z.literal(true), sweep: SweepTabInfo.nullable() });

/** A change to an item from the overlay (see BgRequest 'item.update'). */
export type ItemChange = Omit<Extract<BgRequest, { type: 'item.update' }>, 'type'>;

/** Saved replies went into a reply to `key` (see BgRequest 'reply.used'). */
export type ReplyUsed = Omit<Extract<BgRequest, { type: 'reply.used' }>, 'type'>;

export interface BackgroundClient {
  state(timeoutMs?: number): Promise<Outcome<ExtensionState>>;
  capture(item: CapturedItem): Promise<Outcome<Item | null>>;
  itemsGet(keys: ItemKey[]): Promise<Outcome<Item[]>>;
  /** Every item the extension knows (for tag suggestions). */
  itemsList(): Promise<Outcome<Item[]>>;
  update(change: ItemChange): Promise<Outcome<Item | null>>;
  reply(key: ItemKey, reply: ReplySeen): Promise<Outcome<true>>;
  health(report: PageHealth): Promise<Outcome<true>>;
  /** The saved-reply library as the background caches it (works offline; empty before the first connect). */
  replies(): Promise<Outcome<ReplyLibrary>>;
  /** Saved replies were inserted (or put on the clipboard) for an item: a usage event, queued in the outbox. */
  replyUsed(use: ReplyUsed): Promise<Outcome<true>>;
  /** What the user does on an item here (relayed to the team as presence; never queued). */
  presence(itemKey: ItemKey, state: PresenceState): Promise<Outcome<true>>;
  /** Is this tab a sweep tab (docs/sweeps.md)? What to read, or null. Optional: absent means never. */
  sweepTab?(): Promise<Outcome<SweepTabInfo | null>>;
  /** The user is signed in as `handle` here (a page a person opened; never sent from a sweep tab). */
  signedIn?(platform: SweepTabInfo['platform'], handle: string): Promise<Outcome<true>>;
  /**
   * Live view (coverage): our profile's notifications or inbox list is in view here (a page a
   * person opened; never sent from a sweep tab). Optional: absent means never.
   */
  liveView?(beat: LiveViewBeat): Promise<Outcome<true>>;
  /** A sweep tab read its page. */
  sweepPage?(result: SweepPageResult): Promise<Outcome<true>>;
  /** Keep a live port open (reconnecting) until `signal` aborts. */
  live(onPush: (push: BgPush) => void, signal: AbortSignal): void;
  /** Messages the background sends this tab (parsed; anything else is ignored), until `signal` aborts. */
  onTabMessage(cb: (message: TabMessage) => void, signal: AbortSignal): void;
}

/** The transport, injectable for tests. */
export interface Runtime {
  sendMessage(message: unknown): Promise<unknown>;
  connect(info: { name: string }): LivePort;
  onMessage?: {
    addListener(cb: (message: unknown, sender: { id?: string }) => void): void;
    removeListener(cb: (message: unknown, sender: { id?: string }) => void): void;
  };
  /** Undefined once the extension context is gone. */
  readonly id: string | undefined;
}

export interface LivePort {
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
  disconnect(): void;
}

function isReloaded(err: unknown): boolean {
  return /context invalidated|Extension context/i.test(err instanceof Error ? err.message : String(err));
}

export function createBackgroundClient(runtime: Runtime = defaultRuntime(), timeoutMs = 10_000): BackgroundClient {
  async function ask<T>(req: BgRequest, ok: z.ZodType<T>, wait = timeoutMs): Promise<Outcome<T>> {
    if (!runtime.id) return { ok: false, reason: 'reloaded', detail: 'extension context is gone' };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), wait);
    });
    let reply: unknown;
    try {
      reply = await Promise.race([runtime.sendMessage(req), timeout]);
    } catch (err) {
      return isReloaded(err)
        ? { ok: false, reason: 'reloaded', detail: String(err) }
        : { ok: false, reason: 'no-answer', detail: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
    if (reply === 'timeout' || reply === undefined || reply === null) {
      return { ok: false, reason: 'no-answer', detail: reply === 'timeout' ? `no reply in ${wait} ms` : 'empty reply' };
    }
    const good = ok.safeParse(reply);
    if (good.success) return { ok: true, value: good.data };
    const bad = Failure.safeParse(reply);
    if (bad.success) return { ok: false, reason: 'refused', detail: bad.data.error };
    return { ok: false, reason: 'invalid', detail: good.error.issues[0]?.message ?? 'unreadable reply' };
  }

  return {
    state: (wait) =>
      ask(
        { type: 'state.get' },
        StateReply.transform((r) => r.state),
        wait,
      ),
    capture: (item) =>
      ask(
        { type: 'capture', item },
        CaptureReply.transform((r) => r.item ?? null),
      ),
    itemsGet: (keys) =>
      ask(
        { type: 'items.get', keys: keys.slice(0, 2000) },
        ItemsReply.transform((r) => r.items),
      ),
    itemsList: () =>
      ask(
        { type: 'items.list' },
        ItemsReply.transform((r) => r.items),
      ),
    update: (change) =>
      ask(
        { type: 'item.update', ...change },
        UpdateReply.transform((r) => r.item ?? null),
      ),
    reply: (key, reply) =>
      ask(
        { type: 'item.reply', key, reply },
        OkReply.transform(() => true as const),
      ),
    health: (report) =>
      ask(
        { type: 'health', report },
        OkReply.transform(() => true as const),
      ),
    replies: () =>
      ask(
        { type: 'replies.get' },
        LibraryReply.transform((r) => r.library),
      ),
    replyUsed: (use) =>
      ask(
        { type: 'reply.used', ...use, replyIds: use.replyIds.slice(0, 10) },
        OkReply.transform(() => true as const),
      ),
    presence: (itemKey, state) =>
      ask(
        { type: 'presence.set', itemKey, state },
        OkReply.transform(() => true as const),
        2000,
      ),
    sweepTab: () =>
      ask(
        { type: 'sweep.tab' },
        SweepTabReply.transform((r) => r.sweep),
        5000,
      ),
    signedIn: (platform, handle) =>
      ask(
        { type: 'signed-in', platform, handle: handle.slice(0, 128) },
        OkReply.transform(() => true as const),
      ),
    liveView: (beat) =>
      ask(
        { type: 'live-view', beat: { ...beat, profile: beat.profile.slice(0, 128) } },
        OkReply.transform(() => true as const),
        5000,
      ),
    sweepPage: (result) =>
      ask(
        { type: 'sweep.page', result },
        OkReply.transform(() => true as const),
      ),
    onTabMessage(cb, signal) {
      const events = runtime.onMessage;
      if (!events || signal.aborted) return;
      const listener = (message: unknown, sender: { id?: string }): void => {
        if (sender.id !== runtime.id) return; // only our own background
        const parsed = TabMessage.safeParse(message);
        if (parsed.success) cb(parsed.data);
      };
      events.addListener(listener);
      signal.addEventListener('abort', () => events.removeListener(listener), { once: true });
    },
    live(onPush, signal) {
      let port: LivePort | null = null;
      let delay = 1000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const open = (): void => {
        if (signal.aborted || !runtime.id) return;
        try {
          port = runtime.connect({ name: PORT_NAMES.live });
        } catch {
          port = null;
          retry();
          return;
        }
        port.onMessage.addListener((message) => {
          delay = 1000;
          const push = BgPush.safeParse(message);
          if (push.success) onPush(push.data);
        });
        port.onDisconnect.addListener(() => {
          port = null;
          retry();
        });
      };
      const retry = (): void => {
        if (signal.aborted || !runtime.id) return;
        timer = setTimeout(open, delay);
        delay = Math.min(delay * 2, 30_000);
      };
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          try {
            port?.disconnect();
          } catch {
            /* already gone */
          }
        },
        { once: true },
      );
      open();
    },
  };
}

function defaultRuntime(): Runtime {
  return {
    sendMessage: (m) => browser.runtime.sendMessage(m),
    connect: (info) => browser.runtime.connect(info) as unknown as LivePort,
    onMessage: browser.runtime.onMessage as unknown as Runtime['onMessage'],
    get id() {
      try {
        return browser.runtime?.id;
      } catch {
        return undefined;
      }
    },
  };
}
