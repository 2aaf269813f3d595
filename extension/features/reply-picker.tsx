/**
 * reply-picker: what the overlay's "Reply with…" menu holds — the team's
 * saved replies for the item in front of the user, a preview that shows
 * exactly what will go into the site's reply box, and free text.
 *
 * - Opens with focus in the filter. The list is suggestReplies' ranking
 *   (rule-suggested, tag-linked, keyword-matched, most used, the rest), each
 *   row saying why it is there; typing filters (`;ship` finds a shortcut).
 * - Keys: ↑/↓ move, Enter inserts what the preview shows, Shift+Enter adds
 *   the highlighted reply to the message (several replies, joined by a blank
 *   line; each can be removed again), Tab reaches the preview, which is
 *   editable — an edited preview is what gets inserted — Ctrl/⌘+Enter
 *   inserts from anywhere, Escape closes. "Write your own reply" (the last
 *   row, and the only thing there with an empty library) keeps free text.
 * - The preview is the reply rendered for this item (renderTemplate on the
 *   item's context, the platform's variant via bodyFor) and says, in plain
 *   words, what could not be filled (insert only after a second, explicit
 *   Insert), how long it is against the platform's limit (too long: no
 *   insert until shortened), and when the same reply was used often on this
 *   platform lately (the repetition guardrail; again a second Insert).
 *   A raw `{{…}}` never goes in.
 * - Everything the library and the page provide is rendered as text.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Platform } from '../../shared/model';
import { REPLY_TEXT_MAX, SHORTCUT_PREFIX, bodyFor, type SavedReply } from '../../shared/replies/saved-reply';
import { suggestReplies, type SuggestReason, type Suggestion } from '../../shared/replies/suggest';
import { checkLimit, renderTemplate, type TemplateContext, type VariableName } from '../../shared/replies/template';
import { repetition } from '../../shared/replies/guardrail';
import type { ReplyLibrary } from '../messaging/messages';
import type { LibraryStatus } from './support/reply-library';
import { i18n } from './support/words';
import { needsMember, pageVariableWords } from './support/missing-words';

export const FEATURE_ID = 'reply-picker';

/** At most this many saved replies go into one message (a use records at most 10). */
export const MAX_PARTS = 10;
/** Rows shown at once; typing narrows the rest. */
const MAX_ROWS = 50;

/** `done`: inserted (the menu closes); `confirm`: not inserted, pressing Insert again inserts anyway; `failed`. */
export type InsertResult = 'done' | 'confirm' | 'failed';

export interface ReplyPickerProps {
  /** The library, or null until it has loaded. */
  library: ReplyLibrary | null;
  status?: LibraryStatus;
  platform: Platform;
  /** Variables for this item (author, post, platform's name, member, brand). */
  context: TemplateContext;
  /** The item's text and tags (for suggestions). */
  item: { text: string; tags: readonly string[] };
  /** Replies inbox rules suggested for the item (Item.suggestedReplies). */
  suggested?: readonly { id: string; ruleName: string | null }[];
  /** Insert `text` into the site's reply box. `replyIds`: the saved replies it came from; `anyway`: past a teammate warning. */
  onInsert(text: string, options: { replyIds: string[]; anyway: boolean }): Promise<InsertResult>;
  onClose(): void;
  /** The user is composing a reply here (presence). */
  onTyping?: () => void;
  now?: () => Date;
}

/** The platform's name as people write it ("X", "LinkedIn"). */
export function platformName(p: Platform): string {
  switch (p) {
    case 'x':
      return i18n.t('platformX');
    case 'linkedin':
      return i18n.t('platformLinkedin');
    case 'youtube':
      return i18n.t('platformYoutube');
    case 'instagram':
      return i18n.t('platformInstagram');
    case 'facebook':
      return i18n.t('platformFacebook');
    case 'tiktok':
      return i18n.t('platformTiktok');
    case 'reddit':
      return i18n.t('platformReddit');
  }
}

/** Why a reply is in the list, in words ('' when it is simply there). */
export function reasonWords(reason: SuggestReason): string {
  switch (reason.kind) {
    case 'rule':
      return reason.ruleName
        ? i18n.t('overlayPickerReasonRule', [reason.ruleName])
        : i18n.t('overlayPickerReasonRuleUnnamed');
    case 'tag':
      return i18n.t('overlayPickerReasonTag', [reason.tags.join(', ')]);
    case 'keyword':
      return i18n.t('overlayPickerReasonKeyword', [reason.keywords.map((k) => `“${k}”`).join(', ')]);
    case 'shortcut':
      return i18n.t('overlayPickerReasonShortcut');
    case 'popular':
      return i18n.t('overlayPickerReasonUsed', reason.uses, [String(reason.uses)]);
    case 'other':
      return '';
  }
}

export interface Composed {
  /** What Insert puts in the reply box. */
  text: string;
  missing: VariableName[];
  /** The template's problems (unknown variables, braces), in plain words. */
  problems: string[];
  /** A `{{` or `}}` is left in the text: never inserted. */
  raw: boolean;
}

const RAW = /\{\{|\}\}/;

/** The message: the parts rendered and joined by a blank line, or the user's own text filled in. */
export function compose(
  parts: readonly SavedReply[],
  draft: string | null,
  platform: Platform,
  ctx: TemplateContext,
): Composed {
  const sources = draft !== null ? [draft] : parts.map((p) => bodyFor(p, platform));
  const texts: string[] = [];
  const missing: VariableName[] = [];
  const problems: string[] = [];
  for (const src of sources) {
    const r = renderTemplate(src, ctx); // page values come back inert: a name never brings a {{variable}}
    texts.push(r.text);
    for (const m of r.missing) if (!missing.includes(m)) missing.push(m);
    for (const p of r.problems) if (!problems.includes(p)) problems.push(p);
  }
  const text = draft !== null ? texts[0]! : texts.map((t) => t.trim()).join('\n\n');
  return { text, missing, problems, raw: RAW.test(text) };
}

/** What could not be filled, in plain words: one line per source (the page, the member, the team). */
export function missingWords(missing: readonly VariableName[]): string[] {
  const page = pageVariableWords(missing);
  const out: string[] = [];
  if (page.length > 0) out.push(i18n.t('overlayPickerMissingPage', [page.join(', ')]));
  if (needsMember(missing)) out.push(i18n.t('overlayPickerMissingAgent'));
  if (missing.includes('brand')) out.push(i18n.t('overlayPickerMissingBrand'));
  return out;
}

type Warning = { id: string; text: string; level: 'block' | 'confirm' };

function joinSeparated(a: string, b: string): string {
  const head = a.replace(/\s+$/, '');
  return head === '' ? b : `${head}\n\n${b}`;
}

export function ReplyPicker(props: ReplyPickerProps) {
  const { library, platform } = props;
  const uid = useId();
  const listId = `${uid}-list`;
  const warnId = `${uid}-warn`;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [added, setAdded] = useState<string[]>([]);
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The warnings the user was shown on an Insert: the same ones again insert. */
  const [asked, setAsked] = useState<string | null>(null);
  const [teammate, setTeammate] = useState(false);
  const [alert, setAlert] = useState('');
  const [flash, setFlash] = useState(0);
  /** The warnings an Insert was refused for: shown louder until the text changes. */
  const [flashed, setFlashed] = useState<string | null>(null);
  const filter = useRef<HTMLInputElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const replies = library?.replies ?? [];
  const hasLibrary = replies.length > 0;
  const byId = useMemo(() => new Map(replies.map((r) => [r.id, r])), [replies]);
  const suggestions: Suggestion[] = useMemo(
    () =>
      suggestReplies({
        replies,
        item: { text: props.item.text, tags: props.item.tags, platform },
        ruleSuggested: props.suggested ?? [],
        usage: library?.usage ?? {},
        query,
      }),
    [replies, props.item.text, props.item.tags, platform, props.suggested, library?.usage, query],
  );
  const shown = suggestions.slice(0, MAX_ROWS);
  const freeIndex = shown.length; // "Write your own reply", the last row
  const rows = shown.length + 1;
  const current = Math.min(active, rows - 1);
  const activeReply = current < shown.length ? shown[current]!.reply : null;

  // the first focus: the filter, or the text when there is nothing to pick from
  useLayoutEffect(() => (hasLibrary ? filter.current : area.current)?.focus(), []);
  useEffect(() => {
    const el = list.current?.querySelector<HTMLElement>('[aria-selected="true"]');
    if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' });
  }, [current, rows]);

  const addedReplies = added.flatMap((id) => byId.get(id) ?? []);
  const parts = addedReplies.length > 0 ? addedReplies : activeReply ? [activeReply] : [];
  const composed = compose(parts, draft, platform, props.context);
  const replyIds = (draft !== null ? addedReplies : parts).map((r) => r.id);
  const limit = checkLimit(composed.text, platform);
  const name = platformName(platform);

  /* ---- what stands between this text and Insert ---- */
  const warnings: Warning[] = [];
  // a `{{` left over blocks; the template's own words say why (else ours)
  for (const [i, p] of composed.problems.entries()) {
    warnings.push({ id: `problem${i}`, text: p, level: composed.raw ? 'block' : 'confirm' });
  }
  if (composed.raw && composed.problems.length === 0) {
    warnings.push({ id: 'raw', text: i18n.t('overlayPickerRaw'), level: 'block' });
  }
  if (!limit.ok) {
    warnings.push({
      id: 'long',
      text: i18n.t('overlayPickerTooLong', limit.over, [String(limit.over), name]),
      level: 'block',
    });
  }
  for (const [i, w] of missingWords(composed.missing).entries())
    warnings.push({ id: `missing${i}`, text: w, level: 'confirm' });
  if (draft === null && library) {
    const now = props.now?.() ?? new Date();
    let worst: { reply: SavedReply; count: number; minutes: number } | null = null;
    for (const r of parts) {
      const rep = repetition(library.recent, r.id, platform, now, library.settings);
      if (rep.warn && (!worst || rep.count > worst.count)) worst = { reply: r, count: rep.count, minutes: rep.minutes };
    }
    if (worst) {
      warnings.push({
        id: 'repeat',
        text: i18n.t('overlayPickerRepeated', worst.count, [
          worst.reply.title,
          String(worst.count),
          name,
          String(worst.minutes),
        ]),
        level: 'confirm',
      });
    }
  }
  const empty = composed.text.trim() === '';
  const blocked = empty || warnings.some((w) => w.level === 'block');
  const toConfirm = warnings.filter((w) => w.level === 'confirm');
  const signature = JSON.stringify([composed.text, toConfirm.map((w) => w.text)]);
  const confirming = (toConfirm.length > 0 && asked === signature) || teammate;

  // what was confirmed belongs to the text it was confirmed for
  useEffect(() => {
    if (asked !== null && asked !== signature) setAsked(null);
  }, [signature]);
  useEffect(() => setTeammate(false), [composed.text]);

  const say = (text: string): void => {
    setAlert(text);
    setFlash((n) => n + 1);
    setFlashed(signature);
  };

  async function insert(): Promise<void> {
    if (busy) return;
    if (empty) {
      area.current?.focus();
      say(i18n.t('overlayPickerNothing'));
      return;
    }
    if (blocked) {
      say(warnings.find((w) => w.level === 'block')!.text);
      return;
    }
    if (toConfirm.length > 0 && asked !== signature) {
      setAsked(signature);
      say(toConfirm.map((w) => w.text).join(' '));
      return;
    }
    setAlert('');
    setBusy(true);
    const r = await props.onInsert(composed.text, { replyIds, anyway: teammate });
    if (!live.current) return;
    setTeammate(r === 'confirm');
    setBusy(false);
  }

  function add(): void {
    if (!activeReply) return;
    if (added.includes(activeReply.id)) return;
    if (added.length >= MAX_PARTS) {
      say(i18n.t('overlayPickerMaxParts', [String(MAX_PARTS)]));
      return;
    }
    if (draft !== null) {
      setDraft(joinSeparated(draft, compose([activeReply], null, platform, props.context).text));
    }
    setAdded([...added, activeReply.id]);
    props.onTyping?.();
  }

  function remove(id: string): void {
    const reply = byId.get(id);
    setAdded(added.filter((x) => x !== id));
    if (draft !== null && reply) {
      const segment = compose([reply], null, platform, props.context).text;
      if (segment && draft.includes(segment)) {
        setDraft(
          draft
            .replace(segment, '')
            .replace(/\n{3,}/g, '\n\n')
            .trim(),
        );
      }
    }
    filter.current?.focus();
  }

  function edit(value: string): void {
    // the first edit pins the message to the replies it was made of; emptied, it is the user's own text
    if (value.trim() === '') setAdded([]);
    else if (draft === null && added.length === 0 && activeReply) setAdded([activeReply.id]);
    setDraft(value);
    props.onTyping?.();
  }

  const move = (delta: number): void => {
    setActive((current + delta + rows) % rows);
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    const inFilter = e.target === filter.current;
    if (e.key === 'Escape') {
      e.preventDefault();
      props.onClose();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void insert();
    } else if (inFilter && e.key === 'ArrowDown') {
      e.preventDefault();
      move(1);
    } else if (inFilter && e.key === 'ArrowUp') {
      e.preventDefault();
      move(-1);
    } else if (inFilter && e.key === 'Enter' && e.shiftKey) {
      e.preventDefault();
      add();
    } else if (inFilter && e.key === 'Enter') {
      e.preventDefault();
      if (current === freeIndex && addedReplies.length === 0 && (draft ?? '').trim() === '') {
        startOwn();
        area.current?.focus();
      } else void insert();
    }
  };

  function startOwn(): void {
    setActive(freeIndex);
    if (addedReplies.length === 0) setDraft((d) => d ?? '');
  }

  const value = draft ?? composed.text;
  // the preview grows with its text (up to a point), so a combined message shows whole
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    if (el.scrollHeight > 0) el.style.height = `${Math.min(el.scrollHeight + 2, 240)}px`;
  }, [value]);
  const filled = draft !== null && composed.text !== draft ? composed.text : null;
  const optionId = (i: number): string => `${uid}-opt-${i}`;

  return (
    <div class="reply-picker" onKeyDown={onKeyDown}>
      {hasLibrary ? (
        <>
          <input
            ref={filter}
            class="item-bar__input reply-picker__filter"
            type="text"
            role="combobox"
            aria-label={i18n.t('overlayPickerFilter')}
            aria-expanded="true"
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={optionId(current)}
            aria-describedby={warnId}
            placeholder={i18n.t('overlayPickerFilterPlaceholder')}
            maxLength={80}
            value={query}
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setActive(0);
              props.onTyping?.();
            }}
          />
          <ul ref={list} id={listId} class="reply-picker__list" role="listbox" aria-label={i18n.t('overlayPickerList')}>
            {shown.map((s, i) => {
              const why = reasonWords(s.reason);
              const isAdded = added.includes(s.reply.id);
              return (
                <li
                  key={s.reply.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === current}
                  class={`reply-picker__option reply-picker__option--${s.reason.kind}`}
                  data-inlay-reply={s.reply.id}
                  onClick={() => {
                    setActive(i);
                    filter.current?.focus();
                  }}
                  onDblClick={() => void insert()}
                >
                  <span class="reply-picker__title-row">
                    <span class="reply-picker__title">{s.reply.title}</span>
                    {isAdded ? <span class="reply-picker__added">{i18n.t('overlayPickerAdded')}</span> : null}
                    {s.reply.shortcut ? (
                      <kbd class="reply-picker__shortcut">{`${SHORTCUT_PREFIX}${s.reply.shortcut}`}</kbd>
                    ) : null}
                  </span>
                  {s.reply.folder || why ? (
                    <span class="reply-picker__meta">
                      {s.reply.folder ? <span class="reply-picker__folder">{s.reply.folder}</span> : null}
                      {why ? <span class="reply-picker__why">{why}</span> : null}
                    </span>
                  ) : null}
                </li>
              );
            })}
            <li
              id={optionId(freeIndex)}
              role="option"
              aria-selected={current === freeIndex}
              class="reply-picker__option reply-picker__option--own"
              data-inlay-reply=""
              onClick={() => {
                startOwn();
                area.current?.focus();
              }}
            >
              <span class="reply-picker__title">{i18n.t('overlayPickerWriteOwn')}</span>
            </li>
          </ul>
          {shown.length === 0 ? (
            <p class="reply-picker__note">{i18n.t('overlayPickerNoMatch', [query.trim()])}</p>
          ) : suggestions.length > shown.length ? (
            <p class="reply-picker__note">
              {i18n.t('overlayPickerMore', suggestions.length - shown.length, [
                String(suggestions.length - shown.length),
              ])}
            </p>
          ) : null}
        </>
      ) : (
        <p class="reply-picker__note reply-picker__note--empty" data-inlay-library={props.status ?? 'ready'}>
          {props.status === 'loading' && !library
            ? i18n.t('overlayPickerLoading')
            : props.status === 'unavailable' && !library
              ? i18n.t('overlayPickerUnavailable')
              : i18n.t('overlayPickerEmpty')}
        </p>
      )}
      <textarea
        ref={area}
        class="item-bar__textarea reply-picker__preview"
        rows={4}
        maxLength={REPLY_TEXT_MAX}
        aria-label={i18n.t('overlayReplyText')}
        aria-describedby={warnId}
        placeholder={i18n.t('overlayReplyPlaceholder')}
        value={value}
        onInput={(e) => edit(e.currentTarget.value)}
      />
      {filled !== null ? (
        <p class="reply-picker__note reply-picker__filled">{i18n.t('overlayPickerFilled', [filled])}</p>
      ) : null}
      {addedReplies.length > 0 || draft !== null ? (
        <div class="reply-picker__parts">
          {addedReplies.length > 0 ? (
            <>
              <span class="item-bar__muted">{i18n.t('overlayPickerParts')}</span>
              <ul class="reply-picker__chips" aria-label={i18n.t('overlayPickerParts')}>
                {addedReplies.map((r) => (
                  <li key={r.id} class="reply-picker__chip" data-inlay-part={r.id}>
                    <span class="reply-picker__chip-name">{r.title}</span>
                    <button
                      type="button"
                      class="item-bar__chip-x"
                      aria-label={i18n.t('overlayPickerRemove', [r.title])}
                      onClick={() => remove(r.id)}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {draft !== null && hasLibrary ? (
            <button
              type="button"
              class="item-bar__button reply-picker__undo"
              data-inlay-action="undo-edits"
              onClick={() => {
                setDraft(null);
                filter.current?.focus();
              }}
            >
              {i18n.t('overlayPickerUndoEdits')}
            </button>
          ) : null}
        </div>
      ) : null}
      <div id={warnId} class="reply-picker__warnings" aria-live="polite">
        {warnings.map((w) => (
          <p
            key={`${w.id}-${flash}`}
            class={`reply-picker__warning reply-picker__warning--${w.level}${flashed === signature ? ' reply-picker__warning--flash' : ''}`}
            data-inlay-warning={w.id.replace(/\d+$/, '')}
          >
            {w.text}
          </p>
        ))}
      </div>
      {alert ? (
        <span class="item-bar__sr" role="alert">
          {alert}
        </span>
      ) : null}
      <div class="item-bar__row reply-picker__footer">
        <span
          class={`reply-picker__count${limit.ok ? '' : ' reply-picker__count--over'}`}
          data-inlay-count=""
          title={i18n.t('overlayPickerCountLabel', [String(limit.length), String(limit.limit), name])}
        >
          {i18n.t('overlayPickerCount', [String(limit.length), String(limit.limit)])}
        </span>
        <span class="item-bar__grow" />
        {hasLibrary ? (
          <button
            type="button"
            class="item-bar__button"
            data-inlay-action="add"
            disabled={!activeReply || added.includes(activeReply.id)}
            title={i18n.t('overlayPickerAddHint')}
            aria-label={activeReply ? i18n.t('overlayPickerAddLabel', [activeReply.title]) : i18n.t('overlayPickerAdd')}
            onClick={add}
          >
            {i18n.t('overlayPickerAdd')}
          </button>
        ) : null}
        <button
          type="button"
          class="item-bar__button item-bar__button--primary"
          data-inlay-action="insert"
          disabled={busy || blocked}
          onClick={() => void insert()}
        >
          {confirming ? i18n.t('overlayInsertAnyway') : i18n.t('overlayInsert')}
        </button>
      </div>
      <p class="reply-picker__keys item-bar__muted" title={i18n.t('overlayPickerKeysMore')}>
        {hasLibrary ? i18n.t('overlayPickerKeys') : i18n.t('overlayReplyHint')}
      </p>
    </div>
  );
}

export const REPLY_PICKER_CSS = `
.reply-picker { display: grid; gap: 6px; min-width: 0; }
.reply-picker__list { list-style: none; margin: 0; padding: 0; max-height: 216px; overflow: auto; border: 1px solid var(--inlay-line); border-radius: 6px; }
.reply-picker__option { display: grid; gap: 1px; padding: 5px 8px; cursor: pointer; border-bottom: 1px solid var(--inlay-line); }
.reply-picker__option:last-child { border-bottom: 0; }
.reply-picker__option[aria-selected="true"] { background: var(--inlay-accent-bg); box-shadow: inset 2px 0 0 var(--inlay-accent); }
.reply-picker__title-row { display: flex; align-items: baseline; gap: 6px; min-width: 0; }
.reply-picker__title { flex: 1 1 auto; min-width: 0; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.reply-picker__option--own .reply-picker__title { font-weight: 400; color: var(--inlay-muted); }
.reply-picker__shortcut { flex: none; font: 11px/16px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--inlay-muted); padding: 0 4px; border: 1px solid var(--inlay-line); border-radius: 4px; }
.reply-picker__added { flex: none; font-size: 11px; color: var(--inlay-ok); font-weight: 600; }
.reply-picker__meta { display: flex; gap: 6px; min-width: 0; font-size: 12px; color: var(--inlay-muted); overflow: hidden; white-space: nowrap; }
.reply-picker__folder { flex: none; max-width: 40%; overflow: hidden; text-overflow: ellipsis; }
.reply-picker__folder + .reply-picker__why::before { content: "·"; margin-right: 6px; }
.reply-picker__why { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.reply-picker__option--rule .reply-picker__why, .reply-picker__option--tag .reply-picker__why, .reply-picker__option--keyword .reply-picker__why, .reply-picker__option--shortcut .reply-picker__why { color: var(--inlay-accent); }
.reply-picker__note { margin: 0; font-size: 12px; color: var(--inlay-muted); }
.reply-picker__note--empty { color: var(--inlay-fg); }
.reply-picker__filled { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 64px; overflow: auto; }
.reply-picker__preview { min-height: 84px; max-height: 40vh; line-height: 18px; }
.reply-picker__parts { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; font-size: 12px; }
.reply-picker__chips { display: contents; list-style: none; margin: 0; padding: 0; }
.reply-picker__chip { display: inline-flex; align-items: center; gap: 2px; max-width: 100%; font-size: 12px; line-height: 18px; padding: 0 2px 0 7px; border-radius: 999px; border: 1px solid var(--inlay-accent-line); background: var(--inlay-accent-bg); }
.reply-picker__chip-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 200px; }
.reply-picker__undo { margin-left: auto; }
.reply-picker__warnings { display: grid; gap: 4px; }
.reply-picker__warnings:empty { display: none; }
.reply-picker__warning { margin: 0; font-size: 12px; line-height: 16px; padding: 4px 8px; border-radius: 6px; border-left: 3px solid #b45309; background: rgba(180, 83, 9, 0.08); color: var(--inlay-fg); }
.reply-picker__warning--block { border-left-color: var(--inlay-danger); background: rgba(180, 35, 24, 0.08); }
:host([data-theme="dark"]) .reply-picker__warning { border-left-color: #fbbf24; background: rgba(251, 191, 36, 0.1); }
:host([data-theme="dark"]) .reply-picker__warning--block { border-left-color: var(--inlay-danger); background: rgba(252, 165, 165, 0.1); }
.reply-picker__warning--flash { animation: reply-picker-flash 0.6s ease-out; font-weight: 600; }
@keyframes reply-picker-flash { 0% { box-shadow: 0 0 0 2px currentColor; } 100% { box-shadow: 0 0 0 0 transparent; } }
@media (prefers-reduced-motion: reduce) { .reply-picker__warning--flash { animation: none; } }
.reply-picker__count { font-size: 12px; font-variant-numeric: tabular-nums; color: var(--inlay-muted); }
.reply-picker__count--over { color: var(--inlay-danger); font-weight: 600; }
.reply-picker__keys { margin: 0; font-size: 11px; }
`;
