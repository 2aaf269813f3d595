/** Convention checks: the promises the README and DESIGN make, kept true by tests. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, CHROME_MANIFEST_KEY } from '../../shared/extension-id.js';
import { ERROR_CODES, REQUEST_TYPES } from '../../shared/protocol/index.js';

const ROOT = join(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

describe('the front door', () => {
  it('README gives the two commands and CI runs its test command', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
    expect(read('.ci/run')).toMatch(/^npm test$/m);
  });

  it('package.json scripts back the README', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; bin: Record<string, string> };
    expect(pkg.scripts.start).toMatch(/build/);
    expect(pkg.scripts.test).toBeTruthy();
    expect(pkg.scripts.bench).toBeTruthy();
    expect(existsSync(join(ROOT, pkg.bin.inlay!))).toBe(true);
  });
});

describe('the Chrome build has a fixed id', () => {
  it('manifest key hashes to CHROME_EXTENSION_ID', () => {
    const der = Buffer.from(CHROME_MANIFEST_KEY, 'base64');
    const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
    const id = [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
    expect(id).toBe(CHROME_EXTENSION_ID);
  });
});

describe('docs/protocol.md documents the whole protocol', () => {
  const doc = existsSync(join(ROOT, 'docs/protocol.md')) ? read('docs/protocol.md') : '';
  it.each(REQUEST_TYPES)('request %s', (type) => {
    expect(doc).toContain(`\`${type}\``);
  });
  it.each(ERROR_CODES)('error code %s', (code) => {
    expect(doc).toContain(code);
  });
});
