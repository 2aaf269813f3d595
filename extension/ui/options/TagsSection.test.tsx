// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member, TagInfo } from '../../../shared/model';
import { filterTags, TagsSection } from './TagsSection';

const ask = vi.hoisted(() => vi.fn());
vi.mock('webextension-polyfill', () => ({ default: {} }));
vi.mock('../bg-client', () => ({ ask }));
vi.mock('../i18n', () => ({
  i18n: {
    t: (key: string, a?: unknown) =>
      typeof a === 'number' ? `${key}#${a}` : Array.isArray(a) ? `${key}:${a.join(',')}` : key,
  },
}));

const NOW = Date.parse('2026-11-20T12:00:00.000Z');

const tag = (id: string, name: string, patch: Partial<TagInfo> = {}): TagInfo => {
  const at = name.indexOf(' - ');
  return {
    id,
    name,
    color: '#1849a9',
    description: null,
    archived: false,
    category: at > 0 ? name.slice(0, at) : null,
    reason: at > 0 ? name.slice(at + 3) : name,
    aliases: [],
    usage: 0,
    lastUsedAt: null,
    createdAt: '2026-11-01T08:00:00.000Z',
    updatedAt: '2026-11-01T08:00:00.000Z',
    ...patch,
  };
};

const TAGS: TagInfo[] = [
  tag('t1', 'CS - late delivery', {
    description: 'Parcel later than promised',
    usage: 42,
    lastUsedAt: '2026-11-20T09:00:00.000Z',
    aliases: ['CS - late'],
  }),
  tag('t2', 'CS - damaged', { color: '#b42318', usage: 1 }),
  tag('t3', 'Campaign - pumpkin spice', { archived: true }),
  tag('t4', 'praise'),
];

const member = (role: Member['role']): Member => ({
  id: 'mem_1',
  name: 'Ada',
  role,
  createdAt: '2026-11-01T08:00:00.000Z',
});

let root: HTMLElement;
let tags: TagInfo[];
let replies: Record<string, { ok: true; result: unknown } | { ok: false; error: string }>;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
  tags = TAGS.map((t) => ({ ...t }));
  replies = {};
  ask.mockReset();
  ask.mockImplementation(async (req: { request: string }) => {
    if (req.request === 'tags.list') return { ok: true, result: { tags } };
    return replies[req.request] ?? { ok: true, result: { tag: tags[0], seq: 1, duplicate: false } };
  });
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const q = (id: string, from: ParentNode = root) => from.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const all = (id: string, from: ParentNode = root) => [...from.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
const rowOf = (name: string) =>
  all('tag-row').find((r) => q('tag-name', r)!.textContent === name) ?? raise(`no row ${name}`);
const raise = (m: string): never => {
  throw new Error(m);
};
const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));
const type = async (el: HTMLElement, value: string) => {
  (el as HTMLInputElement).value = value;
  await act(() => void el.dispatchEvent(new Event('input', { bubbles: true })));
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
const mount = async (role: Member['role'] | null) => {
  await act(() => render(<TagsSection me={role ? member(role) : null} now={NOW} />, root));
  await flush();
};
const sent = (request: string) =>
  ask.mock.calls.map((c) => c[0] as { request: string; payload: unknown }).filter((c) => c.request === request);

describe('the tag taxonomy', () => {
  it('groups tags by category with colour, description, usage, former names and archived state', async () => {
    await mount('lead');
    expect(ask).toHaveBeenCalledWith({ type: 'companion', request: 'tags.list', payload: {} });
    expect(all('tag-group-name').map((h) => h.textContent)).toEqual(['Campaign', 'CS', 'tagsNoCategory']);
    const groups = all('tag-group');
    expect(all('tag-name', groups[1]).map((n) => n.textContent)).toEqual(['CS - damaged', 'CS - late delivery']);
    const late = rowOf('CS - late delivery');
    expect(late.querySelector('.tag-swatch')!.getAttribute('data-color')).toBe('blue');
    expect(rowOf('CS - damaged').querySelector('.tag-swatch')!.getAttribute('data-color')).toBe('red');
    expect(late.textContent).toContain('Parcel later than promised');
    expect(q('tag-usage', late)!.textContent).toBe('tagsUsage#42 · tagsLastUsed:ageHours:3 · tagsAliases:CS - late');
    expect(q('tag-archived', rowOf('Campaign - pumpkin spice'))).not.toBeNull();
    expect(q('tag-archived', late)).toBeNull();
  });

  it('filters as you type, by name, description or former name, and Escape clears the filter', async () => {
    await mount('agent');
    await type(q('tags-filter')!, 'parcel');
    expect(all('tag-name').map((n) => n.textContent)).toEqual(['CS - late delivery']);
    await type(q('tags-filter')!, 'cs - LATE');
    expect(all('tag-name').map((n) => n.textContent)).toEqual(['CS - late delivery']);
    await type(q('tags-filter')!, 'nothing like it');
    expect(q('tags-no-match')!.textContent).toBe('tagsNoMatch:nothing like it');
    await key(q('tags-filter')!, 'Escape');
    expect(all('tag-row')).toHaveLength(4);
  });

  it('is read-only for members who may not create tags, saying who can', async () => {
    await mount('agent');
    expect(q('tags-readonly')!.textContent).toBe('tagsReadOnly:leads and admins');
    expect(q('tag-form')).toBeNull();
    expect(q('tag-edit')).toBeNull();
    expect(q('tag-archive')).toBeNull();
  });

  it('creates a tag with a palette colour and description; Enter submits', async () => {
    await mount('admin');
    expect(q('tags-readonly')).toBeNull();
    await type(q('tag-new-name')!, 'CS - wrong size');
    await type(q('tag-new-description')!, 'Size differs from the order');
    await click(q('tag-new-colors')!.querySelector<HTMLElement>('[data-color="green"]')!);
    expect(q('tag-new-colors')!.querySelector('[aria-pressed="true"]')!.getAttribute('data-color')).toBe('green');
    await submit(q('tag-form')!);
    expect(sent('tag.create').map((c) => c.payload)).toEqual([
      { name: 'CS - wrong size', color: '#067647', description: 'Size differs from the order' },
    ]);
    expect((q('tag-new-name') as HTMLInputElement).value).toBe('');
    expect(sent('tags.list')).toHaveLength(2);
  });

  it('leaves the colour to the companion when none is picked, and asks for a name', async () => {
    await mount('lead');
    await submit(q('tag-form')!);
    expect(q('tags-error')!.textContent).toBe('tagsNeedName');
    await type(q('tag-new-name')!, 'Praise - product');
    await submit(q('tag-form')!);
    expect(sent('tag.create').map((c) => c.payload)).toEqual([{ name: 'Praise - product' }]);
    expect(q('tags-error')).toBeNull();
  });

  it('shows the companion’s plain-words error in an alert and keeps the draft', async () => {
    replies['tag.create'] = { ok: false, error: '“CS - late” was a tag’s name: it means “CS - late delivery”.' };
    await mount('lead');
    await type(q('tag-new-name')!, 'CS - late');
    await submit(q('tag-form')!);
    const alert = root.querySelector('[role="alert"]')!;
    expect(alert.textContent).toBe('“CS - late” was a tag’s name: it means “CS - late delivery”.');
    expect((q('tag-new-name') as HTMLInputElement).value).toBe('CS - late');
  });

  it('changes colour and description, sending only what changed', async () => {
    await mount('lead');
    const row = rowOf('CS - damaged');
    await click(q('tag-edit', row)!);
    const form = q('tag-edit-form', row)!;
    expect(document.activeElement?.closest('[data-testid="tag-edit-form"]')).toBe(form);
    await click(q('tag-edit-colors', form)!.querySelector<HTMLElement>('[data-color="amber"]')!);
    await type(q('tag-edit-description', form)!, 'Arrived broken');
    await submit(form);
    expect(sent('tag.update').map((c) => c.payload)).toEqual([
      { id: 't2', color: '#93370d', description: 'Arrived broken' },
    ]);
    expect(q('tag-edit-form')).toBeNull();
  });

  it('renames on Enter, and Escape cancels an edit without sending anything', async () => {
    await mount('lead');
    await click(q('tag-rename', rowOf('praise'))!);
    const input = q('tag-rename-name')!;
    await type(input, 'Praise - general');
    await key(input, 'Escape');
    expect(q('tag-rename-form')).toBeNull();
    expect(sent('tag.rename')).toHaveLength(0);
    expect(document.activeElement).toBe(q('tag-edit', rowOf('praise')));

    await click(q('tag-rename', rowOf('praise'))!);
    await type(q('tag-rename-name')!, 'Praise - general');
    await submit(q('tag-rename-form')!);
    expect(sent('tag.rename').map((c) => c.payload)).toEqual([{ id: 't4', name: 'Praise - general' }]);
  });

  it('merges into a chosen tag, explaining that history is kept', async () => {
    await mount('lead');
    await click(q('tag-merge', rowOf('CS - damaged'))!);
    const form = q('tag-merge-form')!;
    const select = q('tag-merge-into', form) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 't3', 't1', 't4']);
    expect((q('tag-edit-save', form) as HTMLButtonElement).disabled).toBe(true);
    select.value = 't1';
    await act(() => void select.dispatchEvent(new Event('change', { bubbles: true })));
    expect(q('tag-merge-help')!.textContent).toBe('tagsMergeHelp:CS - damaged,CS - late delivery');
    await submit(q('tag-merge-form')!);
    expect(sent('tag.merge').map((c) => c.payload)).toEqual([{ id: 't2', into: 't1' }]);
    expect(q('tag-merge-form')).toBeNull();
  });

  it('archives and unarchives', async () => {
    await mount('lead');
    await click(q('tag-archive', rowOf('praise'))!);
    await click(q('tag-archive', rowOf('Campaign - pumpkin spice'))!);
    expect(q('tag-archive', rowOf('Campaign - pumpkin spice'))!.textContent).toBe('tagsUnarchive');
    expect(sent('tag.update').map((c) => c.payload)).toEqual([
      { id: 't4', archived: true },
      { id: 't3', archived: false },
    ]);
  });

  it('shows an error when the list cannot be loaded', async () => {
    ask.mockResolvedValue({ ok: false, error: 'The companion is not running.' });
    await mount('lead');
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('The companion is not running.');
  });
});

describe('filterTags', () => {
  it('ignores case and accents', () => {
    expect(filterTags([tag('a', 'CS - Försenad'), tag('b', 'Other')], 'forsen').map((t) => t.id)).toEqual(['a']);
    expect(filterTags(TAGS, '  ')).toHaveLength(4);
  });
});
