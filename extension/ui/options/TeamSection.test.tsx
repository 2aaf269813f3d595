// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MemberWithAccess } from '../../../shared/permissions';
import { TeamSection } from './TeamSection';

const ask = vi.fn(async (_req: unknown) => ({ ok: true as const, result: {} }));
vi.mock('../bg-client', () => ({ ask: (req: unknown) => ask(req) }));
vi.mock('../i18n', () => ({ i18n: { t: (key: string) => key } }));

const at = '2026-01-01T00:00:00.000Z';
const admin: MemberWithAccess = { id: 'm1', name: 'Ana', role: 'admin', createdAt: at, networks: [] };
const agent: MemberWithAccess = { id: 'm2', name: 'Bo', role: 'agent', createdAt: at, networks: ['x', 'reddit'] };
let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
  ask.mockClear();
});

function mount(me: MemberWithAccess) {
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(<TeamSection me={me} members={[admin, agent]} />, root));
  return (sel: string) => Array.from(root.querySelectorAll<HTMLElement>(sel));
}

describe('team', () => {
  it('lets an admin change a role and the sites someone works on', async () => {
    const q = mount(admin);
    const [, boRole] = q('[data-testid="team-role"]') as HTMLSelectElement[];
    boRole!.value = 'lead';
    await act(async () => void boRole!.dispatchEvent(new Event('change', { bubbles: true })));
    expect(ask).toHaveBeenLastCalledWith({
      type: 'companion',
      request: 'member.update',
      payload: { id: 'm2', role: 'lead' },
    });
    const boSites = q('[data-testid="team-row"]')[1]!.querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
    expect([...boSites].filter((c) => c.checked)).toHaveLength(2);
    const youtube = [...boSites][2]!; // x, linkedin, youtube…
    youtube.checked = true;
    await act(async () => void youtube.dispatchEvent(new Event('change', { bubbles: true })));
    expect(ask).toHaveBeenLastCalledWith({
      type: 'companion',
      request: 'member.update',
      payload: { id: 'm2', networks: ['x', 'reddit', 'youtube'] },
    });
  });

  it('shows the team read-only to everyone else', () => {
    const q = mount(agent);
    expect(q('[data-testid="team-role"]')).toHaveLength(0);
    expect(q('input[type="checkbox"]').every((c) => (c as HTMLInputElement).disabled)).toBe(true);
    expect(root.textContent).toContain('teamReadOnly');
  });
});
