/**
 * Inbox rules in the options page: the team's rules in the order they run,
 * a simple editor for the common rule ("when the text contains any of these
 * words, tag, set priority, assign, suggest a saved reply"), the full JSON for everything else,
 * a back-test on captured history before saving ("would tag 37, assign 12"),
 * and import/export of the rules file. Only members who may edit rules see
 * the editor; the companion checks again.
 */
import { useEffect, useState } from 'preact/hooks';
import { can } from '../../../shared/permissions';
import type { Member, Priority } from '../../../shared/model';
import { PRIORITIES } from '../../../shared/model';
import { Rule, type BackTestReport, type RuleInput } from '../../../shared/rules';
import type { ReplyLibrary } from '../../messaging/messages';
import { ask } from '../bg-client';
import { i18n } from '../i18n';

type Call = (
  request: string,
  payload: Record<string, unknown>,
) => Promise<{ ok: true; result: unknown } | { ok: false; error: string }>;

const call: Call = async (request, payload) => {
  const r = await ask<{ result: unknown }>({ type: 'companion', request: request as never, payload });
  return r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error };
};

interface Draft {
  name: string;
  keywords: string;
  tags: string;
  priority: Priority | '';
  assignee: string;
  /** A shared saved reply to suggest (the picker lists it first on matching items). */
  reply: string;
}

const EMPTY: Draft = { name: '', keywords: '', tags: '', priority: '', assignee: '', reply: '' };
/** Assignee choices that are strategies over the whole team (the companion's `team` group), not a member. */
const ROUND_ROBIN = '@round_robin';
const LEAST_LOADED = '@least_loaded';

const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The simple editor's rule, or the plain-words reason it is not one yet. */
export function draftToRule(
  d: Draft,
  existing: readonly Rule[],
): { ok: true; rule: RuleInput } | { ok: false; error: string } {
  if (!d.name.trim()) return { ok: false, error: i18n.t('rulesNeedName') };
  const actions: RuleInput['actions'] = [];
  if (list(d.tags).length) actions.push({ type: 'tag.add', tags: list(d.tags) });
  if (d.priority) actions.push({ type: 'priority.set', priority: d.priority });
  if (d.assignee === ROUND_ROBIN) actions.push({ type: 'assign', to: { strategy: 'round_robin', group: 'team' } });
  else if (d.assignee === LEAST_LOADED)
    actions.push({ type: 'assign', to: { strategy: 'least_loaded', group: 'team' } });
  else if (d.assignee) actions.push({ type: 'assign', to: { strategy: 'member', memberId: d.assignee } });
  if (d.reply) actions.push({ type: 'reply.suggest', savedReplyIds: [d.reply] });
  if (actions.length === 0) return { ok: false, error: i18n.t('rulesNeedAction') };
  const slug =
    d.name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'rule';
  let id = slug;
  for (let n = 2; existing.some((r) => r.id === id); n++) id = `${slug}-${n}`;
  const order = (existing.reduce((m, r) => Math.max(m, r.order), 0) || 0) + 10;
  const keywords = list(d.keywords);
  const rule: RuleInput = {
    id,
    name: d.name.trim(),
    on: { event: 'item.captured' },
    ...(keywords.length ? { when: { op: 'contains_any' as const, keywords } } : {}),
    actions,
    order,
  };
  const parsed = Rule.safeParse(rule);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() };
  }
  return { ok: true, rule };
}

function BacktestLine({ report }: { report: BackTestReport }) {
  return (
    <p class="notice" role="status" data-testid="rules-backtest">
      {i18n.t('rulesBacktestResult', [
        String(report.matched),
        String(report.items),
        String(report.wouldTag),
        String(report.wouldAssign),
      ])}
    </p>
  );
}

export function RulesSection({ me, members }: { me: Member | null; members: readonly Member[] }) {
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [report, setReport] = useState<BackTestReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [json, setJson] = useState('');
  const mayEdit = me !== null && can(me, 'rules.edit');

  const reload = async (): Promise<void> => {
    const r = await call('rules.list', {});
    if (!r.ok) return setError(r.error);
    setRules((r.result as { rules: Rule[] }).rules);
  };
  useEffect(() => void reload(), [me?.id]);

  // the team's shared saved replies, for "Suggest reply" (personal ones never go into team rules),
  // from the background's cached library rather than another round trip to the companion
  const [replies, setReplies] = useState<{ id: string; title: string }[]>([]);
  useEffect(() => {
    void ask<{ library: ReplyLibrary }>({ type: 'replies.get' }).then((r) => {
      if (!r.ok) return;
      setReplies(r.library.replies.filter((x) => x.scope === 'shared').map(({ id, title }) => ({ id, title })));
    });
  }, [me?.id]);

  const build = () => draftToRule(draft, rules ?? []);

  const backtest = async (): Promise<void> => {
    const b = build();
    if (!b.ok) return setError(b.error);
    setBusy(true);
    setError(null);
    const r = await call('rules.backtest', { rules: [b.rule] });
    setBusy(false);
    if (r.ok) setReport((r.result as { report: BackTestReport }).report);
    else setError(r.error);
  };

  const save = async (rule: RuleInput): Promise<void> => {
    setBusy(true);
    setError(null);
    const r = await call('rule.save', { rule });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setDraft(EMPTY);
    setReport(null);
    await reload();
  };

  const toggle = (rule: Rule) => void save({ ...rule, enabled: !rule.enabled });
  const remove = async (rule: Rule): Promise<void> => {
    const r = await call('rule.delete', { id: rule.id });
    if (!r.ok) setError(r.error);
    await reload();
  };

  const exportFile = async (): Promise<void> => {
    const r = await call('rules.export', {});
    if (!r.ok) return setError(r.error);
    const blob = new Blob([(r.result as { text: string }).text], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'inlay-rules.json';
    a.click();
    URL.revokeObjectURL(a.href);
  };

  const importFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    const r = await call('rules.import', { text: await file.text() });
    if (!r.ok) return setError(r.error);
    const { errors } = r.result as { saved: number; errors: string[] };
    setError(errors.length ? errors.slice(0, 5).join(' · ') : null);
    await reload();
  };

  const saveJson = async (): Promise<void> => {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return setError(i18n.t('rulesJsonInvalid'));
    }
    const parsed = Rule.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return setError(`${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
    }
    await save(parsed.data);
    setJson('');
  };

  const name = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const describe = (r: Rule): string =>
    r.actions
      .map((a) =>
        a.type === 'tag.add'
          ? i18n.t('rulesDoTag', [a.tags.join(', ')])
          : a.type === 'assign' && a.to.strategy === 'member'
            ? i18n.t('rulesDoAssign', [name(a.to.memberId)])
            : a.type === 'assign' && a.to.strategy === 'round_robin'
              ? i18n.t('rulesRoundRobin')
              : a.type === 'assign' && a.to.strategy === 'least_loaded'
                ? i18n.t('rulesLeastLoaded')
                : a.type === 'priority.set'
                  ? i18n.t('rulesDoPriority', [a.priority])
                  : a.type === 'reply.suggest'
                    ? i18n.t('rulesDoSuggest', [
                        a.savedReplyIds.map((id) => replies.find((x) => x.id === id)?.title ?? id).join(', '),
                      ])
                    : a.type.replace('.', ' '),
      )
      .join(' · ');

  return (
    <div class="stack" data-testid="rules-section">
      <p class="muted">{i18n.t('rulesHelp')}</p>
      {rules === null ? <p class="muted small">{i18n.t('popupLoading')}</p> : null}
      {rules && rules.length === 0 ? <p class="muted small empty-inline">{i18n.t('rulesEmpty')}</p> : null}
      {rules && rules.length > 0 ? (
        <ul class="rule-list" data-testid="rule-list">
          {rules.map((r) => (
            <li class="row rule-row" key={r.id} data-testid="rule-row" data-rule-id={r.id}>
              <label class="switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={r.enabled}
                  disabled={!mayEdit}
                  aria-label={i18n.t('rulesEnabled', [r.name])}
                  onChange={() => toggle(r)}
                />
              </label>
              <span class="grow">
                <span class="strong">{r.name}</span>
                <span class="muted small"> — {describe(r)}</span>
              </span>
              {mayEdit ? (
                <button class="btn btn-quiet" onClick={() => void remove(r)}>
                  {i18n.t('rulesDelete')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {mayEdit ? (
        <form
          class="stack rule-form"
          data-testid="rule-form"
          onSubmit={(e) => {
            e.preventDefault();
            const b = build();
            if (b.ok) void save(b.rule);
            else setError(b.error);
          }}
        >
          <h3 class="section-label">{i18n.t('rulesNew')}</h3>
          <div class="form-grid">
            <label class="field">
              <span>{i18n.t('rulesName')}</span>
              <input
                class="input"
                data-testid="rule-name"
                maxLength={120}
                value={draft.name}
                onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
              />
            </label>
            <label class="field">
              <span>{i18n.t('rulesKeywords')}</span>
              <input
                class="input"
                data-testid="rule-keywords"
                placeholder={i18n.t('rulesKeywordsPlaceholder')}
                value={draft.keywords}
                onInput={(e) => setDraft({ ...draft, keywords: e.currentTarget.value })}
              />
            </label>
            <label class="field">
              <span>{i18n.t('rulesTags')}</span>
              <input
                class="input"
                data-testid="rule-tags"
                placeholder="CS - damaged"
                value={draft.tags}
                onInput={(e) => setDraft({ ...draft, tags: e.currentTarget.value })}
              />
            </label>
            <label class="field">
              <span>{i18n.t('rulesPriority')}</span>
              <select
                class="select"
                data-testid="rule-priority"
                value={draft.priority}
                onChange={(e) => setDraft({ ...draft, priority: e.currentTarget.value as Priority | '' })}
              >
                <option value="">{i18n.t('rulesKeep')}</option>
                {PRIORITIES.map((p) => (
                  <option value={p} key={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{i18n.t('rulesAssign')}</span>
              <select
                class="select"
                data-testid="rule-assignee"
                value={draft.assignee}
                onChange={(e) => setDraft({ ...draft, assignee: e.currentTarget.value })}
              >
                <option value="">{i18n.t('rulesKeep')}</option>
                <option value={ROUND_ROBIN}>{i18n.t('rulesRoundRobin')}</option>
                <option value={LEAST_LOADED}>{i18n.t('rulesLeastLoaded')}</option>
                {members.map((m) => (
                  <option value={m.id} key={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{i18n.t('rulesSuggestReply')}</span>
              <select
                class="select"
                data-testid="rule-reply"
                value={draft.reply}
                onChange={(e) => setDraft({ ...draft, reply: e.currentTarget.value })}
              >
                <option value="">{i18n.t('rulesNoSuggestion')}</option>
                {replies.map((r) => (
                  <option value={r.id} key={r.id}>
                    {r.title}
                  </option>
                ))}
              </select>
              {replies.length === 0 ? <span class="muted small">{i18n.t('rulesNoReplies')}</span> : null}
            </label>
          </div>
          {report ? <BacktestLine report={report} /> : null}
          <div class="row">
            <button
              class="btn"
              type="button"
              disabled={busy}
              data-testid="rule-backtest"
              onClick={() => void backtest()}
            >
              {i18n.t('rulesBacktest')}
            </button>
            <button class="btn btn-primary" type="submit" disabled={busy} data-testid="rule-save">
              {i18n.t('rulesSave')}
            </button>
          </div>
          <details class="stack">
            <summary class="muted small">{i18n.t('rulesAdvanced')}</summary>
            <textarea
              class="input mono"
              rows={8}
              spellcheck={false}
              aria-label={i18n.t('rulesJson')}
              placeholder='{"id":"…","name":"…","on":{"event":"item.captured"},"when":{…},"actions":[…],"order":10}'
              value={json}
              onInput={(e) => setJson(e.currentTarget.value)}
            />
            <div class="row">
              <button class="btn" type="button" disabled={busy || !json.trim()} onClick={() => void saveJson()}>
                {i18n.t('rulesSaveJson')}
              </button>
              <span class="grow" />
              <button class="btn btn-quiet" type="button" onClick={() => void exportFile()}>
                {i18n.t('rulesExport')}
              </button>
              <label class="btn btn-quiet">
                {i18n.t('rulesImport')}
                <input
                  type="file"
                  accept="application/json,.json"
                  hidden
                  onChange={(e) => void importFile(e.currentTarget.files?.[0])}
                />
              </label>
            </div>
          </details>
        </form>
      ) : rules ? (
        <p class="muted small">{i18n.t('rulesReadOnly')}</p>
      ) : null}
      {error ? (
        <p class="notice notice-error" role="alert" data-testid="rules-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
