// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemberWithAccess } from '../../../shared/permissions';
import { DEFAULT_REPLY_SETTINGS, importCsv, type ReplySettings, type SavedReply } from '../../../shared/replies';
import type { CachedTag } from '../../messaging/messages';
import { draftToInput, emptyDraft, filterReplies, groupByFolder, RepliesSection } from './RepliesSection';

const ask = vi.hoisted(() => vi.fn());
vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../bg-client', () => ({ ask }));
vi.mock('../i18n', () => {
  const words: Record<string, string> = {
    repliesSampleAuthor: 'Ana Lima',
    repliesSampleHandle: 'analima',
    repliesSampleMessage: 'Where is my order?',
    platformX: 'X',
    platformTiktok: 'TikTok',
  };
  return {
    i18n: {
      t: (key: string, a?: unknown, b?: unknown) => {
        const subs = Array.isArray(a) ? a : Array.isArray(b) ? b : typeof a === 'number' ? [a] : null;
        return words[key] ?? (subs ? `${key}:${subs.join(',')}` : key);
      },
    },
  };
});

const AT = '2026-11-20T09:00:00.000Z';
const reply = (id: string, title: string, patch: Partial<SavedReply> = {}): SavedReply => ({
  id,
  scope: 'shared',
  folder: 'Shipping',
  title,
  body: `Hi {{author.first_name | there}}, about ${title.toLowerCase()}.`,
  variants: {},
  tags: [],
  keywords: [],
  shortcut: null,
  ownerId: null,
  updatedAt: AT,
  updatedBy: null,
  ...patch,
});

const REPLIES: SavedReply[] = [
  reply('r-ship', 'Order shipped', { shortcut: 'ship', tags: ['CS - late delivery'], variants: { x: 'Shipped!' } }),
  reply('r-late', 'Running late', { keywords: ['late', 'delay'] }),
  reply('r-refund', 'Refund started', { folder: 'Returns' }),
  reply('r-mine', 'My sign-off', { scope: 'personal', folder: '', ownerId: 'mem_1', body: 'Thanks! — Ada' }),
];

const TAGS: CachedTag[] = [
  { id: 't1', name: 'CS - late delivery', color: '#1849a9', archived: false, lastUsedAt: null },
  { id: 't2', name: 'CS - damaged', color: '#b42318', archived: false, lastUsedAt: null },
  { id: 't3', name: 'Old campaign', color: '#1849a9', archived: true, lastUsedAt: null },
];

const member = (role: MemberWithAccess['role']): MemberWithAccess => ({
  id: 'mem_1',
  name: 'Ada Lovelace',
  role,
  createdAt: AT,
});

let root: HTMLElement;
let data: { replies: SavedReply[]; usage: Record<string, number>; recent: unknown[]; settings: ReplySettings };
let answers: Record<string, { ok: true; result: unknown } | { ok: false; error: string }>;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
  data = {
    replies: REPLIES.map((r) => ({ ...r })),
    usage: { 'r-ship': 12 },
    recent: [],
    settings: DEFAULT_REPLY_SETTINGS,
  };
  answers = {};
  ask.mockReset();
  ask.mockImplementation(async (req: { request: string }) => {
    if (req.request === 'replies.list') return { ok: true, result: data };
    return answers[req.request] ?? { ok: true, result: { seq: 1, duplicate: false, created: 1, updated: 0 } };
  });
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

const q = (id: string, from: ParentNode = root) => from.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const all = (id: string, from: ParentNode = root) => [...from.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
const raise = (m: string): never => {
  throw new Error(m);
};
const rowOf = (title: string) =>
  all('reply-row').find((r) => q('reply-row-title', r)!.textContent === title) ?? raise(`no row ${title}`);
const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));
const type = async (el: HTMLElement, value: string) => {
  (el as HTMLInputElement).value = value;
  await act(() => void el.dispatchEvent(new Event('input', { bubbles: true })));
};
const choose = async (el: HTMLElement, value: string) => {
  (el as HTMLSelectElement).value = value;
  await act(() => void el.dispatchEvent(new Event('change', { bubbles: true })));
};
const click = async (el: HTMLElement) => {
  await act(() => el.click());
  await flush();
};
const key = async (el: HTMLElement, k: string) => {
  await act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
  await flush();
};
const submit = async (form: HTMLElement) => {
  await act(() => void form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
  await flush();
};
const mount = async (role: MemberWithAccess['role'] | null, extra: Partial<MemberWithAccess> = {}) => {
  const me = role ? { ...member(role), ...extra } : null;
  await act(() => render(<RepliesSection me={me} tags={TAGS} />, root));
  await flush();
};
const sent = (request: string) =>
  ask.mock.calls
    .map((c) => c[0] as { request: string; payload: Record<string, unknown> })
    .filter((c) => c.request === request);

describe('the saved-reply library', () => {
  it('groups replies by folder and tells shared and personal apart', async () => {
    await mount('lead');
    expect(ask).toHaveBeenCalledWith({ type: 'companion', request: 'replies.list', payload: {} });
    expect(all('reply-group-name').map((h) => h.textContent)).toEqual(['Returns', 'Shipping', 'repliesNoFolder']);
    expect(all('reply-row-title', all('reply-group')[1]).map((t) => t.textContent)).toEqual([
      'Order shipped',
      'Running late',
    ]);
    expect(q('reply-row-scope', rowOf('Order shipped'))!.textContent).toBe('repliesScopeShared');
    expect(q('reply-row-scope', rowOf('My sign-off'))!.textContent).toBe('repliesScopePersonal');
    expect(rowOf('My sign-off').dataset.scope).toBe('personal');
    expect(q('reply-row-shortcut', rowOf('Order shipped'))!.textContent).toBe(';ship');
    expect(q('reply-row-details', rowOf('Order shipped'))!.textContent).toBe(
      'repliesLinkedTags:CS - late delivery · repliesVariants:X · repliesUsage:12',
    );
  });

  it('filters as you type (title, ;shortcut, keyword, accents ignored); Escape clears', async () => {
    await mount('agent');
    await type(q('replies-filter')!, ';ship');
    expect(all('reply-row-title').map((t) => t.textContent)).toEqual(['Order shipped']);
    await type(q('replies-filter')!, 'DELAY');
    expect(all('reply-row-title').map((t) => t.textContent)).toEqual(['Running late']);
    await type(q('replies-filter')!, 'nothing like this');
    expect(q('replies-no-match')!.textContent).toBe('repliesNoMatch:nothing like this');
    await key(q('replies-filter')!, 'Escape');
    expect(all('reply-row')).toHaveLength(4);
  });

  it('creates a shared reply with a variable, a variant, a linked tag, keywords and a shortcut', async () => {
    await mount('lead');
    await click(q('reply-new')!);
    const form = q('reply-editor')!;
    expect(document.activeElement).toBe(q('reply-title', form));
    expect(q('reply-scope', form)).not.toBeNull();
    // the existing folders are offered
    expect([...form.querySelectorAll('datalist option')].map((o) => o.getAttribute('value'))).toEqual([
      'Returns',
      'Shipping',
    ]);
    await type(q('reply-title', form)!, '  Where is my order ');
    await type(q('reply-folder', form)!, 'Shipping');
    const body = q('reply-body', form) as HTMLTextAreaElement;
    await type(body, 'Hi , it is on its way.');
    body.focus();
    body.setSelectionRange(3, 3);
    const firstName = all('reply-var', form).find((b) => b.dataset.variable === 'author.first_name')!;
    expect(firstName.getAttribute('aria-label')).toMatch(/^repliesInsertVariableLabel:\{\{author\.first_name\}\},/);
    await click(firstName);
    expect(body.value).toBe('Hi {{author.first_name}}, it is on its way.');
    expect(q('reply-preview-text', form)!.textContent).toBe('Hi Ana, it is on its way.');

    await choose(q('reply-variant-platform', form)!, 'x');
    await click(q('reply-variant-add', form)!);
    const variant = q('reply-variant-body', form) as HTMLTextAreaElement;
    expect(variant.value).toBe(body.value);
    await type(variant, 'On its way, {{author.handle}}!');
    await choose(q('reply-tag-pick', form)!, 'CS - damaged');
    await click(q('reply-tag-link', form)!);
    expect([...q('reply-tag-pick', form)!.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'CS - late delivery', // archived tags are not offered
    ]);
    await type(q('reply-keywords', form)!, 'tracking, where is my order, ');
    await type(q('reply-shortcut', form)!, ';Where');
    expect(q('reply-shortcut-help', form)!.textContent).toBe('repliesShortcutHelp:;where');
    await submit(form);

    const [save] = sent('reply.save');
    expect(save!.payload).toEqual({
      reply: {
        id: expect.stringMatching(/^r-[0-9a-f-]{36}$/),
        scope: 'shared',
        folder: 'Shipping',
        title: 'Where is my order',
        body: 'Hi {{author.first_name}}, it is on its way.',
        variants: { x: 'On its way, {{author.handle}}!' },
        tags: ['CS - damaged'],
        keywords: ['tracking', 'where is my order'],
        shortcut: 'where',
      },
    });
    expect(q('reply-editor')).toBeNull();
    expect(q('replies-notice')!.textContent).toBe('repliesSaved:Where is my order');
    expect(sent('replies.list')).toHaveLength(2);
  });

  it('edits a reply, removing its variant and a tag', async () => {
    await mount('lead');
    await click(q('reply-edit', rowOf('Order shipped'))!);
    const form = q('reply-editor', rowOf('Order shipped'))!;
    expect(q('reply-scope', form)).toBeNull(); // a reply keeps its scope
    expect((q('reply-title', form) as HTMLInputElement).value).toBe('Order shipped');
    expect((q('reply-shortcut', form) as HTMLInputElement).value).toBe('ship');
    await click(q('reply-variant-remove', form)!);
    await click(form.querySelector<HTMLElement>('.reply-chip-remove')!);
    await type(q('reply-title', form)!, 'Order shipped today');
    await submit(form);
    expect(sent('reply.save').map((c) => c.payload.reply)).toEqual([
      expect.objectContaining({
        id: 'r-ship',
        scope: 'shared',
        title: 'Order shipped today',
        variants: {},
        tags: [],
        shortcut: 'ship',
      }),
    ]);
  });

  it('lets an agent write and edit personal replies only, without a scope choice', async () => {
    await mount('agent', { permissions: ['items.edit'] });
    expect(q('replies-readonly')!.textContent).toBe('repliesSharedReadOnly:leads and admins');
    expect(q('reply-edit', rowOf('Order shipped'))).toBeNull();
    expect(q('reply-delete', rowOf('Running late'))).toBeNull();
    await click(q('reply-edit', rowOf('My sign-off'))!);
    let form = q('reply-editor')!;
    expect(q('reply-scope', form)).toBeNull();
    expect(q('reply-scope-note', form)!.textContent).toBe('repliesScopePersonalNote');
    await type(q('reply-body', form)!, 'Thanks, {{agent.first_name}}');
    expect(q('reply-preview-text', form)!.textContent).toBe('Thanks, Ada');
    await submit(form);
    expect(sent('reply.save')[0]!.payload.reply).toMatchObject({ id: 'r-mine', scope: 'personal' });

    await click(q('reply-new')!);
    form = q('reply-editor')!;
    expect(q('reply-scope', form)).toBeNull();
    expect(q('reply-scope-shared', form)).toBeNull();
    expect(q('reply-scope-note', form)!.textContent).toBe('repliesScopePersonalOnly:leads and admins');
    await type(q('reply-title', form)!, 'Mine too');
    await type(q('reply-body', form)!, 'Hello');
    await submit(form);
    expect(sent('reply.save')[1]!.payload.reply).toMatchObject({ scope: 'personal', title: 'Mine too' });
    expect(q('reply-settings')).toBeNull(); // team settings are for leads and admins
  });

  it('shows the preview’s missing variables and every platform the reply is too long for, with the count', async () => {
    await mount('lead');
    await click(q('reply-new')!);
    const form = q('reply-editor')!;
    await type(q('reply-body', form)!, 'Thanks from {{brand}}, {{author.first_name}}! {{nope}}');
    expect(q('reply-preview-text', form)!.textContent).toBe('Thanks from , Ana! ');
    const missing = all('reply-missing', form).map((li) => li.textContent);
    expect(missing).toEqual(['repliesMissingBrand:{{brand}},{{brand | repliesBrandFallbackExample}}']);
    expect(all('reply-problem', form)[0]!.textContent).toMatch(/^Unknown variable \{\{nope\}\}/);

    // no name on the page: the fallback fills in, a variable without one is reported
    await type(q('reply-body', form)!, 'Hi {{author.first_name | there}} and {{author.name}}');
    await click(q('reply-preview-nameless', form)!);
    expect(q('reply-preview-text', form)!.textContent).toBe('Hi there and ');
    expect(all('reply-missing', form).map((li) => li.textContent)).toEqual([
      'repliesMissing:{{author.name}},{{author.name | …}}',
    ]);

    await click(q('reply-preview-nameless', form)!); // Ana Lima again
    await type(q('reply-body', form)!, `Hi {{author.first_name}}. ${'a'.repeat(290)}`);
    const over = all('reply-limit', form).filter((li) => li.dataset.over === 'true');
    expect(over.map((li) => li.dataset.platform)).toEqual(['x', 'tiktok']);
    expect(q('reply-too-long', form)!.textContent).toBe(
      'repliesTooLong:X,298,280,18' + 'repliesTooLong:TikTok,298,150,148',
    );
    // a shorter X variant clears X
    await click(q('reply-variant-add', form)!); // the first free platform: X
    await type(q('reply-variant-body', form)!, 'Short for X');
    expect(
      all('reply-limit', form)
        .filter((li) => li.dataset.over === 'true')
        .map((li) => li.dataset.platform),
    ).toEqual(['tiktok']);
  });

  it('says what is wrong with a draft, and the companion’s words when it refuses', async () => {
    await mount('lead');
    await click(q('reply-new')!);
    const form = q('reply-editor')!;
    await type(q('reply-body', form)!, 'Text');
    await submit(form);
    expect(q('replies-error', form)!.textContent).toBe('repliesFieldProblem:repliesTitleField,a reply needs a title');
    expect(sent('reply.save')).toHaveLength(0);
    await type(q('reply-title', form)!, 'A title');
    await type(q('reply-shortcut', form)!, 'two words');
    await submit(form);
    expect(q('replies-error', form)!.textContent).toMatch(/^repliesFieldProblem:repliesShortcut,a shortcut is 1–32/);
    await type(q('reply-shortcut', form)!, 'ok');
    answers['reply.save'] = { ok: false, error: 'Only leads and admins can change shared replies.' };
    await submit(form);
    expect(q('replies-error', form)!.getAttribute('role')).toBe('alert');
    expect(q('replies-error', form)!.textContent).toBe(
      'repliesSaveFailedNew Only leads and admins can change shared replies.',
    );
    expect(q('reply-editor')).not.toBeNull(); // the draft is kept
    await key(q('reply-title', form)!, 'Escape');
    expect(q('reply-editor')).toBeNull();
    expect(document.activeElement).toBe(q('reply-new'));
  });

  it('deletes after asking', async () => {
    await mount('lead');
    await click(q('reply-delete', rowOf('Running late'))!);
    expect(sent('reply.delete')).toHaveLength(0);
    expect(document.activeElement).toBe(q('reply-delete-confirm', rowOf('Running late')));
    await click(q('reply-delete-confirm', rowOf('Running late'))!);
    expect(sent('reply.delete').map((c) => c.payload)).toEqual([{ id: 'r-late' }]);
  });

  it('imports a CSV: reports the rows it cannot read with their line, and saves the good ones', async () => {
    await mount('lead');
    const csv = [
      'title,body,folder,tags,shortcut',
      'Thanks,"Thank you, {{author.first_name}}!",Praise,CS - praise,thanks',
      ',"No title here",Praise,,',
      '"Multi',
      'line title",Body,,,',
      'Bad shortcut,Body,,,"two words"',
      'Sorry,We are sorry.,Returns,,',
    ].join('\n');
    const file = new File([csv], 'replies.csv', { type: 'text/csv' });
    const input = q('reply-import-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
    await flush();
    await flush();
    expect(q('reply-import-summary')!.textContent).toBe('repliesImportSummary:replies.csv,3,2');
    const problems = all('reply-import-problem');
    expect(problems.map((p) => p.dataset.row)).toEqual(['3', '6']);
    expect(problems[0]!.textContent).toBe('repliesImportLineProblem:3,title: a reply needs a title');
    expect(problems[1]!.textContent).toMatch(/^repliesImportLineProblem:6,shortcut: a shortcut is/);
    expect(q('reply-import-confirm')!.textContent).toBe('repliesImportConfirm:3');
    await click(q('reply-import-confirm')!);
    const [call] = sent('replies.import');
    const imported = call!.payload.replies as Array<{ title: string; scope: string }>;
    expect(imported.map((r) => r.title)).toEqual(['Thanks', 'Multi line title', 'Sorry']);
    expect(imported.every((r) => r.scope === 'shared')).toBe(true);
    expect(q('reply-import')).toBeNull();
    expect(q('replies-notice')!.textContent).toBe('repliesImported:1,0');
  });

  it('does not send shared replies an agent may not import', async () => {
    await mount('agent');
    const file = new File(
      [
        JSON.stringify([
          { title: 'T', body: 'B' },
          { title: '', body: 'x' },
        ]),
      ],
      'r.json',
    );
    const input = q('reply-import-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
    await flush();
    await flush();
    expect(all('reply-import-problem').map((p) => p.textContent)).toEqual([
      'repliesImportEntryProblem:2,title: a reply needs a title',
    ]);
    expect(q('reply-import-blocked')!.textContent).toBe('repliesImportNeedsShared:1,leads and admins');
    expect((q('reply-import-confirm') as HTMLButtonElement).disabled).toBe(true);
  });

  it('exports all replies, or only the ones found, as CSV or JSON', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:inlay';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await mount('agent');
    await click(q('reply-export-json')!);
    const json = JSON.parse(await blobs[0]!.text()) as { format: string; replies: Array<{ id: string }> };
    expect(json.format).toBe('inlay-saved-replies');
    expect(json.replies.map((r) => r.id)).toEqual(['r-ship', 'r-late', 'r-refund', 'r-mine']);

    await type(q('replies-filter')!, 'refund');
    await choose(q('reply-export-which')!, 'shown');
    await click(q('reply-export-csv')!);
    const csv = await blobs[1]!.text();
    expect(blobs[1]!.type).toMatch(/^text\/csv/);
    const back = importCsv(csv);
    expect(back.problems).toEqual([]);
    expect(back.replies.map((r) => [r.id, r.title, r.folder])).toEqual([['r-refund', 'Refund started', 'Returns']]);
  });

  it('saves the team settings: brand name and the repetition guardrail', async () => {
    await mount('lead');
    const form = q('reply-settings')!;
    expect((q('reply-guardrail-uses', form) as HTMLInputElement).value).toBe('3');
    expect(q('reply-guardrail-uses', form)!.getAttribute('aria-label')).toBe('repliesGuardrailUses');
    await type(q('reply-brand', form)!, ' Acme ');
    await type(q('reply-guardrail-uses', form)!, '1');
    await submit(form);
    expect(q('replies-error', form)!.textContent).toBe('repliesGuardrailInvalid');
    await type(q('reply-guardrail-uses', form)!, '5');
    await type(q('reply-guardrail-minutes', form)!, '30');
    await submit(form);
    expect(sent('replies.settings.set').map((c) => c.payload)).toEqual([
      { settings: { brand: 'Acme', guardrail: { uses: 5, minutes: 30 } } },
    ]);
    expect(q('replies-notice', form)!.textContent).toBe('repliesSettingsSaved');
  });

  it('says when the library cannot be loaded', async () => {
    ask.mockResolvedValue({ ok: false, error: 'The companion is not running.' });
    await mount('lead');
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('repliesLoadFailed:The companion is not running.');
  });
});

describe('saved-reply helpers', () => {
  it('filters and groups', () => {
    expect(filterReplies(REPLIES, 'sign off').map((r) => r.id)).toEqual(['r-mine']); // every word, anywhere
    expect(filterReplies(REPLIES, 'returns refund').map((r) => r.id)).toEqual(['r-refund']);
    expect(filterReplies(REPLIES, 'returns late').map((r) => r.id)).toEqual([]);
    expect(filterReplies(REPLIES, 'shipped!').map((r) => r.id)).toEqual(['r-ship']); // in a variant
    expect(groupByFolder(REPLIES).map((g) => g.folder)).toEqual(['Returns', 'Shipping', '']);
  });

  it('turns a draft into the companion’s input', () => {
    const d = { ...emptyDraft('personal', 'r-1'), title: 'T', body: ' B ', shortcut: ';' };
    expect(draftToInput(d)).toEqual({
      ok: true,
      reply: {
        id: 'r-1',
        scope: 'personal',
        folder: '',
        title: 'T',
        body: 'B',
        variants: {},
        tags: [],
        keywords: [],
        shortcut: null,
      },
    });
  });
});
