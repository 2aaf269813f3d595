/** Where the repository is and which version this companion is, read once. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (companion/..). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const COMPANION_VERSION = readVersion();
/** The Node version package.json's engines field asks for. */
export const MIN_NODE = '20.19.0';
