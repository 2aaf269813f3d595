import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SweepSettings } from '../../shared/sweeps.js';
import type { Store } from '../store/types.js';
import type { SweepLogEntry } from '../store/sweeps-repo.js';
import { opId, tempDir, type TempDir } from '../store/test-helpers.js';
import { coverageWords, statusCommand } from './status.js';
import { openStoreAt } from './store.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00', timeZone: 'UTC' };

let dir: TempDir;

function success(targetId: string, at: number): SweepLogEntry {
  const [platform, profile, kind] = targetId.split(':') as [SweepLogEntry['platform'], string, SweepLogEntry['kind']];
  return {
    at: new Date(at).toISOString(),
    targetId,
    platform,
    profile,
    kind,
    event: 'succeeded',
    outcome: 'ok',
    message: null,
    jobId: null,
    memberId: null,
    pageLoads: 1,
    captured: 0,
    newItems: 0,
    edited: 0,
    deleted: 0,
  };
}

/** Every 10 minutes from `hours` ago until now. */
function every10(targetId: string, hours: number, now: number): SweepLogEntry[] {
  const out: SweepLogEntry[] = [];
  for (let t = now - hours * HOUR; t <= now; t += 10 * MIN) out.push(success(targetId, t));
  return out;
}

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await statusCommand.run([...argv, '--data-dir', dir.path], {
    out: (t) => (out += t),
    err: () => {},
    env: {},
  });
  return { code, out };
}

beforeEach(async () => {
  dir = tempDir('inlay-status-');
  const store: Store = await openStoreAt(dir.path, { create: true });
  try {
    await store.saveProfile(opId('p1'), null, { platform: 'linkedin', handle: 'acme', displayName: null });
    await store.saveSweepSettings(opId('s1'), null, () => ({
      linkedin: SweepSettings.parse({ enabled: true, kinds: ['notifications', 'dms'], workingHours: ALWAYS }),
    }));
    // The last 84 h of the week's 168 swept every 10 minutes (the first sweep vouches for 20 min
    // before it): 50.2 %; the inbox only the last 42 h: 25.2 %.
    const now = Date.now();
    await store.recordSweep({
      state: null,
      items: [],
      log: [...every10('linkedin:acme:notifications', 84, now), ...every10('linkedin:acme:dms', 42, now)],
    });
  } finally {
    await store.close();
  }
});
afterEach(() => dir.remove());

describe('inlay status: coverage', () => {
  it('prints, per profile and site, the share of the last 7 days and of each page, rounded down', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(3); // not running: the database is read all the same
    expect(out).toContain(
      '\n  Coverage (last 7 days): what share of the time sweeps or people watched\n' +
        '    LinkedIn (acme): 25 % — notifications 50 %, message inbox 25 %\n',
    );
  });

  it('has the same under sweeps.coverage in --json', async () => {
    const { out } = await run(['--json']);
    const coverage = JSON.parse(out).sweeps.coverage;
    expect(coverage).toMatchObject({ days: 7, leftOut: 0 });
    expect(Date.parse(coverage.to) - Date.parse(coverage.from)).toBe(7 * 24 * HOUR);
    expect(coverage.profiles).toEqual([
      expect.objectContaining({
        platform: 'linkedin',
        profile: 'acme',
        coveredMs: 42 * HOUR + 20 * MIN,
        words: 'LinkedIn (acme): 25 % — notifications 50 %, message inbox 25 %',
        targets: [
          expect.objectContaining({ kind: 'notifications', sweptMs: 84 * HOUR + 20 * MIN }),
          expect.objectContaining({ kind: 'dms', sweptMs: 42 * HOUR + 20 * MIN }),
        ],
      }),
    ]);
  });

  it('words: never rounds a share up to 100 %', () => {
    const p = {
      platform: 'x' as const,
      profile: 'acme',
      periodMs: 1000,
      coveredMs: 999,
      share: 0.999,
      targets: [
        {
          targetId: 'x:acme:notifications',
          kind: 'notifications' as const,
          sweptMs: 999,
          coveredMs: 999,
          share: 0.999,
        },
        { targetId: 'x:acme:recent-posts', kind: 'recent-posts' as const, sweptMs: 290, coveredMs: 290, share: 0.29 },
      ],
    };
    expect(coverageWords(p)).toBe('X (acme): 99 % — notifications 99 %, recent posts 29 %');
    expect(coverageWords({ ...p, targets: [], share: 1 })).toBe('X (acme): 100 %');
  });
});
