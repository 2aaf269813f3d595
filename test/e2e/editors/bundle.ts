/**
 * Builds what the editor tests load, at test time, with esbuild (no files in
 * the repository, nothing from the network):
 *   - one script per harness page (the real editor libraries from npm),
 *   - the page-world techniques as a page script (`window.__inlayTechniques`),
 *   - a small test extension: the real page-world entrypoint as a
 *     `world: 'MAIN'` content script, and a driver in the isolated world that
 *     calls the real `insertReply` through the real page bridge.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

export const ROOT = resolve(import.meta.dirname, '../../..');
const HERE = import.meta.dirname;

export const PAGES = [
  'draftjs',
  'lexical',
  'quill',
  'prosemirror',
  'react-textarea',
  'polymer',
  'linkedin-message',
] as const;
export type PageName = (typeof PAGES)[number];

const common: BuildOptions = {
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'chrome116',
  define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
  legalComments: 'none',
  logLevel: 'silent',
  absWorkingDir: ROOT,
};

async function one(options: BuildOptions): Promise<string> {
  const out = await build({ ...common, ...options });
  const file = out.outputFiles?.[0];
  if (!file) throw new Error('esbuild wrote nothing');
  return file.text;
}

export async function bundlePages(): Promise<Record<PageName, string>> {
  const entries = await Promise.all(
    PAGES.map(async (name) => [name, await one({ entryPoints: [join(HERE, `${name}.ts`)] })]),
  );
  return Object.fromEntries(entries) as Record<PageName, string>;
}

export function bundleTechniques(): Promise<string> {
  return one({ entryPoints: [join(HERE, 'techniques-entry.ts')] });
}

/** Writes the test extension into `dir`; `mainMatches` is where the page-world script runs. */
export async function buildTestExtension(dir: string, matches: string[], mainMatches: string[]): Promise<void> {
  const [main, isolated] = await Promise.all([
    one({
      stdin: {
        contents: `import script from './extension/entrypoints/page-world.content/index.ts'; script.main();`,
        resolveDir: ROOT,
        loader: 'ts',
        sourcefile: 'page-world-main.ts',
      },
    }),
    one({ entryPoints: [join(HERE, 'driver.ts')] }),
  ]);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.js'), main);
  writeFileSync(join(dir, 'isolated.js'), isolated);
  const manifest = {
    manifest_version: 3,
    name: 'Inlay editors test',
    version: '0.0.1',
    content_scripts: [
      { matches: mainMatches, js: ['main.js'], run_at: 'document_idle', world: 'MAIN' },
      { matches, js: ['isolated.js'], run_at: 'document_idle' },
    ],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}
