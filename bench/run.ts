/**
 * `npm run bench` runs every bench/*.bench.ts module in one process and prints
 * each figure beside its baseline. `npm run bench -- --json` prints all of them
 * as one JSON object (name → { value, unit, baseline, baselineName, ratio }).
 * `npm run bench -- store` runs only modules whose file name contains "store".
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const filters = args.filter((a) => !a.startsWith('--'));

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const all: BenchResult[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  process.stderr.write(`… ${file}\n`);
  const results = await mod.run();
  all.push(...results);
  if (!json) {
    for (const r of results) {
      const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
      console.log(
        `${r.name.padEnd(44)} ${fmt(r.value).padStart(10)} ${r.unit.padEnd(8)} vs ${r.baselineName}: ${fmt(r.baseline)} ${r.unit}  (ratio ${r.ratio.toFixed(2)})`,
      );
    }
  }
}

if (json) {
  const out: Record<string, Omit<BenchResult, 'name'>> = {};
  for (const { name, ...rest } of all) out[name] = rest;
  console.log(JSON.stringify(out, null, 2));
}
