/** A real companion on port 0 in a temp data dir, with a manual clock, for the integration tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCompanion, type Companion, type CompanionOptions } from '../../companion/app.js';
import { manualClock } from '../../companion/clock.js';
import { quietLogger } from '../../companion/log.js';

export type TestCompanion = Companion & { clock: ReturnType<typeof manualClock>; cleanup(): Promise<void> };

export function tempDir(prefix = 'inlay-it-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestCompanion(opts: Partial<CompanionOptions> = {}): Promise<TestCompanion> {
  const clock = manualClock(new Date());
  const dataDir = opts.dataDir ?? tempDir();
  const companion = await startCompanion({ port: 0, logger: quietLogger, clock, ...opts, dataDir });
  return Object.assign(companion, {
    clock,
    async cleanup() {
      await companion.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** What a refusal must leave untouched. */
export async function snapshot(c: Companion) {
  return {
    headSeq: await c.store.headSeq(),
    members: await c.store.countMembers(),
    items: await c.store.countItems(),
    keyOrigins: (await c.store.listKeyOrigins()).sort(),
  };
}
