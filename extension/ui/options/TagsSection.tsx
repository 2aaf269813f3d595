/**
 * The tag taxonomy in the options page: every tag grouped by category (the
 * `Category - reason` convention), with its colour, description, usage and
 * archived state, and a type-ahead filter. Members who may create tags
 * (`tags.create`) create, recolour, describe, rename, merge and archive
 * them here; renames and merges keep history (old names become aliases).
 * Everyone else sees the list read-only. The companion checks again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Member, TagInfo } from '../../../shared/model';
import { can, whoCan } from '../../../shared/permissions';
import { TAG_PALETTE, defaultTagColor, groupTagsByCategory, tagKey, tagPaletteEntry } from '../../../shared/tags';
import { foldText } from '../../../shared/views';
import { formatAge } from '../format';
import { ask } from '../bg-client';
import { i18n } from '../i18n';

type Result = { ok: true; result: unknown } | { ok: false; error: string };

const call = async (request: string, payload: Record<string, unknown>): Promise<Result> => {
  const r = await ask<{ result: unknown }>({ type: 'companion', request: request as never, payload });
  return r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error };
};

type Edit =
  | { id: string; mode: 'edit'; color: string; description: string }
  | { id: string; mode: 'rename'; name: string }
  | { id: string; mode: 'merge'; into: string };

/** Tags whose name, description or former names contain the query (accents and case ignored). */
export function filterTags(tags: readonly TagInfo[], query: string): TagInfo[] {
  const q = foldText(query.trim());
  if (!q) return [...tags];
  return tags.filter((t) => [t.name, t.description ?? '', ...t.aliases].some((s) => foldText(s).includes(q)));
}

function Swatch({ color }: { color: string }) {
  return <span class="tag tag-swatch" data-color={tagPaletteEntry(color).name} aria-hidden="true" />;
}

function ColorChoice({ value, onChange, testid }: { value: string; onChange: (hex: string) => void; testid: string }) {
  return (
    <div class="row tag-colors" role="group" aria-label={i18n.t('tagsColor')} data-testid={testid}>
      {TAG_PALETTE.map((p) => (
        <button
          type="button"
          key={p.hex}
          class="tag tag-color"
          data-color={p.name}
          aria-pressed={value.toLowerCase() === p.hex}
          aria-label={i18n.t('tagsColorOption', [p.name])}
          title={p.name}
          onClick={() => onChange(p.hex)}
        />
      ))}
    </div>
  );
}

export function TagsSection({ me, now = Date.now() }: { me: Member | null; now?: number }) {
  const [tags, setTags] = useState<TagInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [edit, setEdit] = useState<Edit | null>(null);
  const [name, setName] = useState('');
  const [color, setColor] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const editRef = useRef<HTMLFormElement>(null);
  const mayEdit = me !== null && can(me, 'tags.create');

  const reload = async (): Promise<void> => {
    const r = await call('tags.list', {});
    if (!r.ok) return setError(r.error);
    setTags((r.result as { tags: TagInfo[] }).tags);
  };
  useEffect(() => void reload(), [me?.id]);

  // an opened edit form takes the focus, so the keyboard goes on from there
  const editKey = edit ? `${edit.id}:${edit.mode}` : null;
  useEffect(() => {
    editRef.current?.querySelector<HTMLElement>('input, select, button')?.focus();
  }, [editKey]);

  /** Runs one tag request; true when it went through (the list is then reloaded). */
  const run = async (request: string, payload: Record<string, unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    const r = await call(request, payload);
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    await reload();
    return true;
  };

  const cancel = (id: string): void => {
    setEdit(null);
    // back to the row the edit came from
    queueMicrotask(() =>
      [...document.querySelectorAll<HTMLElement>('[data-tag-id]')]
        .find((el) => el.dataset.tagId === id)
        ?.querySelector<HTMLElement>('.tag-actions button')
        ?.focus(),
    );
  };

  const create = async (): Promise<void> => {
    if (!name.trim()) return setError(i18n.t('tagsNeedName'));
    const ok = await run('tag.create', {
      name,
      ...(color ? { color } : {}),
      ...(description.trim() ? { description } : {}),
    });
    if (!ok) return;
    setName('');
    setColor(null);
    setDescription('');
  };

  const submitEdit = async (tag: TagInfo, e: Edit): Promise<void> => {
    let ok: boolean;
    if (e.mode === 'edit') {
      const patch: Record<string, unknown> = {};
      if (e.color.toLowerCase() !== tag.color.toLowerCase()) patch.color = e.color;
      if ((e.description.trim() || null) !== tag.description) patch.description = e.description;
      if (Object.keys(patch).length === 0) return setEdit(null);
      ok = await run('tag.update', { id: tag.id, ...patch });
    } else if (e.mode === 'rename') {
      if (!e.name.trim()) return setError(i18n.t('tagsNeedName'));
      if (e.name.trim() === tag.name) return setEdit(null);
      ok = await run('tag.rename', { id: tag.id, name: e.name });
    } else {
      if (!e.into) return setError(i18n.t('tagsNeedTarget'));
      ok = await run('tag.merge', { id: tag.id, into: e.into });
    }
    if (ok) setEdit(null);
  };

  const editForm = (tag: TagInfo, e: Edit) => {
    const target = e.mode === 'merge' ? tags?.find((t) => t.id === e.into) : undefined;
    return (
      <form
        ref={editRef}
        class="stack tag-edit"
        data-testid={`tag-${e.mode}-form`}
        onSubmit={(ev) => {
          ev.preventDefault();
          void submitEdit(tag, e);
        }}
        onKeyDown={(ev) => {
          if (ev.key === 'Escape') {
            ev.preventDefault();
            ev.stopPropagation();
            cancel(tag.id);
          }
        }}
      >
        {e.mode === 'edit' ? (
          <>
            <ColorChoice value={e.color} onChange={(c) => setEdit({ ...e, color: c })} testid="tag-edit-colors" />
            <label class="field">
              <span>{i18n.t('tagsDescription')}</span>
              <input
                class="input"
                data-testid="tag-edit-description"
                maxLength={500}
                value={e.description}
                onInput={(ev) => setEdit({ ...e, description: ev.currentTarget.value })}
              />
            </label>
          </>
        ) : e.mode === 'rename' ? (
          <>
            <label class="field">
              <span>{i18n.t('tagsNewName')}</span>
              <input
                class="input"
                data-testid="tag-rename-name"
                maxLength={80}
                value={e.name}
                onInput={(ev) => setEdit({ ...e, name: ev.currentTarget.value })}
              />
            </label>
            <p class="muted small">{i18n.t('tagsRenameHelp')}</p>
          </>
        ) : (
          <>
            <label class="field">
              <span>{i18n.t('tagsMergeInto')}</span>
              <select
                class="select"
                data-testid="tag-merge-into"
                value={e.into}
                onChange={(ev) => setEdit({ ...e, into: ev.currentTarget.value })}
              >
                <option value="">{i18n.t('tagsMergeChoose')}</option>
                {(tags ?? [])
                  .filter((t) => t.id !== tag.id)
                  .sort((a, b) => tagKey(a.name).localeCompare(tagKey(b.name)))
                  .map((t) => (
                    <option value={t.id} key={t.id}>
                      {t.archived ? `${t.name} (${i18n.t('tagsArchived')})` : t.name}
                    </option>
                  ))}
              </select>
            </label>
            <p class="muted small" data-testid="tag-merge-help">
              {i18n.t('tagsMergeHelp', [tag.name, target?.name ?? '…'])}
            </p>
          </>
        )}
        <div class="row">
          <button
            class="btn btn-primary"
            type="submit"
            disabled={busy || (e.mode === 'merge' && !e.into)}
            data-testid="tag-edit-save"
          >
            {e.mode === 'merge' ? i18n.t('tagsMergeConfirm') : i18n.t('tagsSave')}
          </button>
          <button class="btn btn-quiet" type="button" data-testid="tag-edit-cancel" onClick={() => cancel(tag.id)}>
            {i18n.t('tagsCancel')}
          </button>
        </div>
      </form>
    );
  };

  const row = (t: TagInfo) => {
    const open = edit?.id === t.id ? edit : null;
    return (
      <li class="tag-row stack" key={t.id} data-testid="tag-row" data-tag-id={t.id} data-archived={t.archived}>
        <div class="row">
          <Swatch color={t.color} />
          <span class="grow">
            <span class="strong" data-testid="tag-name">
              {t.name}
            </span>
            {t.archived ? (
              <span class="tag-archived small" data-testid="tag-archived">
                {i18n.t('tagsArchived')}
              </span>
            ) : null}
            {t.description ? <span class="muted small block">{t.description}</span> : null}
            <span class="muted small block" data-testid="tag-usage">
              {i18n.t('tagsUsage', t.usage)}
              {t.lastUsedAt ? ` · ${i18n.t('tagsLastUsed', [formatAge(t.lastUsedAt, now)])}` : ''}
              {t.aliases.length ? ` · ${i18n.t('tagsAliases', [t.aliases.join(', ')])}` : ''}
            </span>
          </span>
          {mayEdit ? (
            <span class="row tag-actions">
              <button
                class="btn btn-quiet"
                type="button"
                aria-label={i18n.t('tagsEditLabel', [t.name])}
                aria-expanded={open?.mode === 'edit'}
                data-testid="tag-edit"
                onClick={() => setEdit({ id: t.id, mode: 'edit', color: t.color, description: t.description ?? '' })}
              >
                {i18n.t('tagsEdit')}
              </button>
              <button
                class="btn btn-quiet"
                type="button"
                aria-label={i18n.t('tagsRenameLabel', [t.name])}
                aria-expanded={open?.mode === 'rename'}
                data-testid="tag-rename"
                onClick={() => setEdit({ id: t.id, mode: 'rename', name: t.name })}
              >
                {i18n.t('tagsRename')}
              </button>
              <button
                class="btn btn-quiet"
                type="button"
                aria-label={i18n.t('tagsMergeLabel', [t.name])}
                aria-expanded={open?.mode === 'merge'}
                data-testid="tag-merge"
                onClick={() => setEdit({ id: t.id, mode: 'merge', into: '' })}
              >
                {i18n.t('tagsMerge')}
              </button>
              <button
                class="btn btn-quiet"
                type="button"
                disabled={busy}
                aria-label={i18n.t(t.archived ? 'tagsUnarchiveLabel' : 'tagsArchiveLabel', [t.name])}
                data-testid="tag-archive"
                onClick={() => void run('tag.update', { id: t.id, archived: !t.archived })}
              >
                {t.archived ? i18n.t('tagsUnarchive') : i18n.t('tagsArchive')}
              </button>
            </span>
          ) : null}
        </div>
        {open ? editForm(t, open) : null}
      </li>
    );
  };

  const shown = tags ? filterTags(tags, query) : [];
  const groups = groupTagsByCategory(shown);

  return (
    <div class="stack" data-testid="tags-section">
      <p class="muted">{i18n.t('tagsHelp')}</p>
      {!mayEdit && tags ? (
        <p class="muted small" data-testid="tags-readonly">
          {i18n.t('tagsReadOnly', [whoCan('tags.create')])}
        </p>
      ) : null}
      {tags === null ? <p class="muted small">{i18n.t('tagsLoading')}</p> : null}
      {tags && tags.length === 0 ? <p class="muted small empty-inline">{i18n.t('tagsEmpty')}</p> : null}
      {tags && tags.length > 0 ? (
        <>
          <label class="field">
            <span>{i18n.t('tagsFilter')}</span>
            <input
              class="input"
              type="search"
              data-testid="tags-filter"
              placeholder={i18n.t('tagsFilterPlaceholder')}
              value={query}
              onInput={(e) => setQuery(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && query) {
                  e.preventDefault();
                  setQuery('');
                }
              }}
            />
          </label>
          {groups.length === 0 ? (
            <p class="muted small" data-testid="tags-no-match">
              {i18n.t('tagsNoMatch', [query.trim()])}
            </p>
          ) : (
            groups.map((g) => (
              <section class="stack tag-group" key={g.category ?? ''} data-testid="tag-group">
                <h3 class="section-label" data-testid="tag-group-name">
                  {g.category ?? i18n.t('tagsNoCategory')}
                </h3>
                <ul class="tag-list">{g.tags.map(row)}</ul>
              </section>
            ))
          )}
        </>
      ) : null}
      {mayEdit ? (
        <form
          class="stack tag-form"
          data-testid="tag-form"
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <h3 class="section-label">{i18n.t('tagsNew')}</h3>
          <div class="form-grid">
            <label class="field">
              <span>{i18n.t('tagsName')}</span>
              <input
                class="input"
                data-testid="tag-new-name"
                placeholder="CS - late delivery"
                maxLength={80}
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </label>
            <label class="field">
              <span>{i18n.t('tagsDescription')}</span>
              <input
                class="input"
                data-testid="tag-new-description"
                placeholder={i18n.t('tagsDescriptionPlaceholder')}
                maxLength={500}
                value={description}
                onInput={(e) => setDescription(e.currentTarget.value)}
              />
            </label>
          </div>
          <ColorChoice value={color ?? defaultTagColor(name || ' ')} onChange={setColor} testid="tag-new-colors" />
          <div class="row">
            <button class="btn btn-primary" type="submit" disabled={busy} data-testid="tag-create">
              {i18n.t('tagsCreate')}
            </button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p class="notice notice-error" role="alert" data-testid="tags-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
