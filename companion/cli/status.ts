/** `inlay status`: is the companion running, and what does its database hold (sweeps included). */
import { PLATFORMS, type Platform } from '../../shared/model.js';
import { PLATFORM_NAMES } from '../../shared/permissions.js';
import {
  coveragePercent,
  durationWords,
  SWEEP_COVERAGE_DEFAULT_DAYS,
  sweepSettingsFor,
  sweepTargets,
  sweepTargetWords,
  type ProfileCoverage,
  type SweepCoverage,
  type SweepKind,
  type SweepPause,
  type SweepSettingsByPlatform,
} from '../../shared/sweeps.js';
import { isProcessAlive, readLock } from '../lockfile.js';
import type { Store } from '../store/types.js';
import { readSweepCoverage } from '../sweeps/coverage-read.js';
import { fetchHealth } from './health.js';
import { COMMON_OPTIONS, parse, resolveDataDir, type Command } from './options.js';
import { databasePath, openStoreAt } from './store.js';

const usage = `Usage: inlay status [--json] [--data-dir DIR]

Says whether the companion for this data folder is running (and on which
port), how many members, items and events its database holds, and for each
sweep target: when it was last swept, when it runs next, and whether it is
paused and why; and per profile, what share of the last 7 days sweeps
covered (docs/sweeps.md, "Coverage").
Exit code 0 when it is running, 3 when it is not.

Options:
  --json            print one JSON object for scripts
  --data-dir DIR    the companion's data folder (env INLAY_DATA_DIR)
  -h, --help        show this help`;

export interface Status {
  running: boolean;
  pid: number | null;
  port: number | null;
  startedAt: string | null;
  version: string | null;
  dataDir: string;
  database: string | null;
  members: number;
  items: number;
  headSeq: number;
  sweeps: SweepsStatus;
}

/** One sweep target of a platform that is switched on, as the store last recorded it. */
export interface SweepTargetLine {
  targetId: string;
  platform: Platform;
  profile: string;
  kind: SweepKind;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  /** null: running or about to (while the companion runs), or paused. */
  nextRunAt: string | null;
  consecutiveFailures: number;
  paused: SweepPause | null;
  /** Not swept successfully for longer than its platform's staleAfterMinutes. */
  stale: boolean;
  /** The line `inlay status` prints. */
  words: string;
}

/** One profile's coverage, with the line `inlay status` prints. */
export type CoverageLine = ProfileCoverage & { words: string };

/** `sweeps.coverage` of `inlay status --json`: the `sweeps.coverage` answer for the last 7 days. */
export type CoverageStatus = Omit<SweepCoverage, 'profiles'> & { days: number; profiles: CoverageLine[] };

export interface SweepsStatus {
  /** Platforms whose sweeps are switched on (opt-in). */
  enabled: Platform[];
  targets: SweepTargetLine[];
  /** null while every platform is off. */
  coverage: CoverageStatus | null;
}

const NO_SWEEPS: SweepsStatus = { enabled: [], targets: [], coverage: null };

const KIND_WORDS: Readonly<Record<SweepKind, string>> = {
  notifications: 'notifications',
  dms: 'message inbox',
  'recent-posts': 'recent posts',
};

/** `LinkedIn (acme): 84 % — notifications 96 %, message inbox 84 %, recent posts 90 %` */
export function coverageWords(p: ProfileCoverage): string {
  const name = `${PLATFORM_NAMES[p.platform]} (${p.profile})`;
  if (p.targets.length === 0) return `${name}: ${coveragePercent(p.share)} %`;
  const kinds = p.targets.map((t) => `${KIND_WORDS[t.kind]} ${coveragePercent(t.share)} %`).join(', ');
  return `${name}: ${coveragePercent(p.share)} % — ${kinds}`;
}

function ago(at: string, now: Date): string {
  return `${durationWords(now.getTime() - Date.parse(at))} ago`;
}

function sweepWords(
  t: Omit<SweepTargetLine, 'words'>,
  settings: SweepSettingsByPlatform,
  now: Date,
  running: boolean,
): string {
  const name = `${sweepTargetWords(t)} (${t.profile})`;
  const last = t.lastSuccessAt ? `last swept ${ago(t.lastSuccessAt, now)}` : 'never swept yet';
  if (t.paused) {
    return `${name}: paused since ${ago(t.paused.since, now)} — ${t.paused.message}. ${last[0]!.toUpperCase()}${last.slice(1)}.`;
  }
  const stale = t.stale
    ? ` Not swept for longer than ${durationWords(sweepSettingsFor(settings, t.platform).staleAfterMinutes * 60_000)}: is a browser signed in to it connected?`
    : '';
  const failures = t.consecutiveFailures > 0 ? ` The last ${t.consecutiveFailures} tries failed.` : '';
  let next: string;
  if (!running) next = 'next run when the companion runs';
  else if (t.nextRunAt === null) next = 'running now';
  else {
    const ms = Date.parse(t.nextRunAt) - now.getTime();
    next = ms <= 0 ? 'next run due now (waiting for a browser signed in to it)' : `next run in ${durationWords(ms)}`;
  }
  return `${name}: ${last}; ${next}.${failures}${stale}`;
}

/** The sweep part of the status, from the store (the dispatcher's last recorded state). */
export async function readSweepsStatus(store: Store, now: Date, running: boolean): Promise<SweepsStatus> {
  const { settings } = await store.getSweepSettings();
  const enabled = PLATFORMS.filter((p) => settings[p]?.enabled === true);
  if (enabled.length === 0) return NO_SWEEPS;
  const { state } = await store.getSweepState();
  const targets = sweepTargets(await store.listProfiles(), settings).filter((t) => enabled.includes(t.platform));
  const days = SWEEP_COVERAGE_DEFAULT_DAYS;
  const covered = await readSweepCoverage(store, { now, days, settings });
  return {
    enabled,
    coverage: { days, ...covered, profiles: covered.profiles.map((p) => ({ ...p, words: coverageWords(p) })) },
    targets: targets.map((target) => {
      const s = state?.snapshot.targets[target.id];
      const enabledAt = s?.enabledAt ?? null;
      const from = Math.max(
        enabledAt ? Date.parse(enabledAt) : now.getTime(),
        s?.lastSuccessAt ? Date.parse(s.lastSuccessAt) : -Infinity,
      );
      const line = {
        targetId: target.id,
        platform: target.platform,
        profile: target.profile,
        kind: target.kind,
        lastSuccessAt: s?.lastSuccessAt ?? null,
        lastAttemptAt: s?.lastAttemptAt ?? null,
        nextRunAt: s?.nextRunAt ?? null,
        consecutiveFailures: s?.consecutiveFailures ?? 0,
        paused: s?.paused ?? null,
        stale: now.getTime() - from > sweepSettingsFor(settings, target.platform).staleAfterMinutes * 60_000,
      };
      return { ...line, words: sweepWords(line, settings, now, running) };
    }),
  };
}

export async function readStatus(dataDir: string): Promise<Status> {
  const lock = readLock(dataDir);
  const alive = lock !== null && isProcessAlive(lock.pid);
  const health = alive && lock ? await fetchHealth(lock.port) : null;
  const running = health !== null;
  const store = await openStoreAt(dataDir, { create: false });
  let counts = { members: 0, items: 0, headSeq: 0 };
  let sweeps = NO_SWEEPS;
  if (store) {
    try {
      counts = { members: await store.countMembers(), items: await store.countItems(), headSeq: await store.headSeq() };
      sweeps = await readSweepsStatus(store, new Date(), running);
    } finally {
      await store.close();
    }
  }
  return {
    running,
    pid: running && lock ? lock.pid : null,
    port: running && lock ? lock.port : null,
    startedAt: running && lock ? lock.startedAt : null,
    version: health?.version ?? null,
    dataDir,
    database: store ? databasePath(dataDir) : null,
    ...counts,
    sweeps,
  };
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'is the companion running; members, items, last event',
  usage,
  async run(argv, io) {
    const { values } = parse(argv, { ...COMMON_OPTIONS, json: { type: 'boolean' } }, usage);
    if (values.help) {
      io.out(usage + '\n');
      return 0;
    }
    const s = await readStatus(resolveDataDir(values['data-dir'], io.env));
    if (values.json) {
      io.out(JSON.stringify(s) + '\n');
    } else {
      io.out(
        (s.running
          ? `Running: pid ${s.pid}, port ${s.port}, version ${s.version}, since ${s.startedAt}.`
          : 'Not running. Start it with `npx inlay start` (or `npm start`).') + '\n',
      );
      io.out(`Data folder: ${s.dataDir}\n`);
      io.out(
        s.database
          ? `Members: ${s.members}   Items: ${s.items}   Last event seq: ${s.headSeq}\n`
          : 'No database yet: it is created the first time the companion starts.\n',
      );
      if (s.database && s.members === 0)
        io.out("Nobody is paired yet: run `npx inlay pair` and enter the code in Inlay's options page.\n");
      if (s.database) {
        io.out('\nSweeps\n');
        if (s.sweeps.enabled.length === 0) {
          io.out('  Off on every site (sweeps are opt-in per site: see docs/sweeps.md).\n');
        } else if (s.sweeps.targets.length === 0) {
          io.out('  On, but there are no profiles to sweep: add your accounts in the extension options.\n');
        } else {
          for (const t of s.sweeps.targets) io.out(`  ${t.words}\n`);
        }
        const cov = s.sweeps.coverage;
        if (cov && cov.profiles.length > 0) {
          io.out(`\n  Coverage (last ${cov.days} days): what share of the time sweeps or people watched\n`);
          for (const p of cov.profiles) io.out(`    ${p.words}\n`);
          if (cov.leftOut > 0) io.out(`    …and ${cov.leftOut} more profiles.\n`);
          io.out(
            '    A profile counts only while all its pages are covered. The minutes since the last sweep\n' +
              '    count once the next one reads them. A notifications or message list someone had open\n' +
              '    in front of them counts too; posts and single conversations do not.\n',
          );
        }
      }
    }
    return s.running ? 0 : 3;
  },
};
