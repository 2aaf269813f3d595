// @vitest-environment happy-dom
/**
 * reply-insert, the page bridge and the page-world listener in happy-dom.
 * The real editor libraries are in test/e2e/editors.test.ts; here: the
 * verification rules, the outcomes, the bridge protocol and what a page
 * posting anything gets.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import pageWorldScript from '../entrypoints/page-world.content/index';
import {
  BRIDGE_SOURCE,
  compact,
  editorText,
  installPageWorld,
  landedCount,
  liveEditor,
  editorAnchors,
  TARGET_ATTR,
  whereFor,
  type BridgeResult,
  type TechniqueOutcome,
} from '../page-world/insert-techniques';
import { copyToClipboard, insertReply, isEnabled } from './reply-insert';
import { createPageBridge, makeNonce, type BridgeAnswer, type PageBridge } from './support/page-bridge';

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

/**
 * happy-dom's postMessage leaves `event.source` null; this window stand-in
 * delivers messages asynchronously with `source` set, as browsers do.
 */
function messageWindow(): Window & { posted: unknown[] } {
  const posted: unknown[] = [];
  const fake = {
    posted,
    document,
    location: window.location,
    addEventListener: window.addEventListener.bind(window),
    removeEventListener: window.removeEventListener.bind(window),
    postMessage(data: unknown) {
      posted.push(data);
      const copy = structuredClone(data);
      setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data: copy, source: fake as never })), 0);
    },
  };
  return fake as unknown as Window & { posted: unknown[] };
}

function textarea(value = ''): HTMLTextAreaElement {
  const el = document.createElement('textarea');
  el.value = value;
  document.body.append(el);
  return el;
}

function editable(text = ''): HTMLDivElement {
  const el = document.createElement('div');
  el.contentEditable = 'true';
  el.textContent = text;
  document.body.append(el);
  return el;
}

function button(disabled: boolean): HTMLButtonElement {
  const b = document.createElement('button');
  b.disabled = disabled;
  document.body.append(b);
  return b;
}

/** A bridge whose page world does `act` and answers `answer`. */
function fakeBridge(
  act: (editor: Element, text: string) => void,
  answer: BridgeAnswer,
): PageBridge & { calls: number } {
  const bridge = {
    calls: 0,
    async insert({ editor, text }: { editor: Element; text: string }) {
      bridge.calls++;
      act(editor, text);
      return answer;
    },
  };
  return bridge;
}

const answered: BridgeAnswer = { status: 'answered', ok: true, technique: 'paste', error: null };

describe('text comparison', () => {
  it('ignores whitespace, NBSPs and zero-width characters', () => {
    expect(compact(' a\u00a0b\n\nc\u200b\ufeff d ')).toBe('abcd');
  });

  it('counts the new copies only', () => {
    expect(landedCount('Hi', 'Hi there', 'there')).toBe(1);
    expect(landedCount('there', 'there', 'there')).toBe(0);
    expect(landedCount('there', 'there\u00a0there', 'there')).toBe(1);
    expect(landedCount('', 'First line\n\nSecond line', 'First line\nSecond line')).toBe(1);
  });

  it('reads a text control by value and anything else by its text', () => {
    expect(editorText(textarea('v'))).toBe('v');
    expect(editorText(editable('t'))).toBe('t');
  });
});

describe('where the text goes', () => {
  it('a textarea: the cursor when focused or in the middle, else the end', () => {
    const el = textarea('Hello world');
    el.setSelectionRange(0, 0);
    expect(whereFor(el)).toBe('end');
    el.setSelectionRange(6, 6);
    expect(whereFor(el)).toBe('cursor');
    el.setSelectionRange(11, 11);
    el.focus();
    expect(whereFor(el)).toBe('cursor');
  });

  it('a contenteditable: the cursor when the selection is inside, else the end', () => {
    const el = editable('Hello');
    document.getSelection()?.removeAllRanges();
    expect(whereFor(el)).toBe('end');
    document.getSelection()?.collapse(el.firstChild!, 2);
    expect(whereFor(el)).toBe('cursor');
  });
});

describe('insertReply', () => {
  it('is ok when the text landed and Send is enabled, and never clicks Send', async () => {
    const el = textarea();
    const send = button(true);
    const clicked = vi.fn();
    send.addEventListener('click', clicked);
    const bridge = fakeBridge((e, t) => {
      (e as HTMLTextAreaElement).value = t;
      send.disabled = false;
    }, answered);
    const clipboard = vi.fn(async () => true);
    const out = await insertReply(el, 'textarea', 'Thanks!', { bridge, clipboard, sendButton: () => send });
    expect(out).toEqual({ ok: true, technique: 'paste' });
    expect(clipboard).not.toHaveBeenCalled();
    expect(clicked).not.toHaveBeenCalled();
  });

  it('waits for a site that enables Send a little later', async () => {
    const el = editable();
    const send = button(true);
    const bridge = fakeBridge((e, t) => {
      e.textContent = t;
      setTimeout(() => (send.disabled = false), 120);
    }, answered);
    const out = await insertReply(el, 'polymer', 'Hi', { bridge, clipboard: async () => true, sendButton: () => send });
    expect(out.ok).toBe(true);
  });

  it('is not verified when Send stays disabled (or aria-disabled), and copies the text', async () => {
    for (const ariaOnly of [false, true]) {
      const el = editable();
      const send = button(!ariaOnly);
      if (ariaOnly) send.setAttribute('aria-disabled', 'true');
      const clipboard = vi.fn(async () => true);
      const bridge = fakeBridge((e, t) => (e.textContent = t), answered);
      const out = await insertReply(el, 'polymer', 'Hi', { bridge, clipboard, sendButton: () => send, verifyMs: 100 });
      expect(out).toEqual({ ok: false, reason: 'not-verified', copied: true });
      expect(clipboard).toHaveBeenCalledWith('Hi');
    }
  });

  it('does not believe a page world that says ok when the text is not there', async () => {
    const el = editable('old');
    const bridge = fakeBridge(() => {}, answered);
    const out = await insertReply(el, 'lexical', 'new', { bridge, clipboard: async () => false, verifyMs: 80 });
    expect(out).toEqual({ ok: false, reason: 'not-verified', copied: false });
  });

  it('needs one more copy of the text than before (inserting a reply twice)', async () => {
    const el = editable('Thanks!');
    const bridge = fakeBridge(() => {}, answered);
    const out = await insertReply(el, 'polymer', 'Thanks!', { bridge, clipboard: async () => true, verifyMs: 80 });
    expect(out.ok).toBe(false);
  });

  it('treats a Send button it cannot find as no evidence either way', async () => {
    const el = editable();
    const bridge = fakeBridge((e, t) => (e.textContent = t), answered);
    const out = await insertReply(el, 'polymer', 'Hi', { bridge, clipboard: async () => true, sendButton: () => null });
    expect(out.ok).toBe(true);
  });

  it('has no editor: null, gone from the page, or not editable', async () => {
    const gone = editable();
    gone.remove();
    const plain = document.createElement('div');
    document.body.append(plain);
    for (const el of [null, gone, plain]) {
      const clipboard = vi.fn(async () => true);
      const bridge = fakeBridge(() => {}, answered);
      expect(await insertReply(el, 'polymer', 'Hi', { bridge, clipboard })).toEqual({
        ok: false,
        reason: 'no-editor',
        copied: true,
      });
      expect(bridge.calls).toBe(0);
    }
  });

  it('re-finds an editor that a re-render replaced (Draft.js rebuilds its contenteditable)', async () => {
    const wrap = document.createElement('div');
    const el = document.createElement('div');
    el.contentEditable = 'true';
    wrap.append(el);
    document.body.append(wrap);
    const anchors = editorAnchors(el);
    const fresh = document.createElement('div');
    fresh.contentEditable = 'true';
    const bridge = fakeBridge((_e, t) => {
      fresh.textContent = t;
      el.replaceWith(fresh);
    }, answered);
    const out = await insertReply(el, 'draftjs', 'Hi', { bridge, clipboard: async () => true });
    expect(out.ok).toBe(true);
    expect(liveEditor(el, anchors)).toBe(fresh);
  });

  it('inserts from this world when no page world took the request', async () => {
    const el = textarea('Hello');
    const bridge = fakeBridge(() => {}, { status: 'timeout', claimed: false });
    const out = await insertReply(el, 'textarea', ' world', { bridge, clipboard: async () => true });
    expect(out).toEqual({ ok: true, technique: 'set-range-text' });
    expect(el.value).toBe('Hello world');
  });

  it('does not insert again when the page world took the request but went quiet (no double text)', async () => {
    const el = textarea('Hello');
    const bridge = fakeBridge(() => {}, { status: 'timeout', claimed: true });
    const clipboard = vi.fn(async () => true);
    const out = await insertReply(el, 'textarea', ' world', { bridge, clipboard, verifyMs: 80 });
    expect(out).toEqual({ ok: false, reason: 'timeout', copied: true });
    expect(el.value).toBe('Hello');
  });

  it('can be told not to insert from this world', async () => {
    const el = textarea('Hello');
    const bridge = fakeBridge(() => {}, { status: 'timeout', claimed: false });
    const out = await insertReply(el, 'textarea', ' world', {
      bridge,
      clipboard: async () => true,
      localFallback: false,
      verifyMs: 80,
    });
    expect(out).toEqual({ ok: false, reason: 'not-verified', copied: true });
  });

  it('reports copied: false when the clipboard refuses or throws', async () => {
    const el = editable();
    const bridge = fakeBridge(() => {}, answered);
    const out = await insertReply(el, 'polymer', 'x', {
      bridge,
      verifyMs: 50,
      clipboard: async () => {
        throw new Error('denied');
      },
    });
    expect(out).toEqual({ ok: false, reason: 'not-verified', copied: false });
  });
});

describe('isEnabled', () => {
  it('reads disabled, the disabled attribute on custom elements, and aria-disabled', () => {
    expect(isEnabled(button(false))).toBe(true);
    expect(isEnabled(button(true))).toBe(false);
    const custom = document.createElement('tp-yt-paper-button');
    custom.setAttribute('disabled', '');
    expect(isEnabled(custom)).toBe(false);
    const aria = document.createElement('div');
    aria.setAttribute('aria-disabled', 'true');
    expect(isEnabled(aria)).toBe(false);
    aria.setAttribute('aria-disabled', 'false');
    expect(isEnabled(aria)).toBe(true);
  });
});

describe('copyToClipboard', () => {
  it('uses the Clipboard API', async () => {
    const writeText = vi.fn(async () => {});
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard);
    expect(await copyToClipboard('hello')).toBe(true);
    expect(writeText).toHaveBeenCalledWith('hello');
  });

  it('falls back to a hidden textarea and execCommand copy, leaving nothing behind', async () => {
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({
      writeText: async () => {
        throw new Error('no activation');
      },
    } as unknown as Clipboard);
    const exec = vi.fn(() => true);
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    const box = editable();
    box.focus();
    expect(await copyToClipboard('hello')).toBe(true);
    expect(exec).toHaveBeenCalledWith('copy');
    expect(document.querySelectorAll('textarea')).toHaveLength(0);
    expect(document.activeElement).toBe(box);
    delete (document as { execCommand?: unknown }).execCommand;
  });
});

/* ------------------------------------------------------------------ bridge */

describe('page bridge and page world', () => {
  function pageWorld(
    win: Window,
    insert = vi.fn(async (): Promise<TechniqueOutcome> => ({ landed: true, technique: 'paste' })),
  ) {
    const stop = installPageWorld({ win, insert });
    return { insert, stop };
  }

  it('makes 128-bit hex nonces from crypto.getRandomValues', () => {
    const spy = vi.spyOn(crypto, 'getRandomValues');
    const a = makeNonce();
    const b = makeNonce();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    expect(spy).toHaveBeenCalled();
  });

  it('round trip: the page world acts on the marked editor once, and the mark is gone', async () => {
    const win = messageWindow();
    const { insert, stop } = pageWorld(win);
    const el = editable();
    const answer = await createPageBridge({ win }).insert({ editor: el, kind: 'lexical', text: 'Hi', where: 'end' });
    stop();
    expect(answer).toEqual({ status: 'answered', ok: true, technique: 'paste', error: null });
    expect(insert).toHaveBeenCalledWith('lexical', el, 'Hi', { where: 'end', world: 'page' });
    expect(el.hasAttribute(TARGET_ATTR)).toBe(false);
    const request = win.posted[0] as { nonce: string; source: string };
    expect(request.source).toBe(BRIDGE_SOURCE);
    expect(request.nonce).toMatch(/^[0-9a-f]{32}$/);
  });

  it('finds an editor inside an open shadow root', async () => {
    const win = messageWindow();
    const { insert, stop } = pageWorld(win);
    const host = document.createElement('div');
    document.body.append(host);
    const el = document.createElement('div');
    el.contentEditable = 'true';
    host.attachShadow({ mode: 'open' }).append(el);
    const answer = await createPageBridge({ win }).insert({ editor: el, kind: 'polymer', text: 'Hi', where: 'end' });
    stop();
    expect(answer.status).toBe('answered');
    expect(insert).toHaveBeenCalledWith('polymer', el, 'Hi', expect.anything());
  });

  it('with no page world, the mark is taken back and the answer says nobody claimed it', async () => {
    const win = messageWindow();
    const el = editable();
    const answer = await createPageBridge({ win, claimMs: 30 }).insert({
      editor: el,
      kind: 'polymer',
      text: 'Hi',
      where: 'end',
    });
    expect(answer).toEqual({ status: 'timeout', claimed: false });
    expect(el.hasAttribute(TARGET_ATTR)).toBe(false);
  });

  it('a page world that takes the mark but never answers is a claimed timeout', async () => {
    const win = messageWindow();
    const el = editable();
    new MutationObserver(() => el.removeAttribute(TARGET_ATTR)).observe(el, { attributes: true });
    const answer = await createPageBridge({ win, claimMs: 20, timeoutMs: 60 }).insert({
      editor: el,
      kind: 'polymer',
      text: 'Hi',
      where: 'end',
    });
    expect(answer).toEqual({ status: 'timeout', claimed: true });
  });

  it('ignores results with another nonce, malformed results, and messages from elsewhere', async () => {
    const win = messageWindow();
    const el = editable();
    const bridge = createPageBridge({ win, claimMs: 1000, timeoutMs: 150 });
    const pending = bridge.insert({ editor: el, kind: 'polymer', text: 'Hi', where: 'end' });
    const nonce = el.getAttribute(TARGET_ATTR)!;
    const good: BridgeResult = {
      source: BRIDGE_SOURCE,
      v: 1,
      type: 'result',
      nonce,
      ok: true,
      technique: null,
      error: null,
    };
    win.postMessage({ ...good, nonce: 'ab'.repeat(16) }, '*');
    win.postMessage({ ...good, technique: '<script>' }, '*');
    win.postMessage({ ...good, ok: 'yes' }, '*');
    // The right shape from another window (an iframe) is not ours either.
    window.dispatchEvent(new MessageEvent('message', { data: good, source: null }));
    // None of them counts, so the wait runs out (claimMs is longer than timeoutMs here).
    const answer = await pending;
    expect(answer).toEqual({ status: 'timeout', claimed: true });
  });

  it('the page world refuses unmarked, doubly marked, non-editable targets and replays', async () => {
    const win = messageWindow();
    const { insert, stop } = pageWorld(win);
    const results: BridgeResult[] = [];
    const onResult = (e: MessageEvent) => {
      if ((e.data as { type?: string }).type === 'result') results.push(e.data as BridgeResult);
    };
    window.addEventListener('message', onResult);
    const base = { source: BRIDGE_SOURCE, v: 1, type: 'insert', kind: 'polymer', where: 'end', text: 'spam' };
    const n = (c: string) => c.repeat(32);

    win.postMessage({ ...base, nonce: n('a') }, '*'); // nobody marked
    const a = editable();
    const b = editable();
    a.setAttribute(TARGET_ATTR, n('b'));
    b.setAttribute(TARGET_ATTR, n('b'));
    win.postMessage({ ...base, nonce: n('b') }, '*'); // two marks
    const plain = document.createElement('p');
    plain.setAttribute(TARGET_ATTR, n('c'));
    document.body.append(plain);
    win.postMessage({ ...base, nonce: n('c') }, '*'); // not editable
    win.postMessage({ ...base, nonce: n('d'), kind: 'script' }, '*'); // malformed: no answer at all
    win.postMessage({ ...base, nonce: n('e'), text: 'x'.repeat(20_001) }, '*'); // too long
    win.postMessage('inlay-page-bridge', '*');
    const ok = editable();
    ok.setAttribute(TARGET_ATTR, n('f'));
    win.postMessage({ ...base, nonce: n('f') }, '*');
    await new Promise((r) => setTimeout(r, 30));
    ok.setAttribute(TARGET_ATTR, n('f'));
    win.postMessage({ ...base, nonce: n('f') }, '*'); // replay of a served nonce
    await new Promise((r) => setTimeout(r, 30));
    stop();
    window.removeEventListener('message', onResult);

    expect(results.map((r) => [r.nonce[0], r.ok, r.error])).toEqual([
      ['a', false, 'no-target'],
      ['b', false, 'no-target'],
      ['c', false, 'not-editable'],
      ['f', true, null],
    ]);
    expect(insert).toHaveBeenCalledTimes(1);
    expect([a, b, plain].some((el) => el.hasAttribute(TARGET_ATTR))).toBe(false);
  });
});

describe('page-world entrypoint', () => {
  it('runs in the page world on every site, idle, with no global name', () => {
    expect(pageWorldScript).toMatchObject({ world: 'MAIN', runAt: 'document_idle', globalName: false });
    expect([...(pageWorldScript.matches as string[])].sort()).toEqual(
      [
        'https://x.com/*',
        'https://twitter.com/*',
        'https://mobile.x.com/*',
        'https://www.linkedin.com/*',
        'https://www.youtube.com/*',
        'https://m.youtube.com/*',
        'https://www.instagram.com/*',
        'https://www.facebook.com/*',
        'https://web.facebook.com/*',
        'https://m.facebook.com/*',
        'https://www.tiktok.com/*',
        'https://www.reddit.com/*',
        'https://new.reddit.com/*',
        'https://old.reddit.com/*',
        'https://sh.reddit.com/*',
      ].sort(),
    );
  });
});
