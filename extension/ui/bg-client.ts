/**
 * How extension pages talk to the background: requests with
 * runtime.sendMessage, and the live port for state and item pushes. A port
 * dies with the MV3 worker; it is reopened (which wakes the worker).
 */
import browser from 'webextension-polyfill';
import { i18n } from './i18n';
import { BgPush, PORT_NAMES, type BgReply, type BgRequest } from '../messaging/messages';

export async function ask<T extends object = object>(request: BgRequest): Promise<BgReply<T>> {
  try {
    const reply: unknown = await browser.runtime.sendMessage(request);
    if (typeof reply === 'object' && reply !== null && 'ok' in reply) return reply as BgReply<T>;
    return { ok: false, error: i18n.t('errorUnreachable') };
  } catch {
    return { ok: false, error: i18n.t('errorUnreachable') };
  }
}

/** Connects the live port and keeps it connected until the returned function is called. */
export function connectLive(onPush: (push: BgPush) => void, retryMs = 500): () => void {
  let stopped = false;
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const open = () => {
    if (stopped) return;
    port = browser.runtime.connect({ name: PORT_NAMES.live });
    port.onMessage.addListener((message: unknown) => {
      const push = BgPush.safeParse(message);
      if (push.success) onPush(push.data);
      else console.warn('[inlay] ignored an invalid push from the background', push.error.issues[0]);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (!stopped) timer = setTimeout(open, retryMs);
    });
  };
  open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    port?.disconnect();
  };
}
