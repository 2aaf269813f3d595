/** The `inlay` CLI as a user runs it: a real process through bin/inlay.js. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, pairNew } from './client.js';
import { startTestCompanion, tempDir, type TestCompanion } from './companion.js';

const BIN = resolve(import.meta.dirname, '../../bin/inlay.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function inlay(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, INLAY_LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('inlay --help', () => {
  it('lists every command', async () => {
    const r = await inlay(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['start', 'pair', 'status', 'doctor']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
  });

  it.each(['start', 'pair', 'status', 'doctor'])('%s --help shows its usage', async (cmd) => {
    const r = await inlay([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: inlay ${cmd}`);
  });

  it('refuses an unknown command or flag in plain words', async () => {
    const unknown = await inlay(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const flag = await inlay(['pair', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('Usage: inlay pair');
    const port = await inlay(['doctor', '--port', 'eighty']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('"eighty" is not a port');
  });
});

describe('with a running companion', () => {
  let c: TestCompanion;
  beforeAll(async () => {
    c = await startTestCompanion();
  });
  afterAll(async () => {
    await c.cleanup();
  });

  it('pair --json prints a code the running companion accepts', async () => {
    const r = await inlay(['pair', '--json'], { INLAY_DATA_DIR: c.dataDir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { code: string; expiresAt: string };
    expect(out.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Date(out.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const { client, creds } = await pairNew(c.port, out.code, 'Ana');
    expect(creds.member.role).toBe('admin');
    await client.close();
  });

  it('status --json reports the companion and its counts', async () => {
    const r = await inlay(['status', '--json', '--data-dir', c.dataDir]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      running: true,
      pid: process.pid,
      port: c.port,
      dataDir: c.dataDir,
      members: await c.store.countMembers(),
      items: 0,
      headSeq: await c.store.headSeq(),
      sweeps: { enabled: [], targets: [] },
    });
    const text = await inlay(['status', '--data-dir', c.dataDir]);
    expect(text.stdout).toContain('Sweeps\n  Off on every site (sweeps are opt-in per site: see docs/sweeps.md).');
  });

  it('doctor passes when everything is in place', async () => {
    const output = tempDir('inlay-output-');
    for (const d of ['chrome-mv3', 'firefox-mv2']) {
      mkdirSync(join(output, d));
      writeFileSync(join(output, d, 'manifest.json'), '{}');
    }
    if ((await c.store.countMembers()) === 0) {
      const { code } = await c.createPairingCode();
      await (await pairNew(c.port, code, 'Bo')).client.close();
    }
    const r = await inlay(['doctor', '--port', String(c.port)], {
      INLAY_DATA_DIR: c.dataDir,
      INLAY_OUTPUT_DIR: output,
    });
    rmSync(output, { recursive: true, force: true });
    expect(r.stdout).not.toContain('FIX');
    expect(r.stdout).toContain(`port ${c.port} is held by this data folder's companion`);
    expect(r.code).toBe(0);
  });

  it('a wrong code from the CLI is still refused', async () => {
    const client = await connect(c.port);
    await client.hello();
    const err = await client.expectError('pair', { proof: client.pairProof('AAAA-AAAA'), memberName: 'Eve' });
    expect(err.error.code).toBe('PAIRING_FAILED');
  });
});

describe('without a companion', () => {
  it('status says it is not running and exits 3', async () => {
    const dir = tempDir();
    const r = await inlay(['status', '--json'], { INLAY_DATA_DIR: dir });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ running: false, database: null, members: 0 });
    expect(existsSync(join(dir, 'inlay.sqlite'))).toBe(false); // status writes nothing
    rmSync(dir, { recursive: true, force: true });
  });

  it('doctor exits 1 with a FIX line saying what to do', async () => {
    const dir = tempDir();
    const r = await inlay(['doctor', '--port', '1'], { INLAY_DATA_DIR: dir, INLAY_OUTPUT_DIR: join(dir, 'none') });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^OK {3}Node v/m);
    expect(r.stdout).toMatch(/^FIX {2}nobody is paired yet: run `npx inlay pair`/m);
    expect(r.stdout).toMatch(/^FIX {2}Chrome extension is not built .*: run `npm run build`/m);
    rmSync(dir, { recursive: true, force: true });
  });

  it('pair works with no companion running, creating the database', async () => {
    const dir = tempDir();
    const r = await inlay(['pair'], { INLAY_DATA_DIR: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Pairing code: [0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(existsSync(join(dir, 'inlay.sqlite'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('start prints where data lives, how to load the extension and a code; stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0'], {
      env: { ...process.env, INLAY_DATA_DIR: dir, INLAY_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const exited = new Promise<number | null>((r) => child.on('close', r));
    await new Promise<void>((ready, fail) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('Stop with Ctrl-C')) ready();
      });
      child.on('close', () => fail(new Error(`start exited early: ${stdout}`)));
    });
    expect(stdout).toContain(`Your data lives in ${dir}`);
    expect(stdout).toContain('chrome://extensions');
    expect(stdout).toContain('.output/chrome-mv3');
    expect(stdout).toContain('about:debugging');
    expect(stdout).toMatch(/Pairing code: [0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(stdout).toContain('npx inlay pair');
    expect(existsSync(join(dir, 'companion.json'))).toBe(true);

    const status = await inlay(['status', '--json'], { INLAY_DATA_DIR: dir });
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, pid: child.pid });

    const second = await inlay(['start', '--port', '0'], { INLAY_DATA_DIR: dir });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('Another Inlay companion');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'companion.json'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
