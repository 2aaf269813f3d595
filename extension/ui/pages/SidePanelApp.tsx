/**
 * The side panel: a keyboard-first triage surface over the whole queue.
 *
 *   header     title, how many items the view shows, the response target, `?`, the connection dot
 *   banners    offline / unpaired (changes made offline wait in the outbox)
 *   view tabs  system views, the team's shared views and personal views with live counts (1–9 switch)
 *   filter bar keyword (`/`), site, status, assignee, priority, tags; save as a personal view;
 *              leads and admins share a personal view with the team, and change or delete shared ones
 *   bulk bar   while items are selected (x, Shift+j/k)
 *   list       virtualised rows; j/k move, Enter/o open, e done, s snooze, p priority,
 *              a assign, t tag, Esc closes then clears, ? lists the keys
 *
 * Every change goes through the background (`item.update`), which answers at
 * once (the outbox holds it while the companion is away) and pushes the
 * changed item back on the live port — the list redraws from that push. A
 * change the companion refuses comes back as a `refused` push and is said in
 * its words.
 *
 * What the member may not do is not offered (triage/access.ts): viewers get
 * no actions, agents pick only existing tags and assign only themselves (or
 * nobody); items on sites outside their networks are left alone, and the
 * panel says how many. Teammates on an item show on its row.
 *
 * Shared views come from the companion (`views.list`): fetched when the panel
 * connects, whenever it gets the focus back, and after this member's own
 * changes (the background does not relay `view.saved` pushes to the panel).
 */
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { i18n } from '../i18n';
import type { Item } from '../../../shared/model';
import type { Presence } from '../../../shared/protocol';
import { tagKey, tagPaletteEntry } from '../../../shared/tags';
import {
  SYSTEM_VIEWS,
  SYSTEM_VIEW_IDS,
  isSystemView,
  compileFilter,
  countByView,
  sameFilter,
  type View,
  type ViewFilter,
} from '../../../shared/views';
import type { BgReply, BgRequest, ExtensionState } from '../../messaging/messages';
import { ask as bgAsk } from '../bg-client';
import { AssignPicker } from '../components/AssignPicker';
import { BulkBar } from '../components/BulkBar';
import { EmptyState } from '../components/EmptyState';
import { FilterBar } from '../components/FilterBar';
import { KeyHelp } from '../components/KeyHelp';
import { PriorityPicker } from '../components/PriorityPicker';
import { TagPicker } from '../components/TagPicker';
import { TriageList, formatTarget, sortNewestFirst } from '../components/TriageList';
import { ViewTabs } from '../components/ViewTabs';
import {
  planAssign,
  planDone,
  planPriority,
  planSnooze,
  planTag,
  runUpdates,
  tagsInUse,
  type ItemUpdate,
} from '../triage/actions';
import { allowedTargets, panelAccess } from '../triage/access';
import { commandFor, isTypingTarget, type Command } from '../triage/keys';
import { initialListState, listReducer, targets } from '../triage/list-state';
import {
  DEFAULT_SETTINGS,
  ResponseTarget,
  memoryPanelStore,
  newViewId,
  storagePanelStore,
  type PanelSettings,
  type PanelStore,
} from '../triage/personal-views';
import { presenceByItem } from '../triage/presence';
import { createViewingReporter } from '../triage/report-viewing';
import { deleteSharedView, listSharedViews, newSharedViewId, saveSharedView } from '../triage/shared-views';
import { useLive, useNow, type Refusal } from '../use-live';
import '../triage/triage.css';

export type Ask = (request: BgRequest) => Promise<BgReply>;

/** Response targets offered in the header (minutes). */
export const TARGET_CHOICES = [15, 30, 60, 120, 240, 480, 1440] as const;

export interface SidePanelViewProps {
  state: ExtensionState | null;
  items: readonly Item[];
  loaded: boolean;
  now: number;
  /** Opens an item on its site; by default `ask({ type: 'open', url, key })` (the page then scrolls to it). */
  onOpen?: (item: Item) => void;
  ask?: Ask;
  /** Where personal views and panel settings live; in memory when absent. */
  store?: PanelStore;
  /** Teammates viewing or typing on items now. */
  presence?: readonly Presence[];
  /** The last change the companion refused. */
  refusal?: Refusal | null;
}

function emptyWords(viewId: string, me: string | null): { title: string; hint: string } {
  switch (viewId) {
    case SYSTEM_VIEW_IDS.mine:
      return {
        title: i18n.t('sidepanelEmptyMine'),
        hint: me ? i18n.t('sidepanelEmptyMineHint') : i18n.t('sidepanelEmptyMineUnpaired'),
      };
    case SYSTEM_VIEW_IDS.unassigned:
      return { title: i18n.t('sidepanelEmptyUnassigned'), hint: i18n.t('sidepanelEmptyUnassignedHint') };
    case SYSTEM_VIEW_IDS.untagged:
      return { title: i18n.t('sidepanelEmptyUntagged'), hint: i18n.t('sidepanelEmptyUntaggedHint') };
    case SYSTEM_VIEW_IDS.high:
      return { title: i18n.t('sidepanelEmptyHigh'), hint: i18n.t('sidepanelEmptyHighHint') };
    case SYSTEM_VIEW_IDS.done:
      return { title: i18n.t('sidepanelEmptyDone'), hint: i18n.t('sidepanelEmptyDoneHint') };
    case SYSTEM_VIEW_IDS.all:
      return { title: i18n.t('sidepanelEmpty'), hint: i18n.t('sidepanelEmptyAllHint') };
    default:
      return { title: i18n.t('sidepanelEmptyView'), hint: i18n.t('sidepanelEmptyViewHint') };
  }
}

/** Tell teammates which item this member has under the cursor while the panel is visible ("Sam is viewing"). */
function usePanelViewing(ask: Ask, cursor: string | null): void {
  const reporter = useMemo(
    () => createViewingReporter((itemKey, state) => void ask({ type: 'presence.set', itemKey, state })),
    [ask],
  );
  const [visible, setVisible] = useState(
    () => typeof document === 'undefined' || document.visibilityState === 'visible',
  );
  useEffect(() => {
    const onVisibility = () => setVisible(document.visibilityState === 'visible');
    const onHide = () => reporter.stop();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onHide);
      reporter.stop();
    };
  }, [reporter]);
  useEffect(() => reporter.set(visible ? cursor : null), [reporter, visible, cursor]);
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function SidePanelView(props: SidePanelViewProps) {
  const { state, items, loaded, now } = props;
  const ask: Ask = props.ask ?? bgAsk;
  const store = useMemo(() => props.store ?? memoryPanelStore(), [props.store]);
  const onOpen = props.onOpen ?? ((item: Item) => void ask({ type: 'open', url: item.permalink, key: item.key }));
  const status = state?.status;
  const me = state?.member ?? null;
  const members = useMemo(() => state?.members ?? [], [state?.members]);
  const membersById = useMemo(() => new Map([...members, ...(me ? [me] : [])].map((m) => [m.id, m])), [members, me]);
  const access = useMemo(() => panelAccess(me), [me]);
  const presence = useMemo(() => presenceByItem(props.presence ?? [], me?.id ?? null), [props.presence, me?.id]);
  const tagList = state?.tags;
  const tagColors = useMemo(() => {
    const by = new Map((tagList ?? []).map((t) => [tagKey(t.name), tagPaletteEntry(t.color).name as string]));
    return (tag: string): string | null => by.get(tagKey(tag)) ?? null;
  }, [tagList]);

  // personal views and settings (storage)
  const [personal, setPersonal] = useState<View[]>([]);
  const [settings, setSettings] = useState<PanelSettings>(DEFAULT_SETTINGS);
  const [viewId, setViewId] = useState<string>(SYSTEM_VIEW_IDS.all);
  const [draft, setDraft] = useState<ViewFilter>(SYSTEM_VIEWS[0]!.filter);
  const [error, setError] = useState<string | null>(null);
  const chose = useRef(false);

  useEffect(() => {
    let live = true;
    store
      .load()
      .then((data) => {
        if (!live) return;
        setPersonal(data.views);
        setSettings(data.settings);
        const last = [...SYSTEM_VIEWS, ...data.views].find((v) => v.id === data.settings.lastViewId);
        if (last && !chose.current) {
          setViewId(last.id);
          setDraft(last.filter);
        }
      })
      .catch((err: unknown) => live && setError(i18n.t('sidepanelStorageFailed', [errorText(err)])));
    const off = store.subscribe((patch) => {
      if (patch.views) setPersonal(patch.views);
      if (patch.settings) setSettings(patch.settings);
    });
    return () => {
      live = false;
      off();
    };
  }, [store]);

  const saveSettings = (next: PanelSettings) => {
    setSettings(next);
    store.saveSettings(next).catch((err: unknown) => setError(i18n.t('sidepanelStorageFailed', [errorText(err)])));
  };
  const saveViews = (next: View[]) => {
    setPersonal(next);
    store.saveViews(next).catch((err: unknown) => setError(i18n.t('sidepanelStorageFailed', [errorText(err)])));
  };

  // the team's shared views (the companion's)
  const [shared, setShared] = useState<View[]>([]);
  const connectedNow = status === 'connected';
  const lastViewId = useRef<string | null>(null);
  lastViewId.current = settings.lastViewId;
  const askRef = useRef(ask);
  askRef.current = ask;
  const loadShared = useRef<() => void>(() => {});
  loadShared.current = () => {
    if (!connectedNow) return;
    void listSharedViews(askRef.current).then((r) => {
      if (!r.ok) {
        console.warn('[inlay] shared views', r.error);
        return;
      }
      setShared(r.value);
      const last = r.value.find((v) => v.id === lastViewId.current);
      if (last && !chose.current) {
        setViewId(last.id);
        setDraft(last.filter);
      }
    });
  };
  useEffect(() => {
    loadShared.current();
    const onFocus = () => loadShared.current();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [connectedNow]);
  // a teammate saved or removed a shared view (the background counts those events)
  const viewsVersion = state?.viewsVersion ?? 0;
  useEffect(() => {
    if (viewsVersion > 0) loadShared.current();
  }, [viewsVersion]);

  // what the list shows
  const allViews = useMemo(() => [...SYSTEM_VIEWS, ...shared, ...personal], [shared, personal]);
  const view = allViews.find((v) => v.id === viewId) ?? SYSTEM_VIEWS[0]!;
  const modified = !sameFilter(draft, view.filter);
  const meId = me?.id ?? null;
  const ctx = useMemo(() => ({ me: meId, now }), [meId, now]);
  const sorted = useMemo(() => sortNewestFirst(items), [items]);
  const shown = useMemo(() => sorted.filter(compileFilter(draft, ctx)), [sorted, draft, ctx]);
  const keys = useMemo(() => shown.map((i) => i.key), [shown]);
  const byKey = useMemo(() => new Map(items.map((i) => [i.key, i])), [items]);
  const counts = useMemo(() => countByView(items, allViews, ctx), [items, allViews, ctx]);
  const knownTags = useMemo(() => tagsInUse(items), [items]);
  /** What the tag picker offers: tags in use, then the team's other tags; archived ones are not applied anew. */
  const pickableTags = useMemo(() => {
    const archived = new Set((tagList ?? []).filter((t) => t.archived).map((t) => tagKey(t.name)));
    const seen = new Set<string>();
    const out: string[] = [];
    for (const name of [...knownTags, ...(tagList ?? []).filter((t) => !t.archived).map((t) => t.name)]) {
      const k = tagKey(name);
      if (seen.has(k) || archived.has(k)) continue;
      seen.add(k);
      out.push(name);
    }
    return out;
  }, [knownTags, tagList]);

  const [list, dispatch] = useReducer(listReducer, initialListState);
  useLayoutEffect(() => dispatch({ type: 'sync', keys }), [keys]);
  usePanelViewing(ask, list.cursor !== null && keys.includes(list.cursor) ? list.cursor : null);

  const listRef = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const focusList = () => listRef.current?.focus({ preventScroll: true });

  const itemsOf = (ks: readonly string[]) => ks.map((k) => byKey.get(k)).filter((i): i is Item => !!i);
  const targetItems = () => itemsOf(targets(list, keys));

  const selectView = (id: string) => {
    const v = allViews.find((x) => x.id === id);
    if (!v) return;
    chose.current = true;
    setViewId(v.id);
    setDraft(v.filter);
    dispatch({ type: 'clearSelection' });
    if (settings.lastViewId !== v.id) saveSettings({ ...settings, lastViewId: v.id });
  };

  const run = async (updates: ItemUpdate[]) => {
    if (updates.length === 0) return;
    const r = await runUpdates(ask, updates);
    if (r.failed === 0) setError(null);
    else if (updates.length === 1) setError(i18n.t('sidepanelActionFailed', [r.error ?? '']));
    else setError(i18n.t('sidepanelActionsFailed', [String(r.failed), String(r.sent), r.error ?? '']));
  };

  /** Runs `plan` over the targets the member may change, and says how many were left alone. */
  const act = async (all: readonly Item[], plan: (items: Item[]) => ItemUpdate[], kind: 'change' | 'assign') => {
    if (!access.edit) return;
    const allowed = allowedTargets(all, access, meId, kind);
    await run(plan(allowed.items));
    if (allowed.outside > 0) setError(i18n.t('sidepanelSkippedNetworks', allowed.outside));
    else if (allowed.teammates > 0) setError(i18n.t('sidepanelSkippedTeammates', allowed.teammates));
  };

  // a change the companion refused, in its words
  const refusal = props.refusal ?? null;
  useEffect(() => {
    if (refusal) setError(i18n.t('sidepanelRefused', [refusal.error]));
  }, [refusal?.n]);

  const closeOverlay = () => {
    dispatch({ type: 'close' });
    focusList();
  };

  const execute = (cmd: Command) => {
    switch (cmd.type) {
      case 'move':
      case 'extend':
        dispatch({ ...cmd, keys });
        break;
      case 'first':
        dispatch({ type: 'moveTo', index: 0, keys });
        break;
      case 'last':
        dispatch({ type: 'moveTo', index: keys.length - 1, keys });
        break;
      case 'open':
      case 'reply': {
        const item = list.cursor === null ? undefined : byKey.get(list.cursor);
        if (item && keys.includes(item.key)) onOpen(item);
        break;
      }
      case 'done':
        void act(targetItems(), planDone, 'change');
        break;
      case 'snooze':
        void act(targetItems(), planSnooze, 'change');
        break;
      case 'priority':
      case 'assign':
      case 'tag':
        if (access.edit) dispatch({ type: 'open', picker: cmd.type, keys });
        break;
      case 'select':
        dispatch({ type: 'toggle', keys });
        break;
      case 'escape':
        dispatch({ type: 'escape' });
        break;
      case 'help':
        dispatch({ type: 'help' });
        break;
      case 'search':
        searchRef.current?.focus();
        searchRef.current?.select();
        break;
      case 'view': {
        const v = allViews[cmd.index];
        if (v) selectView(v.id);
        break;
      }
    }
  };

  // the panel's keys, on the window so they work wherever focus is — except in fields
  const onKey = useRef<(e: KeyboardEvent) => void>(() => {});
  onKey.current = (e) => {
    if (e.defaultPrevented) return;
    const overlay = list.overlay;
    if (overlay && overlay.kind !== 'help') {
      if (e.key === 'Escape') {
        e.preventDefault();
        closeOverlay();
      }
      return;
    }
    if (isTypingTarget(e.target, e.key)) return;
    const cmd = commandFor(e);
    if (!cmd) return;
    e.preventDefault();
    if (overlay?.kind === 'help') {
      if (cmd.type === 'help' || cmd.type === 'escape') closeOverlay();
      return;
    }
    execute(cmd);
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  /** Shares the current personal view (with the filters as they are now); it moves to the team's views. */
  const shareView = async (v: View) => {
    const r = await saveSharedView(ask, { ...v, id: newSharedViewId(), scope: 'shared', filter: draft });
    if (!r.ok) {
      setError(i18n.t('sidepanelShareFailed', [r.error]));
      return;
    }
    setError(null);
    setShared((now) => [...now.filter((x) => x.id !== r.value.id), r.value]);
    saveViews(personal.filter((x) => x.id !== v.id));
    chose.current = true;
    setViewId(r.value.id);
    setDraft(r.value.filter);
    saveSettings({ ...settings, lastViewId: r.value.id });
    loadShared.current();
  };
  const updateShared = async (v: View) => {
    const r = await saveSharedView(ask, { ...v, filter: draft });
    if (!r.ok) {
      setError(i18n.t('sidepanelSharedSaveFailed', [r.error]));
      return;
    }
    setError(null);
    setShared((now) => now.map((x) => (x.id === r.value.id ? r.value : x)));
    loadShared.current();
  };
  const deleteShared = async (v: View) => {
    const r = await deleteSharedView(ask, v.id);
    if (!r.ok) {
      setError(i18n.t('sidepanelSharedSaveFailed', [r.error]));
      return;
    }
    setError(null);
    setShared((now) => now.filter((x) => x.id !== v.id));
    selectView(SYSTEM_VIEW_IDS.all);
    loadShared.current();
  };
  const teamView = view.scope === 'shared' && !isSystemView(view.id);
  /** May this member change or delete the current view? Their personal ones; shared ones with rules.edit. */
  const ownView = view.scope === 'personal' || (teamView && access.shareViews && connectedNow);

  const overlay = list.overlay;
  const pickerTargets = overlay && overlay.kind !== 'help' ? itemsOf(overlay.keys) : [];
  const target = settings.responseTargetMinutes;
  const targetChoices = [...new Set<number>([...TARGET_CHOICES, target])].sort((a, b) => a - b);
  const empty = emptyWords(view.id, meId);

  return (
    <div class="panel">
      <header class="panel-header row">
        <h1>{i18n.t('sidepanelTitle')}</h1>
        <span class="muted small" data-testid="item-count">
          {i18n.t('sidepanelCount', shown.length)}
        </span>
        <span class="grow" />
        <select
          class="select tri-target"
          data-testid="response-target"
          aria-label={i18n.t('sidepanelTarget')}
          title={`${i18n.t('sidepanelTarget')} — ${i18n.t('sidepanelTargetHelp')}`}
          value={String(target)}
          onChange={(e) => {
            const minutes = ResponseTarget.safeParse(Number(e.currentTarget.value));
            if (minutes.success) saveSettings({ ...settings, responseTargetMinutes: minutes.data });
          }}
        >
          {targetChoices.map((m) => (
            <option key={m} value={String(m)}>
              {formatTarget(m)}
            </option>
          ))}
        </select>
        <button
          type="button"
          class="btn btn-quiet btn-s btn-icon"
          data-testid="help-button"
          aria-label={i18n.t('sidepanelHelp')}
          title={`${i18n.t('sidepanelHelp')} (?)`}
          onClick={() => dispatch({ type: 'help' })}
        >
          ?
        </button>
        <span
          class="dot"
          data-status={status ?? 'connecting'}
          title={state?.detail ?? ''}
          data-testid="connection-dot"
        />
      </header>
      {status === 'offline' || status === 'auth_failed' ? (
        <div class="banner notice notice-warning" role="status" data-testid="offline-banner">
          <p>{i18n.t('sidepanelOffline')}</p>
          {state?.detail ? <p class="banner-detail">{state.detail}</p> : null}
        </div>
      ) : null}
      {status === 'unpaired' ? (
        <div class="banner notice notice-warning" role="status" data-testid="unpaired-banner">
          {i18n.t('sidepanelUnpaired')}
        </div>
      ) : null}
      {me && !access.edit ? (
        <div class="banner notice" role="status" data-testid="view-only-banner">
          {i18n.t('sidepanelViewOnly')}
        </div>
      ) : null}
      <ViewTabs views={allViews} counts={counts} active={view.id} modified={modified} onSelect={selectView} />
      <FilterBar
        filter={draft}
        onChange={setDraft}
        me={me}
        members={members}
        tags={knownTags}
        searchRef={searchRef}
        onLeave={focusList}
        modified={modified}
        personal={ownView}
        onShare={
          view.scope === 'personal' && access.shareViews && connectedNow ? () => void shareView(view) : undefined
        }
        onReset={() => setDraft(view.filter)}
        onSave={(name) => {
          const v: View = {
            id: newViewId(),
            name,
            scope: 'personal',
            filter: draft,
            ownerId: null,
            updatedAt: new Date(now).toISOString(),
          };
          const next = [...personal, v];
          saveViews(next);
          chose.current = true;
          setViewId(v.id);
          saveSettings({ ...settings, lastViewId: v.id });
          focusList();
        }}
        onUpdate={() => {
          if (teamView) {
            void updateShared(view);
            focusList();
            return;
          }
          saveViews(
            personal.map((v) =>
              v.id === view.id ? { ...v, filter: draft, updatedAt: new Date(now).toISOString() } : v,
            ),
          );
          focusList();
        }}
        onDelete={() => {
          if (teamView) {
            void deleteShared(view);
            return;
          }
          saveViews(personal.filter((v) => v.id !== view.id));
          selectView(SYSTEM_VIEW_IDS.all);
        }}
      />
      {list.selected.size > 0 ? (
        <BulkBar
          count={list.selected.size}
          onDone={() => execute({ type: 'done' })}
          onSnooze={() => execute({ type: 'snooze' })}
          onAssign={() => execute({ type: 'assign' })}
          onTag={() => execute({ type: 'tag' })}
          onPriority={() => execute({ type: 'priority' })}
          onClear={() => dispatch({ type: 'clearSelection' })}
          readOnly={!access.edit}
        />
      ) : null}
      {error ? (
        <div class="banner notice notice-error row tri-error" role="alert" data-testid="action-error">
          <p class="grow">{error}</p>
          <button type="button" class="btn btn-quiet btn-s" onClick={() => setError(null)}>
            {i18n.t('sidepanelDismiss')}
          </button>
        </div>
      ) : null}
      <div class="tri-body">
        {!loaded ? (
          <p class="muted small panel-loading" data-testid="loading">
            {i18n.t('sidepanelLoading')}
          </p>
        ) : items.length === 0 ? (
          <EmptyState title={i18n.t('sidepanelEmpty')} hint={i18n.t('sidepanelEmptyAllHint')} />
        ) : shown.length === 0 ? (
          modified ? (
            <EmptyState title={i18n.t('sidepanelEmptyFiltered')} hint={i18n.t('sidepanelEmptyFilteredHint')}>
              <button type="button" class="btn btn-s empty-action" onClick={() => setDraft(view.filter)}>
                {i18n.t('sidepanelFilterReset')}
              </button>
            </EmptyState>
          ) : (
            <EmptyState title={empty.title} hint={empty.hint} />
          )
        ) : (
          <TriageList
            items={shown}
            cursor={list.cursor}
            selected={list.selected}
            now={now}
            targetMinutes={target}
            members={membersById}
            presence={presence}
            tagColor={tagColors}
            listRef={listRef}
            onToggle={(key) => dispatch({ type: 'toggle', key, keys })}
            onRowClick={(index, e) => {
              const item = shown[index];
              if (!item) return;
              if (e.shiftKey || e.metaKey || e.ctrlKey) {
                dispatch({ type: 'toggle', key: item.key, keys });
                return;
              }
              dispatch({ type: 'moveTo', index, keys });
              onOpen(item);
            }}
          />
        )}
      </div>
      {items.length > 0 ? <footer class="panel-footer muted small">{i18n.t('sidepanelKeyHint')}</footer> : null}
      {overlay?.kind === 'tag' ? (
        <TagPicker
          targets={pickerTargets}
          known={pickableTags}
          canCreate={access.createTags}
          onClose={closeOverlay}
          onPick={(tag) => {
            closeOverlay();
            void act(pickerTargets, (t) => planTag(t, tag), 'change');
          }}
        />
      ) : null}
      {overlay?.kind === 'assign' ? (
        <AssignPicker
          targets={pickerTargets}
          me={me}
          members={members}
          others={access.assignOthers}
          onClose={closeOverlay}
          onPick={(id) => {
            closeOverlay();
            void act(pickerTargets, (t) => planAssign(t, id), 'assign');
          }}
        />
      ) : null}
      {overlay?.kind === 'priority' ? (
        <PriorityPicker
          targets={pickerTargets}
          onClose={closeOverlay}
          onPick={(p) => {
            closeOverlay();
            void act(pickerTargets, (t) => planPriority(t, p), 'change');
          }}
        />
      ) : null}
      {overlay?.kind === 'help' ? <KeyHelp onClose={closeOverlay} /> : null}
    </div>
  );
}

export function SidePanelApp() {
  const { state, items, loaded, presence, refusal } = useLive();
  const now = useNow();
  const store = useMemo(() => storagePanelStore(browser.storage.local, browser.storage.onChanged), []);
  return (
    <SidePanelView
      state={state}
      items={items}
      loaded={loaded}
      now={now}
      store={store}
      ask={bgAsk}
      presence={presence}
      refusal={refusal}
    />
  );
}
