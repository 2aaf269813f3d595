/**
 * Where sweep pages open (tabs.ts): a minimized, unfocused window where the browser keeps it
 * so; a background tab (never active) in the person's window where it does not — on a browser
 * that showed or focused the window, or refused to create one.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

interface Win {
  id?: number;
  state?: string;
  focused?: boolean;
  tabs?: Array<{ id?: number }>;
}

const api = {
  windows: {
    create: vi.fn<(o: Record<string, unknown>) => Promise<Win>>(),
    remove: vi.fn(async (_id: number) => {}),
  },
  tabs: {
    create: vi.fn(async (_o: Record<string, unknown>) => ({ id: 77 })),
    update: vi.fn(async (_id: number, _o: Record<string, unknown>) => ({})),
    remove: vi.fn(async (_id: number) => {}),
  },
};
vi.mock('webextension-polyfill', () => ({ default: api }));

const { browserSweepTabs } = await import('./tabs');

function setAgent(ua: string): void {
  vi.stubGlobal('navigator', { userAgent: ua });
}

beforeEach(() => {
  vi.clearAllMocks();
  setAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36');
});

describe('sweep tabs', () => {
  it('opens a minimized, unfocused window, mutes its tab and closes the window with the job', async () => {
    api.windows.create.mockResolvedValue({ id: 5, state: 'minimized', focused: false, tabs: [{ id: 50 }] });
    const tabs = browserSweepTabs();
    expect(await tabs.open('https://x.com/notifications')).toBe(50);
    expect(api.windows.create).toHaveBeenCalledWith({
      url: 'https://x.com/notifications',
      focused: false,
      state: 'minimized',
      type: 'normal',
    });
    expect(api.tabs.update).toHaveBeenCalledWith(50, { muted: true });
    await tabs.navigate(50, 'https://x.com/notifications/mentions');
    expect(api.tabs.update).toHaveBeenLastCalledWith(50, { url: 'https://x.com/notifications/mentions' });
    await tabs.close(50);
    expect(api.windows.remove).toHaveBeenCalledWith(5);
    expect(api.tabs.remove).not.toHaveBeenCalled();
  });

  it('a window the browser showed or focused is closed at once; the sweep uses a background tab from then on', async () => {
    api.windows.create.mockResolvedValue({ id: 6, state: 'normal', focused: true, tabs: [{ id: 60 }] });
    const log = vi.fn();
    const tabs = browserSweepTabs(log);
    expect(await tabs.open('https://www.linkedin.com/notifications/')).toBe(77);
    expect(api.windows.remove).toHaveBeenCalledWith(6);
    expect(api.tabs.create).toHaveBeenCalledWith({ url: 'https://www.linkedin.com/notifications/', active: false });
    expect(api.tabs.update).toHaveBeenCalledWith(77, { muted: true });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('using background tabs'));
    // never activated: the only updates are mute and navigation
    await tabs.navigate(77, 'https://www.linkedin.com/messaging/');
    for (const [, change] of api.tabs.update.mock.calls) expect(change).not.toHaveProperty('active');
    // windows are not tried again
    await tabs.open('https://www.linkedin.com/notifications/');
    expect(api.windows.create).toHaveBeenCalledTimes(1);
    await tabs.close(77);
    expect(api.tabs.remove).toHaveBeenCalledWith(77);
  });

  it('a browser that cannot create the window falls back to a background tab', async () => {
    api.windows.create.mockRejectedValue(new Error('windows are not supported'));
    const tabs = browserSweepTabs();
    expect(await tabs.open('https://www.reddit.com/notifications')).toBe(77);
    expect(api.tabs.create).toHaveBeenCalledWith({ url: 'https://www.reddit.com/notifications', active: false });
  });

  it('a headless browser reports every window shown and focused: there the window is kept', async () => {
    setAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0');
    api.windows.create.mockResolvedValue({ id: 7, state: 'normal', focused: true, tabs: [{ id: 70 }] });
    const tabs = browserSweepTabs();
    expect(await tabs.open('https://x.com/notifications')).toBe(70);
    expect(api.windows.remove).not.toHaveBeenCalled();
    expect(api.tabs.create).not.toHaveBeenCalled();
  });

  it('closing a tab that is already gone does not throw', async () => {
    api.tabs.remove.mockRejectedValueOnce(new Error('No tab with id: 9'));
    await expect(browserSweepTabs().close(9)).resolves.toBeUndefined();
  });
});
