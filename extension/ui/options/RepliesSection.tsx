/**
 * Saved replies in the options page: the library grouped by folder, with
 * shared and personal replies told apart and a type-ahead filter; an editor
 * (title, folder, scope, body, per-platform variants, linked tags, keywords,
 * shortcut) with variables to insert and a live preview on an example item —
 * what would be missing, and every platform the reply is too long for; CSV
 * and JSON import (the rows that cannot be read are listed with their line)
 * and export; and the team's saved-reply settings (brand name, repetition
 * guardrail). Shared replies and the settings need `replies.editShared`;
 * personal replies are the member's own. The companion checks again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { PLATFORMS, type Platform } from '../../../shared/model';
import { accessOf, whoCan, type MemberWithAccess } from '../../../shared/permissions';
import {
  REPLY_LIMITS,
  ReplySettings,
  SHORTCUT_PREFIX,
  SavedReplyInput,
  VARIABLES,
  bodyFor,
  checkLimit,
  exportCsv,
  exportJson,
  importReplies,
  renderTemplate,
  type ImportResult,
  type ReplyScope,
  type ReplyUse,
  type SavedReply,
  type SavedReplyFields,
  type TemplateContext,
  type VariableName,
} from '../../../shared/replies';
import { tagPaletteEntry } from '../../../shared/tags';
import { foldText } from '../../../shared/views';
import type { CachedTag } from '../../messaging/messages';
import { ask } from '../bg-client';
import { excerpt, platformLabel } from '../format';
import { i18n } from '../i18n';

type Result = { ok: true; result: unknown } | { ok: false; error: string };

const call = async (request: string, payload: Record<string, unknown>): Promise<Result> => {
  const r = await ask<{ result: unknown }>({ type: 'companion', request: request as never, payload });
  return r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error };
};

/** What `replies.list` answers. */
export interface RepliesData {
  replies: SavedReply[];
  usage: Record<string, number>;
  recent: ReplyUse[];
  settings: ReplySettings;
}

/* ------------------------------------------------------------ list helpers */

/** Replies where every word of the query occurs in the title, folder, shortcut, tags, keywords or text. */
export function filterReplies(replies: readonly SavedReply[], query: string): SavedReply[] {
  const words = foldText(query).split(' ').filter(Boolean);
  if (words.length === 0) return [...replies];
  return replies.filter((r) => {
    const hay = foldText(
      [
        r.title,
        r.folder,
        r.shortcut ? `${SHORTCUT_PREFIX}${r.shortcut}` : '',
        ...r.tags,
        ...r.keywords,
        r.body,
        ...Object.values(r.variants),
      ].join('\n'),
    );
    return words.every((w) => hay.includes(w));
  });
}

/** Folders in alphabetical order (no folder last), replies by title within each. */
export function groupByFolder(replies: readonly SavedReply[]): { folder: string; replies: SavedReply[] }[] {
  const groups = new Map<string, SavedReply[]>();
  for (const r of replies) groups.set(r.folder, [...(groups.get(r.folder) ?? []), r]);
  return [...groups]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([folder, list]) => ({
      folder,
      replies: list.sort((a, b) => a.title.localeCompare(b.title) || a.scope.localeCompare(b.scope)),
    }));
}

/* ------------------------------------------------------------------ drafts */

export interface Draft {
  id: string;
  scope: ReplyScope;
  folder: string;
  title: string;
  body: string;
  variants: Partial<Record<Platform, string>>;
  tags: string[];
  /** Comma-separated, as typed. */
  keywords: string;
  /** Without the `;`, as typed. */
  shortcut: string;
}

export function newReplyId(): string {
  return `r-${crypto.randomUUID()}`;
}

export function emptyDraft(scope: ReplyScope, id = newReplyId()): Draft {
  return { id, scope, folder: '', title: '', body: '', variants: {}, tags: [], keywords: '', shortcut: '' };
}

export function draftOf(r: SavedReply): Draft {
  return {
    id: r.id,
    scope: r.scope,
    folder: r.folder,
    title: r.title,
    body: r.body,
    variants: { ...r.variants },
    tags: [...r.tags],
    keywords: r.keywords.join(', '),
    shortcut: r.shortcut ?? '',
  };
}

function fieldLabel(path: readonly PropertyKey[]): string {
  const [field, sub] = path;
  switch (field) {
    case 'title':
      return i18n.t('repliesTitleField');
    case 'folder':
      return i18n.t('repliesFolder');
    case 'body':
      return i18n.t('repliesBody');
    case 'variants':
      return i18n.t('repliesVariantFor', [platformLabel(sub as Platform)]);
    case 'tags':
      return i18n.t('repliesTags');
    case 'keywords':
      return i18n.t('repliesKeywords');
    case 'shortcut':
      return i18n.t('repliesShortcut');
    default:
      return String(field ?? '');
  }
}

/** The draft as the companion takes it, or what is wrong with it in plain words. */
export function draftToInput(d: Draft): { ok: true; reply: SavedReplyFields } | { ok: false; error: string } {
  const variants: Partial<Record<Platform, string>> = {};
  for (const p of PLATFORMS) if (d.variants[p] !== undefined) variants[p] = d.variants[p];
  const parsed = SavedReplyInput.safeParse({
    id: d.id,
    scope: d.scope,
    folder: d.folder,
    title: d.title,
    body: d.body,
    variants,
    tags: d.tags,
    keywords: d.keywords
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    shortcut: d.shortcut.trim() === '' || d.shortcut.trim() === SHORTCUT_PREFIX ? null : d.shortcut,
  });
  if (parsed.success) return { ok: true, reply: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: i18n.t('repliesFieldProblem', [fieldLabel(issue?.path ?? []), issue?.message ?? '']) };
}

/* ----------------------------------------------------------------- preview */

/** The example item the preview fills the variables from. */
export function sampleContext(
  platform: Platform,
  agentName: string | null,
  brand: string | null,
  nameless = false,
): TemplateContext {
  return {
    author: { name: nameless ? null : i18n.t('repliesSampleAuthor'), handle: i18n.t('repliesSampleHandle') },
    post: { text: i18n.t('repliesSampleMessage') },
    platform: platformLabel(platform),
    agent: { name: agentName },
    brand,
  };
}

export interface PlatformCheck {
  platform: Platform;
  length: number;
  limit: number;
  over: number;
}

/** The reply's length on every platform (its variant there, filled from the example). */
export function platformChecks(d: Pick<Draft, 'body' | 'variants'>, ctx: (p: Platform) => TemplateContext) {
  return PLATFORMS.map((p): PlatformCheck => {
    const text = renderTemplate(bodyFor({ body: d.body, variants: d.variants }, p), ctx(p)).text;
    const c = checkLimit(text, p);
    return { platform: p, length: c.length, limit: c.limit, over: c.over };
  });
}

const VARIABLE_HELP: Record<VariableName, () => string> = {
  'author.first_name': () => i18n.t('repliesVarAuthorFirstName'),
  'author.name': () => i18n.t('repliesVarAuthorName'),
  'author.handle': () => i18n.t('repliesVarAuthorHandle'),
  'post.excerpt': () => i18n.t('repliesVarPostExcerpt'),
  platform: () => i18n.t('repliesVarPlatform'),
  'agent.first_name': () => i18n.t('repliesVarAgentFirstName'),
  'agent.name': () => i18n.t('repliesVarAgentName'),
  brand: () => i18n.t('repliesVarBrand'),
};

function Preview({ draft, agentName, brand }: { draft: Draft; agentName: string | null; brand: string | null }) {
  const [platform, setPlatform] = useState<Platform>('x');
  const [nameless, setNameless] = useState(false);
  const ctx = (p: Platform) => sampleContext(p, agentName, brand, nameless);
  const template = bodyFor({ body: draft.body, variants: draft.variants }, platform);
  const rendered = renderTemplate(template, ctx(platform));
  const checks = platformChecks(draft, ctx);
  const over = checks.filter((c) => c.over > 0);
  return (
    <section class="stack reply-preview" aria-label={i18n.t('repliesPreview')} data-testid="reply-preview">
      <div class="row reply-preview-head">
        <h4 class="section-label grow">{i18n.t('repliesPreview')}</h4>
        <label class="row small">
          <span class="muted">{i18n.t('repliesPreviewOn')}</span>
          <select
            class="select"
            data-testid="reply-preview-platform"
            value={platform}
            onChange={(e) => setPlatform(e.currentTarget.value as Platform)}
          >
            {PLATFORMS.map((p) => (
              <option value={p} key={p}>
                {platformLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <label class="chip-check">
          <input
            type="checkbox"
            data-testid="reply-preview-nameless"
            checked={nameless}
            onChange={(e) => setNameless(e.currentTarget.checked)}
          />
          {i18n.t('repliesPreviewNameless')}
        </label>
      </div>
      <p class="muted small" data-testid="reply-preview-sample">
        {nameless
          ? i18n.t('repliesPreviewSampleNameless', [i18n.t('repliesSampleHandle'), i18n.t('repliesSampleMessage')])
          : i18n.t('repliesPreviewSample', [
              i18n.t('repliesSampleAuthor'),
              i18n.t('repliesSampleHandle'),
              i18n.t('repliesSampleMessage'),
            ])}
      </p>
      <p class="reply-preview-text" data-testid="reply-preview-text" aria-live="polite">
        {rendered.text.trim() ? rendered.text : <span class="muted">{i18n.t('repliesPreviewEmpty')}</span>}
      </p>
      {rendered.missing.length > 0 || rendered.problems.length > 0 ? (
        <ul class="notice notice-warning reply-problems" data-testid="reply-preview-problems">
          {rendered.missing.map((name) => (
            <li key={name} data-testid="reply-missing">
              {name === 'brand'
                ? i18n.t('repliesMissingBrand', ['{{brand}}', `{{brand | ${i18n.t('repliesBrandFallbackExample')}}}`])
                : name === 'agent.first_name' || name === 'agent.name'
                  ? i18n.t('repliesMissingAgent', [`{{${name}}}`, `{{${name} | …}}`])
                  : i18n.t('repliesMissing', [`{{${name}}}`, `{{${name} | …}}`])}
            </li>
          ))}
          {rendered.problems.map((p) => (
            <li key={p} data-testid="reply-problem">
              {p}
            </li>
          ))}
        </ul>
      ) : null}
      <ul class="reply-limits" aria-label={i18n.t('repliesLengths')} data-testid="reply-limits">
        {checks.map((c) => (
          <li
            key={c.platform}
            class="reply-limit"
            data-testid="reply-limit"
            data-platform={c.platform}
            data-over={c.over > 0}
            title={i18n.t('repliesLimitOf', [platformLabel(c.platform), String(c.limit)])}
          >
            <span>{platformLabel(c.platform)}</span>
            <span class="reply-limit-count">
              {c.length}/{c.limit}
            </span>
          </li>
        ))}
      </ul>
      {over.length > 0 ? (
        <ul class="notice notice-error reply-problems" role="status" data-testid="reply-too-long">
          {over.map((c) => (
            <li key={c.platform} data-platform={c.platform}>
              {i18n.t('repliesTooLong', [platformLabel(c.platform), String(c.length), String(c.limit), String(c.over)])}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/* ------------------------------------------------------------------ editor */

interface EditorProps {
  initial: Draft;
  isNew: boolean;
  mayShared: boolean;
  folders: readonly string[];
  teamTags: readonly CachedTag[];
  replies: readonly SavedReply[];
  agentName: string | null;
  brand: string | null;
  busy: boolean;
  /** What went wrong with the last save, shown by the Save button. */
  error: string | null;
  onSave: (reply: SavedReplyFields) => void;
  onCancel: () => void;
  onError: (message: string) => void;
}

type FieldKey = 'body' | Platform;

function ReplyEditor(props: EditorProps) {
  const { initial, isNew, mayShared } = props;
  const [draft, setDraft] = useState<Draft>(initial);
  const [variantPick, setVariantPick] = useState<Platform | ''>('');
  const [tagPick, setTagPick] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const fields = useRef(new Map<FieldKey, HTMLTextAreaElement>());
  const lastField = useRef<FieldKey>('body');
  const caret = useRef<{ field: FieldKey; at: number } | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[data-testid="reply-title"]')?.focus();
  }, []);
  // after a variable went in, the caret goes back to where the user was typing
  useEffect(() => {
    const c = caret.current;
    if (!c) return;
    caret.current = null;
    const el = fields.current.get(c.field);
    if (!el) return;
    el.focus();
    el.setSelectionRange(c.at, c.at);
  });

  const textOf = (f: FieldKey): string => (f === 'body' ? draft.body : (draft.variants[f] ?? ''));
  const setText = (f: FieldKey, text: string) =>
    f === 'body' ? set({ body: text }) : setDraft((d) => ({ ...d, variants: { ...d.variants, [f]: text } }));

  const insertVariable = (name: VariableName) => {
    const f = fields.current.has(lastField.current) ? lastField.current : 'body';
    const el = fields.current.get(f);
    const text = textOf(f);
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? start;
    const token = `{{${name}}}`;
    setText(f, `${text.slice(0, start)}${token}${text.slice(end)}`);
    caret.current = { field: f, at: start + token.length };
  };

  const bindField = (f: FieldKey) => ({
    ref: (el: HTMLTextAreaElement | null) => {
      if (el) fields.current.set(f, el);
      else fields.current.delete(f);
    },
    onFocus: () => {
      lastField.current = f;
    },
  });

  const variantPlatforms = PLATFORMS.filter((p) => draft.variants[p] !== undefined);
  const freePlatforms = PLATFORMS.filter((p) => draft.variants[p] === undefined);
  const addVariant = () => {
    const p = variantPick || freePlatforms[0];
    if (!p) return;
    setDraft((d) => ({ ...d, variants: { ...d.variants, [p]: d.body } }));
    setVariantPick('');
    lastField.current = p;
    caret.current = { field: p, at: draft.body.length };
  };
  const removeVariant = (p: Platform) => {
    setDraft((d) => {
      const variants = { ...d.variants };
      delete variants[p];
      return { ...d, variants };
    });
    if (lastField.current === p) lastField.current = 'body';
  };

  const linkable = props.teamTags.filter((t) => !t.archived && !draft.tags.includes(t.name));
  const linkTag = () => {
    const name = tagPick || linkable[0]?.name;
    if (!name) return;
    set({ tags: [...draft.tags, name] });
    setTagPick('');
  };

  const shortcut = draft.shortcut.trim().replace(/^;+/, '').toLowerCase();
  const clash = shortcut
    ? props.replies.find((r) => r.id !== draft.id && r.shortcut === shortcut && r.scope === draft.scope)
    : undefined;

  const submit = (e: Event) => {
    e.preventDefault();
    const built = draftToInput(draft);
    if (!built.ok) return props.onError(built.error);
    props.onSave(built.reply);
  };

  const idPart = `reply-${draft.id}`;
  return (
    <form
      ref={formRef}
      class="stack reply-editor"
      data-testid="reply-editor"
      aria-label={isNew ? i18n.t('repliesNew') : i18n.t('repliesEditLabel', [initial.title])}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <h3 class="section-label">{isNew ? i18n.t('repliesNew') : i18n.t('repliesEditLabel', [initial.title])}</h3>
      <div class="form-grid reply-grid">
        <label class="field">
          <span>{i18n.t('repliesTitleField')}</span>
          <input
            class="input"
            data-testid="reply-title"
            maxLength={120}
            placeholder={i18n.t('repliesTitlePlaceholder')}
            value={draft.title}
            onInput={(e) => set({ title: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>{i18n.t('repliesFolder')}</span>
          <input
            class="input"
            data-testid="reply-folder"
            list={`${idPart}-folders`}
            maxLength={80}
            placeholder={i18n.t('repliesFolderPlaceholder')}
            value={draft.folder}
            onInput={(e) => set({ folder: e.currentTarget.value })}
          />
          <datalist id={`${idPart}-folders`}>
            {props.folders.map((f) => (
              <option value={f} key={f} />
            ))}
          </datalist>
        </label>
      </div>
      {isNew && mayShared ? (
        <fieldset class="row reply-scope-choice" data-testid="reply-scope">
          <legend class="field-legend">{i18n.t('repliesScope')}</legend>
          <label class="chip-check">
            <input
              type="radio"
              name={`${idPart}-scope`}
              value="shared"
              data-testid="reply-scope-shared"
              checked={draft.scope === 'shared'}
              onChange={() => set({ scope: 'shared' })}
            />
            {i18n.t('repliesScopeSharedLong')}
          </label>
          <label class="chip-check">
            <input
              type="radio"
              name={`${idPart}-scope`}
              value="personal"
              data-testid="reply-scope-personal"
              checked={draft.scope === 'personal'}
              onChange={() => set({ scope: 'personal' })}
            />
            {i18n.t('repliesScopePersonalLong')}
          </label>
        </fieldset>
      ) : (
        <p class="muted small" data-testid="reply-scope-note">
          {draft.scope === 'shared'
            ? i18n.t('repliesScopeSharedNote')
            : isNew
              ? i18n.t('repliesScopePersonalOnly', [whoCan('replies.editShared')])
              : i18n.t('repliesScopePersonalNote')}
        </p>
      )}
      <div class="field">
        <label class="field-label" for={`${idPart}-body`}>
          {i18n.t('repliesBody')}
        </label>
        <textarea
          id={`${idPart}-body`}
          class="input reply-body"
          data-testid="reply-body"
          rows={5}
          maxLength={5000}
          placeholder={i18n.t('repliesBodyPlaceholder')}
          value={draft.body}
          onInput={(e) => set({ body: e.currentTarget.value })}
          {...bindField('body')}
        />
      </div>
      <div class="row reply-vars" role="group" aria-label={i18n.t('repliesInsertVariable')} data-testid="reply-vars">
        <span class="muted small">{i18n.t('repliesInsertVariable')}</span>
        {VARIABLES.map((v) => (
          <button
            type="button"
            class="reply-var"
            key={v}
            data-testid="reply-var"
            data-variable={v}
            title={VARIABLE_HELP[v]()}
            aria-label={i18n.t('repliesInsertVariableLabel', [`{{${v}}}`, VARIABLE_HELP[v]()])}
            onMouseDown={(e) => e.preventDefault() /* keep the caret in the text */}
            onClick={() => insertVariable(v)}
          >
            {`{{${v}}}`}
          </button>
        ))}
      </div>
      <p class="muted small">{i18n.t('repliesFallbackHelp')}</p>
      {variantPlatforms.map((p) => (
        <div class="field reply-variant" key={p} data-testid="reply-variant" data-platform={p}>
          <div class="row">
            <label class="field-label grow" for={`${idPart}-variant-${p}`}>
              {i18n.t('repliesVariantFor', [platformLabel(p)])}
            </label>
            <button
              type="button"
              class="btn btn-quiet"
              data-testid="reply-variant-remove"
              aria-label={i18n.t('repliesVariantRemoveLabel', [platformLabel(p)])}
              onClick={() => removeVariant(p)}
            >
              {i18n.t('repliesVariantRemove')}
            </button>
          </div>
          <textarea
            id={`${idPart}-variant-${p}`}
            class="input reply-body"
            data-testid="reply-variant-body"
            rows={3}
            maxLength={5000}
            value={draft.variants[p] ?? ''}
            onInput={(e) => setText(p, e.currentTarget.value)}
            {...bindField(p)}
          />
        </div>
      ))}
      {freePlatforms.length > 0 ? (
        <div class="row reply-variant-add">
          <label class="row small">
            <span class="muted">{i18n.t('repliesVariantAddFor')}</span>
            <select
              class="select"
              data-testid="reply-variant-platform"
              value={variantPick || freePlatforms[0]}
              onChange={(e) => setVariantPick(e.currentTarget.value as Platform)}
            >
              {freePlatforms.map((p) => (
                <option value={p} key={p}>
                  {platformLabel(p)} ({i18n.t('repliesLimitShort', [String(REPLY_LIMITS[p])])})
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="btn" data-testid="reply-variant-add" onClick={addVariant}>
            {i18n.t('repliesVariantAdd')}
          </button>
        </div>
      ) : null}
      <Preview draft={draft} agentName={props.agentName} brand={props.brand} />
      <div class="stack">
        <span class="field-label" id={`${idPart}-tags`}>
          {i18n.t('repliesTags')}
        </span>
        <p class="muted small">{i18n.t('repliesTagsHelp')}</p>
        {draft.tags.length > 0 ? (
          <ul class="row reply-chips" aria-labelledby={`${idPart}-tags`} data-testid="reply-tags">
            {draft.tags.map((t) => {
              const known = props.teamTags.find((x) => x.name === t);
              return (
                <li
                  key={t}
                  class="tag reply-chip"
                  data-color={known ? tagPaletteEntry(known.color).name : 'grey'}
                  data-testid="reply-tag"
                >
                  {t}
                  <button
                    type="button"
                    class="reply-chip-remove"
                    aria-label={i18n.t('repliesTagUnlink', [t])}
                    onClick={() => set({ tags: draft.tags.filter((x) => x !== t) })}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        ) : null}
        {linkable.length > 0 ? (
          <div class="row">
            <select
              class="select grow"
              data-testid="reply-tag-pick"
              aria-label={i18n.t('repliesTagPick')}
              value={tagPick || linkable[0]?.name}
              onChange={(e) => setTagPick(e.currentTarget.value)}
            >
              {linkable.map((t) => (
                <option value={t.name} key={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <button type="button" class="btn" data-testid="reply-tag-link" onClick={linkTag}>
              {i18n.t('repliesTagLink')}
            </button>
          </div>
        ) : props.teamTags.length === 0 ? (
          <p class="muted small">{i18n.t('repliesNoTeamTags')}</p>
        ) : null}
      </div>
      <div class="form-grid reply-grid">
        <label class="field">
          <span>{i18n.t('repliesKeywords')}</span>
          <input
            class="input"
            data-testid="reply-keywords"
            placeholder={i18n.t('repliesKeywordsPlaceholder')}
            value={draft.keywords}
            onInput={(e) => set({ keywords: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>{i18n.t('repliesShortcut')}</span>
          <span class="reply-shortcut-input">
            <span class="reply-shortcut-prefix" aria-hidden="true">
              {SHORTCUT_PREFIX}
            </span>
            <input
              class="input"
              data-testid="reply-shortcut"
              maxLength={33}
              placeholder="ship"
              spellcheck={false}
              autocomplete="off"
              value={draft.shortcut}
              onInput={(e) => set({ shortcut: e.currentTarget.value })}
            />
          </span>
        </label>
      </div>
      <p class="muted small" data-testid="reply-shortcut-help">
        {shortcut
          ? i18n.t('repliesShortcutHelp', [`${SHORTCUT_PREFIX}${shortcut}`])
          : i18n.t('repliesShortcutHelpEmpty')}
      </p>
      {clash ? (
        <p class="notice notice-warning" data-testid="reply-shortcut-clash">
          {i18n.t('repliesShortcutClash', [`${SHORTCUT_PREFIX}${shortcut}`, clash.title])}
        </p>
      ) : null}
      {props.error ? (
        <p class="notice notice-error" role="alert" data-testid="replies-error">
          {props.error}
        </p>
      ) : null}
      <div class="row">
        <button class="btn btn-primary" type="submit" disabled={props.busy} data-testid="reply-save">
          {isNew ? i18n.t('repliesCreate') : i18n.t('repliesSave')}
        </button>
        <button class="btn btn-quiet" type="button" data-testid="reply-cancel" onClick={props.onCancel}>
          {i18n.t('repliesCancel')}
        </button>
      </div>
    </form>
  );
}

/* ---------------------------------------------------------- import/export */

function download(name: string, type: string, text: string): void {
  const blob = new Blob([text], { type });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
}

function looksJson(fileName: string, text: string): boolean {
  return /\.json$/i.test(fileName) || (!/\.csv$/i.test(fileName) && /^\uFEFF?\s*[[{]/.test(text));
}

interface PendingImport {
  name: string;
  json: boolean;
  result: ImportResult;
}

function ImportReview({
  pending,
  mayShared,
  busy,
  flash,
  onImport,
  onCancel,
}: {
  pending: PendingImport;
  mayShared: boolean;
  busy: boolean;
  flash: preact.ComponentChildren;
  onImport: () => void;
  onCancel: () => void;
}) {
  const { replies, problems } = pending.result;
  const shared = replies.filter((r) => r.scope === 'shared').length;
  const blocked = !mayShared && shared > 0;
  return (
    <div class="stack reply-import" data-testid="reply-import" role="region" aria-label={pending.name}>
      <p class="strong" data-testid="reply-import-summary">
        {i18n.t('repliesImportSummary', [pending.name, String(replies.length), String(problems.length)])}
      </p>
      {problems.length > 0 ? (
        <>
          <p class="muted small">{i18n.t('repliesImportProblemsHelp')}</p>
          <ul class="notice notice-error reply-problems" data-testid="reply-import-problems">
            {problems.slice(0, 50).map((p, i) => (
              <li key={i} data-testid="reply-import-problem" data-row={p.row}>
                {p.row === 0
                  ? i18n.t('repliesImportFileProblem', [p.message])
                  : pending.json
                    ? i18n.t('repliesImportEntryProblem', [String(p.row), p.message])
                    : i18n.t('repliesImportLineProblem', [String(p.row), p.message])}
              </li>
            ))}
            {problems.length > 50 ? <li>{i18n.t('repliesImportMore', [String(problems.length - 50)])}</li> : null}
          </ul>
        </>
      ) : null}
      {blocked ? (
        <p class="notice notice-error" data-testid="reply-import-blocked">
          {i18n.t('repliesImportNeedsShared', [String(shared), whoCan('replies.editShared')])}
        </p>
      ) : null}
      {replies.length > 2000 ? (
        <p class="notice notice-error">{i18n.t('repliesImportTooMany', [String(replies.length)])}</p>
      ) : null}
      {flash}
      <div class="row">
        <button
          class="btn btn-primary"
          type="button"
          data-testid="reply-import-confirm"
          disabled={busy || replies.length === 0 || blocked || replies.length > 2000}
          onClick={onImport}
        >
          {i18n.t('repliesImportConfirm', replies.length, [String(replies.length)])}
        </button>
        <button class="btn btn-quiet" type="button" data-testid="reply-import-cancel" onClick={onCancel}>
          {i18n.t('repliesCancel')}
        </button>
      </div>
    </div>
  );
}

/* ---------------------------------------------------------------- settings */

function SettingsForm({
  settings,
  busy,
  flash,
  onSave,
  onError,
}: {
  settings: ReplySettings;
  busy: boolean;
  flash: preact.ComponentChildren;
  onSave: (s: ReplySettings) => void;
  onError: (m: string) => void;
}) {
  const [brand, setBrand] = useState(settings.brand ?? '');
  const [uses, setUses] = useState(String(settings.guardrail.uses));
  const [minutes, setMinutes] = useState(String(settings.guardrail.minutes));
  useEffect(() => {
    setBrand(settings.brand ?? '');
    setUses(String(settings.guardrail.uses));
    setMinutes(String(settings.guardrail.minutes));
  }, [settings.brand, settings.guardrail.uses, settings.guardrail.minutes]);

  const submit = (e: Event) => {
    e.preventDefault();
    const parsed = ReplySettings.safeParse({
      brand,
      guardrail: { uses: Number(uses), minutes: Number(minutes) },
    });
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      return onError(field === 'brand' ? i18n.t('repliesBrandInvalid') : i18n.t('repliesGuardrailInvalid'));
    }
    onSave(parsed.data);
  };
  const digits = (s: string) => s.replace(/\D/g, '').slice(0, 4);
  return (
    <form class="stack reply-settings" data-testid="reply-settings" onSubmit={submit}>
      <h3 class="section-label">{i18n.t('repliesSettings')}</h3>
      <label class="field">
        <span>{i18n.t('repliesBrand')}</span>
        <input
          class="input"
          data-testid="reply-brand"
          maxLength={80}
          placeholder={i18n.t('repliesBrandPlaceholder')}
          value={brand}
          onInput={(e) => setBrand(e.currentTarget.value)}
        />
      </label>
      <p class="muted small">{i18n.t('repliesBrandHelp', ['{{brand}}'])}</p>
      <fieldset class="stack reply-guardrail">
        <legend class="field-legend">{i18n.t('repliesGuardrail')}</legend>
        <p class="row guardrail-sentence">
          <span>{i18n.t('repliesGuardrailBefore')}</span>
          <input
            class="input input-number"
            inputMode="numeric"
            data-testid="reply-guardrail-uses"
            aria-label={i18n.t('repliesGuardrailUses')}
            value={uses}
            onInput={(e) => setUses(digits(e.currentTarget.value))}
          />
          <span>{i18n.t('repliesGuardrailMiddle')}</span>
          <input
            class="input input-number"
            inputMode="numeric"
            data-testid="reply-guardrail-minutes"
            aria-label={i18n.t('repliesGuardrailMinutes')}
            value={minutes}
            onInput={(e) => setMinutes(digits(e.currentTarget.value))}
          />
          <span>{i18n.t('repliesGuardrailAfter')}</span>
        </p>
        <p class="muted small">{i18n.t('repliesGuardrailHelp')}</p>
      </fieldset>
      {flash}
      <div class="row">
        <button class="btn" type="submit" disabled={busy} data-testid="reply-settings-save">
          {i18n.t('repliesSettingsSave')}
        </button>
      </div>
    </form>
  );
}

/* ----------------------------------------------------------------- section */

type Editing = { mode: 'new'; draft: Draft } | { mode: 'edit'; id: string } | null;

/** A message from the last action, shown where it happened. */
interface Flash {
  kind: 'error' | 'success';
  text: string;
  where: 'list' | 'editor' | 'transfer' | 'settings';
}

function FlashLine({ flash, where }: { flash: Flash | null; where: Flash['where'] }) {
  if (!flash || flash.where !== where) return null;
  return flash.kind === 'error' ? (
    <p class="notice notice-error" role="alert" data-testid="replies-error">
      {flash.text}
    </p>
  ) : (
    <p class="notice notice-success" role="status" data-testid="replies-notice">
      {flash.text}
    </p>
  );
}

export function RepliesSection({
  me,
  tags,
  version = 0,
}: {
  me: MemberWithAccess | null;
  /** The team's tags (ExtensionState.tags), to link replies to. */
  tags: readonly CachedTag[];
  /** ExtensionState.repliesVersion: the list reloads when it changes. */
  version?: number;
}) {
  const [data, setData] = useState<RepliesData | null>(null);
  const [flash, setFlash] = useState<Flash | null>(null);
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [pendingImport, setPendingImport] = useState<PendingImport | null>(null);
  const [exportWhich, setExportWhich] = useState<'all' | 'shown'>('all');
  const newButton = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const permissions = me ? accessOf(me).permissions : [];
  const mayShared = permissions.includes('replies.editShared');
  const mayPersonal = permissions.includes('items.edit');
  const mayEdit = (r: SavedReply) => (r.scope === 'shared' ? mayShared : mayPersonal);
  const fail = (where: Flash['where'], text: string) => setFlash({ kind: 'error', text, where });
  const done = (where: Flash['where'], text: string) => setFlash({ kind: 'success', text, where });

  const reload = async (): Promise<void> => {
    const r = await call('replies.list', {});
    if (!r.ok) return fail('list', i18n.t('repliesLoadFailed', [r.error]));
    setData(r.result as RepliesData);
  };
  useEffect(() => void reload(), [me?.id, version]);

  /** Runs one request; the list is reloaded when it went through. */
  const run = async (
    request: string,
    payload: Record<string, unknown>,
    where: Flash['where'],
    failed: string,
  ): Promise<Result> => {
    setBusy(true);
    setFlash(null);
    const r = await call(request, payload);
    setBusy(false);
    if (!r.ok) {
      fail(where, `${failed} ${r.error}`);
      return r;
    }
    await reload();
    return r;
  };

  const focusRow = (id: string, which = '[data-testid="reply-edit"]') =>
    setTimeout(() =>
      [...(rootRef.current?.querySelectorAll<HTMLElement>('[data-reply-id]') ?? [])]
        .find((el) => el.dataset.replyId === id)
        ?.querySelector<HTMLElement>(which)
        ?.focus(),
    );

  const cancelEdit = () => {
    const was = editing;
    setEditing(null);
    setFlash(null);
    if (was?.mode === 'edit') focusRow(was.id);
    else setTimeout(() => newButton.current?.focus());
  };

  const save = async (reply: SavedReplyFields, isNew: boolean): Promise<void> => {
    const failed = isNew ? i18n.t('repliesSaveFailedNew') : i18n.t('repliesSaveFailed', [reply.title]);
    const r = await run('reply.save', { reply }, 'editor', failed);
    if (!r.ok) return;
    setEditing(null);
    done('list', i18n.t('repliesSaved', [reply.title]));
    focusRow(reply.id);
  };

  const remove = async (r: SavedReply): Promise<void> => {
    const result = await run('reply.delete', { id: r.id }, 'list', i18n.t('repliesDeleteFailed', [r.title]));
    setConfirming(null);
    if (!result.ok) return;
    if (editing?.mode === 'edit' && editing.id === r.id) setEditing(null);
    done('list', i18n.t('repliesDeleted', [r.title]));
    setTimeout(() => newButton.current?.focus());
  };

  const readFile = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setFlash(null);
    let text: string;
    try {
      text = await file.text();
    } catch {
      return fail('transfer', i18n.t('repliesImportUnreadable', [file.name]));
    }
    setPendingImport({ name: file.name, json: looksJson(file.name, text), result: importReplies(file.name, text) });
  };

  const confirmImport = async (): Promise<void> => {
    if (!pendingImport) return;
    const r = await run(
      'replies.import',
      { replies: pendingImport.result.replies },
      'transfer',
      i18n.t('repliesImportFailed', [pendingImport.name]),
    );
    if (!r.ok) return;
    const { created, updated } = r.result as { created: number; updated: number };
    setPendingImport(null);
    done('transfer', i18n.t('repliesImported', [String(created), String(updated)]));
  };

  const saveSettings = async (settings: ReplySettings): Promise<void> => {
    const r = await run('replies.settings.set', { settings }, 'settings', i18n.t('repliesSettingsFailed'));
    if (r.ok) done('settings', i18n.t('repliesSettingsSaved'));
  };

  const replies = data?.replies ?? [];
  const shown = filterReplies(replies, query);
  const groups = groupByFolder(shown);
  const folders = [...new Set(replies.map((r) => r.folder).filter(Boolean))].sort((a, b) => a.localeCompare(b));
  const filtered = query.trim() !== '' && shown.length !== replies.length;
  const toExport = exportWhich === 'shown' && filtered ? shown : replies;
  const editorProps = {
    mayShared,
    folders,
    teamTags: tags,
    replies,
    agentName: me?.name ?? null,
    brand: data?.settings.brand ?? null,
    busy,
    error: flash?.where === 'editor' && flash.kind === 'error' ? flash.text : null,
    onCancel: cancelEdit,
    onError: (m: string) => fail('editor', m),
  };

  const row = (r: SavedReply) => {
    const open = editing?.mode === 'edit' && editing.id === r.id;
    const uses = data?.usage[r.id] ?? 0;
    const variants = PLATFORMS.filter((p) => r.variants[p] !== undefined);
    const details = [
      r.tags.length ? i18n.t('repliesLinkedTags', [r.tags.join(', ')]) : '',
      variants.length ? i18n.t('repliesVariants', [variants.map(platformLabel).join(', ')]) : '',
      i18n.t('repliesUsage', uses, [String(uses)]),
    ].filter(Boolean);
    return (
      <li
        class="reply-row stack"
        key={`${r.scope}:${r.id}`}
        data-testid="reply-row"
        data-reply-id={r.id}
        data-scope={r.scope}
      >
        <div class="row reply-row-main">
          <span class="grow">
            <span class="row reply-row-head">
              <span class="strong" data-testid="reply-row-title">
                {r.title}
              </span>
              <span class="reply-scope" data-scope={r.scope} data-testid="reply-row-scope">
                {r.scope === 'shared' ? i18n.t('repliesScopeShared') : i18n.t('repliesScopePersonal')}
              </span>
              {r.shortcut ? (
                <code class="reply-shortcut" data-testid="reply-row-shortcut">
                  {`${SHORTCUT_PREFIX}${r.shortcut}`}
                </code>
              ) : null}
            </span>
            <span class="muted small block reply-excerpt">{excerpt(r.body, 160)}</span>
            <span class="muted small block" data-testid="reply-row-details">
              {details.join(' · ')}
            </span>
          </span>
          {mayEdit(r) ? (
            <span class="row reply-actions">
              <button
                class="btn btn-quiet"
                type="button"
                data-testid="reply-edit"
                aria-expanded={open}
                aria-label={i18n.t('repliesEditLabel', [r.title])}
                onClick={() => {
                  setFlash(null);
                  setConfirming(null);
                  setEditing(open ? null : { mode: 'edit', id: r.id });
                }}
              >
                {i18n.t('repliesEdit')}
              </button>
              <button
                class="btn btn-quiet"
                type="button"
                data-testid="reply-delete"
                aria-label={i18n.t('repliesDeleteLabel', [r.title])}
                onClick={() => {
                  setConfirming(r.id);
                  focusRow(r.id, '[data-testid="reply-delete-confirm"]');
                }}
              >
                {i18n.t('repliesDelete')}
              </button>
            </span>
          ) : null}
        </div>
        {confirming === r.id ? (
          <div
            class="row notice notice-warning reply-confirm"
            role="group"
            aria-label={i18n.t('repliesDeleteLabel', [r.title])}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setConfirming(null);
                focusRow(r.id, '[data-testid="reply-delete"]');
              }
            }}
          >
            <span class="grow">
              {r.scope === 'shared'
                ? i18n.t('repliesDeleteSharedAsk', [r.title])
                : i18n.t('repliesDeleteAsk', [r.title])}
            </span>
            <button
              class="btn btn-danger"
              type="button"
              data-testid="reply-delete-confirm"
              disabled={busy}
              onClick={() => void remove(r)}
            >
              {i18n.t('repliesDeleteConfirm')}
            </button>
            <button
              class="btn btn-quiet"
              type="button"
              data-testid="reply-delete-keep"
              onClick={() => {
                setConfirming(null);
                focusRow(r.id, '[data-testid="reply-delete"]');
              }}
            >
              {i18n.t('repliesKeep')}
            </button>
          </div>
        ) : null}
        {open ? (
          <ReplyEditor {...editorProps} initial={draftOf(r)} isNew={false} onSave={(x) => void save(x, false)} />
        ) : null}
      </li>
    );
  };

  return (
    <div class="stack" data-testid="replies-section" ref={rootRef}>
      <p class="muted">{i18n.t('repliesHelp')}</p>
      {!mayShared && data ? (
        <p class="muted small" data-testid="replies-readonly">
          {mayPersonal
            ? i18n.t('repliesSharedReadOnly', [whoCan('replies.editShared')])
            : i18n.t('repliesViewerReadOnly')}
        </p>
      ) : null}
      <div class="row reply-toolbar">
        <label class="field grow">
          <span>{i18n.t('repliesFilter')}</span>
          <input
            class="input"
            type="search"
            data-testid="replies-filter"
            placeholder={i18n.t('repliesFilterPlaceholder')}
            value={query}
            disabled={!data || replies.length === 0}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && query) {
                e.preventDefault();
                setQuery('');
              }
            }}
          />
        </label>
        {mayPersonal ? (
          <button
            ref={newButton}
            class="btn btn-primary"
            type="button"
            data-testid="reply-new"
            aria-expanded={editing?.mode === 'new'}
            disabled={!data}
            onClick={() => {
              setFlash(null);
              setEditing({ mode: 'new', draft: emptyDraft(mayShared ? 'shared' : 'personal') });
            }}
          >
            {i18n.t('repliesNew')}
          </button>
        ) : null}
      </div>
      {editing?.mode === 'new' ? (
        <ReplyEditor {...editorProps} initial={editing.draft} isNew onSave={(x) => void save(x, true)} />
      ) : null}
      <FlashLine flash={flash} where="list" />
      {data === null && flash === null ? <p class="muted small">{i18n.t('repliesLoading')}</p> : null}
      {data && replies.length === 0 ? (
        <p class="muted small empty-inline" data-testid="replies-empty">
          {mayPersonal ? i18n.t('repliesEmpty') : i18n.t('repliesEmptyViewer')}
        </p>
      ) : null}
      {data && replies.length > 0 && groups.length === 0 ? (
        <p class="muted small" data-testid="replies-no-match">
          {i18n.t('repliesNoMatch', [query.trim()])}
        </p>
      ) : null}
      {groups.map((g) => (
        <section class="stack reply-group" key={g.folder} data-testid="reply-group">
          <h3 class="section-label" data-testid="reply-group-name">
            {g.folder || i18n.t('repliesNoFolder')}
          </h3>
          <ul class="reply-list">{g.replies.map(row)}</ul>
        </section>
      ))}
      {data ? (
        <div class="stack reply-transfer">
          <h3 class="section-label">{i18n.t('repliesTransfer')}</h3>
          <p class="muted small">{i18n.t('repliesTransferHelp')}</p>
          <div class="row reply-transfer-row">
            {mayPersonal ? (
              <label class="btn reply-file" data-testid="reply-import-label">
                {i18n.t('repliesImport')}
                <input
                  type="file"
                  class="visually-hidden"
                  data-testid="reply-import-file"
                  accept=".csv,.json,text/csv,application/json"
                  onChange={(e) => void readFile(e.currentTarget)}
                />
              </label>
            ) : null}
            <span class="grow" />
            <label class="row small">
              <span class="muted">{i18n.t('repliesExportWhich')}</span>
              <select
                class="select"
                data-testid="reply-export-which"
                value={filtered ? exportWhich : 'all'}
                onChange={(e) => setExportWhich(e.currentTarget.value as 'all' | 'shown')}
              >
                <option value="all">{i18n.t('repliesExportAll', [String(replies.length)])}</option>
                <option value="shown" disabled={!filtered}>
                  {i18n.t('repliesExportShown', [String(filtered ? shown.length : replies.length)])}
                </option>
              </select>
            </label>
            <button
              class="btn"
              type="button"
              data-testid="reply-export-csv"
              aria-label={i18n.t('repliesExportCsvLabel', [String(toExport.length)])}
              disabled={toExport.length === 0}
              onClick={() =>
                download('inlay-saved-replies.csv', 'text/csv;charset=utf-8', `\uFEFF${exportCsv(toExport)}`)
              }
            >
              {i18n.t('repliesExportCsv')}
            </button>
            <button
              class="btn"
              type="button"
              data-testid="reply-export-json"
              aria-label={i18n.t('repliesExportJsonLabel', [String(toExport.length)])}
              disabled={toExport.length === 0}
              onClick={() => download('inlay-saved-replies.json', 'application/json', exportJson(toExport))}
            >
              {i18n.t('repliesExportJson')}
            </button>
          </div>
          {pendingImport ? (
            <ImportReview
              pending={pendingImport}
              mayShared={mayShared}
              busy={busy}
              flash={<FlashLine flash={flash} where="transfer" />}
              onImport={() => void confirmImport()}
              onCancel={() => setPendingImport(null)}
            />
          ) : (
            <FlashLine flash={flash} where="transfer" />
          )}
        </div>
      ) : null}
      {data && mayShared ? (
        <SettingsForm
          settings={data.settings}
          busy={busy}
          flash={<FlashLine flash={flash} where="settings" />}
          onSave={(s) => void saveSettings(s)}
          onError={(m) => fail('settings', m)}
        />
      ) : null}
    </div>
  );
}
