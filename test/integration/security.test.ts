/**
 * Everything the companion refuses — at the upgrade, in the handshake and on
 * bad frames — and proof that a refusal writes nothing.
 */
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ORIGIN } from '../../shared/extension-id.js';
import { CLOSE_CODES, MAX_FRAME_BYTES } from '../../shared/protocol/index.js';
import { connect, mac, nonce, pairNew, sampleItem, opId, upgradeStatus, type TestClient } from './client.js';
import { snapshot, startTestCompanion, type TestCompanion } from './companion.js';

const MOZ_A = 'moz-extension://0b6f3a8e-7c1d-4e2f-9a5b-1c2d3e4f5a6b';
const MOZ_B = 'moz-extension://9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';

function httpGet(
  port: number,
  path: string,
  host?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

let c: TestCompanion;
let before: Awaited<ReturnType<typeof snapshot>>;
const open: TestClient[] = [];
const track = <T extends TestClient>(client: T): T => (open.push(client), client);

beforeEach(async () => {
  c = await startTestCompanion({ throttle: { freePerRemote: 1000, freeGlobal: 1000 } });
  before = await snapshot(c);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
  await c.cleanup();
});

/** Nothing was written by whatever the test refused. */
async function expectUntouched() {
  expect(await snapshot(c)).toEqual(before);
}

describe('the upgrade guard', () => {
  it('answers /healthz only with a loopback Host for its port, with no CORS headers', async () => {
    const ok = await httpGet(c.port, '/healthz');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ app: 'inlay-companion', protocol: 1, version: expect.any(String) });
    expect(Object.keys(ok.headers).some((h) => h.startsWith('access-control'))).toBe(false);
    expect((await httpGet(c.port, '/healthz', `localhost:${c.port}`)).status).toBe(200);
    expect((await httpGet(c.port, '/healthz', 'evil.example')).status).toBe(403);
    expect((await httpGet(c.port, '/healthz', `evil.example:${c.port}`)).status).toBe(403);
    expect((await httpGet(c.port, '/other')).status).toBe(404);
  });

  it.each([
    ['a web page', 'https://evil.example'],
    ['another Chrome extension', 'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    ['a null origin', 'null'],
    ['no Origin at all', null],
    ['a lookalike of our origin', `${CHROME_EXTENSION_ORIGIN}.evil.example`],
  ])('refuses %s with 403', async (_what, origin) => {
    expect(await upgradeStatus(c.port, { origin })).toBe(403);
    await expectUntouched();
  });

  it.each([
    ['a rebinding name', (p: number) => `evil.example:${p}`],
    ['the wrong port', (p: number) => `127.0.0.1:${p + 1}`],
    ['no port', () => '127.0.0.1'],
    ['a LAN address', (p: number) => `192.168.1.10:${p}`],
  ])('refuses Host with %s with 403', async (_what, host) => {
    expect(await upgradeStatus(c.port, { host: host(c.port) })).toBe(403);
    await expectUntouched();
  });

  it('accepts every loopback spelling of Host', async () => {
    for (const host of [`127.0.0.1:${c.port}`, `localhost:${c.port}`, `[::1]:${c.port}`]) {
      expect(await upgradeStatus(c.port, { host })).toBe(101);
    }
  });

  it('refuses a moz-extension origin unless a pairing code is active, and then only lets it pair', async () => {
    expect(await upgradeStatus(c.port, { origin: MOZ_A })).toBe(403);
    await expectUntouched();

    const { code } = await c.createPairingCode();
    // While the code is active, an unknown Firefox install may connect — but not authenticate.
    const stranger = track(await connect(c.port, { origin: MOZ_A }));
    await stranger.hello();
    const err = await stranger.expectError('auth', { keyId: 'key_x', proof: 'A'.repeat(43) });
    expect(err.error.code).toBe('AUTH_FAILED');
    expect((await stranger.closed).code).toBe(CLOSE_CODES.AUTH_FAILED);
    await expectUntouched();

    const { client, creds } = await pairNew(c.port, code, 'Fox', { origin: MOZ_A });
    track(client);
    expect(await c.store.listKeyOrigins()).toEqual([MOZ_A]);
    await client.close();

    // The code is used up: the recorded origin still gets in, another Firefox install does not.
    expect(await upgradeStatus(c.port, { origin: MOZ_B })).toBe(403);
    const again = track(await connect(c.port, { origin: MOZ_A }));
    expect((await again.auth(creds)).name).toBe('Fox');

    // The key is bound to its origin: not usable from Chrome's origin nor another Firefox install.
    const fromChrome = track(await connect(c.port));
    await fromChrome.hello();
    expect(
      (await fromChrome.expectError('auth', { keyId: creds.keyId, proof: fromChrome.authProof(creds.key) })).error.code,
    ).toBe('AUTH_FAILED');
    await c.createPairingCode();
    const fromB = track(await connect(c.port, { origin: MOZ_B }));
    await fromB.hello();
    expect(
      (await fromB.expectError('auth', { keyId: creds.keyId, proof: fromB.authProof(creds.key) })).error.code,
    ).toBe('AUTH_FAILED');
  });

  it('accepts an extra origin only when configured', async () => {
    expect(await upgradeStatus(c.port, { origin: 'http://dev.inlay.test' })).toBe(403);
    const dev = await startTestCompanion({ extraOrigins: ['http://dev.inlay.test'] });
    try {
      expect(await upgradeStatus(dev.port, { origin: 'http://dev.inlay.test' })).toBe(101);
    } finally {
      await dev.cleanup();
    }
  });

  it('refuses other paths', async () => {
    expect(await upgradeStatus(c.port, { path: '/admin' })).toBe(404);
  });
});

describe('the handshake', () => {
  it('refuses a data request before authentication with UNAUTHENTICATED and 4401', async () => {
    const client = track(await connect(c.port));
    const err = await client.expectError('item.capture', { opId: opId(), item: sampleItem() });
    expect(err.error.code).toBe('UNAUTHENTICATED');
    expect(err.id).toBe('r1');
    expect((await client.closed).code).toBe(CLOSE_CODES.UNAUTHENTICATED);
    await expectUntouched();
  });

  it('refuses a data request after hello but before auth', async () => {
    const client = track(await connect(c.port));
    await client.hello();
    expect((await client.expectError('items.list', {})).error.code).toBe('UNAUTHENTICATED');
    expect((await client.closed).code).toBe(4401);
  });

  it('answers a heartbeat before authentication', async () => {
    const client = track(await connect(c.port));
    const r = await client.call('heartbeat', {});
    expect(r.now).toBe(c.clock.now().toISOString());
  });

  it('requires hello before pair or auth', async () => {
    const client = track(await connect(c.port));
    const err = await client.expectError('auth', { keyId: 'key_1', proof: 'A'.repeat(43) });
    expect(err.error.code).toBe('HELLO_REQUIRED');
    expect((await client.closed).code).toBe(4401);
  });

  it('refuses a protocol version it does not speak', async () => {
    const client = track(await connect(c.port));
    const err = await client.expectError('hello', {
      protocols: [2, 3],
      clientNonce: nonce(),
      client: { name: 't', version: '0' },
    });
    expect(err.error.code).toBe('UNSUPPORTED_VERSION');
    expect((await client.closed).code).toBe(CLOSE_CODES.UNSUPPORTED_VERSION);
  });

  it('refuses a wrong key, a wrong proof and an unknown key id with AUTH_FAILED and 4403', async () => {
    const { code } = await c.createPairingCode();
    const { client, creds } = await pairNew(c.port, code, 'Ana');
    await client.close();
    before = await snapshot(c);

    const wrongKey = track(await connect(c.port));
    await wrongKey.hello();
    const e1 = await wrongKey.expectError('auth', { keyId: creds.keyId, proof: wrongKey.authProof(nonce()) });
    expect(e1.error.code).toBe('AUTH_FAILED');
    expect((await wrongKey.closed).code).toBe(CLOSE_CODES.AUTH_FAILED);

    // The right key, but MACed over the wrong nonces (a replayed proof).
    const replay = track(await connect(c.port));
    await replay.hello();
    const stale = mac(creds.key, `inlay/v1/client|${nonce()}|${replay.clientNonce}`);
    expect((await replay.expectError('auth', { keyId: creds.keyId, proof: stale })).error.code).toBe('AUTH_FAILED');

    const unknown = track(await connect(c.port));
    await unknown.hello();
    expect(
      (await unknown.expectError('auth', { keyId: 'key_nobody', proof: unknown.authProof(creds.key) })).error.code,
    ).toBe('AUTH_FAILED');
    await expectUntouched();
    expect(JSON.stringify(e1)).not.toContain(creds.key);
  });

  it('refuses a wrong pairing code with PAIRING_FAILED and creates nothing', async () => {
    await c.createPairingCode();
    const client = track(await connect(c.port));
    await client.hello();
    const err = await client.expectError('pair', { proof: client.pairProof('ZZZZ-ZZZZ'), memberName: 'Eve' });
    expect(err.error.code).toBe('PAIRING_FAILED');
    expect((await client.closed).code).toBe(CLOSE_CODES.AUTH_FAILED);
    await expectUntouched();
  });

  it('refuses an expired code', async () => {
    const { code } = await c.createPairingCode();
    c.clock.advance(2 * 60_000 + 1);
    const client = track(await connect(c.port));
    await client.hello();
    expect((await client.expectError('pair', { proof: client.pairProof(code), memberName: 'Late' })).error.code).toBe(
      'PAIRING_FAILED',
    );
    await expectUntouched();
  });

  it('refuses a code that was already used', async () => {
    const { code } = await c.createPairingCode();
    const { client } = await pairNew(c.port, code, 'First');
    track(client);
    before = await snapshot(c);
    const second = track(await connect(c.port));
    await second.hello();
    expect((await second.expectError('pair', { proof: second.pairProof(code), memberName: 'Second' })).error.code).toBe(
      'PAIRING_FAILED',
    );
    await expectUntouched();
  });

  it('kills a code after five wrong tries, even for the right proof afterwards', async () => {
    const { code } = await c.createPairingCode();
    for (let i = 0; i < 5; i++) {
      const guess = track(await connect(c.port));
      await guess.hello();
      expect(
        (await guess.expectError('pair', { proof: guess.pairProof(`WRNG${i}000`), memberName: 'Eve' })).error.code,
      ).toBe('PAIRING_FAILED');
    }
    const late = track(await connect(c.port));
    await late.hello();
    expect((await late.expectError('pair', { proof: late.pairProof(code), memberName: 'Ana' })).error.code).toBe(
      'PAIRING_FAILED',
    );
    await expectUntouched();
  });

  it('a code survives four wrong tries', async () => {
    const { code } = await c.createPairingCode();
    for (let i = 0; i < 4; i++) {
      const guess = track(await connect(c.port));
      await guess.hello();
      await guess.expectError('pair', { proof: guess.pairProof(`WRNG${i}000`), memberName: 'Eve' });
    }
    const { client, creds } = await pairNew(c.port, code, 'Ana');
    track(client);
    expect(creds.member.role).toBe('admin');
  });
});

describe('throttling', () => {
  it('backs off failed attempts with RATE_LIMITED, retryAfter and 4429, then lets them through again', async () => {
    const t = await startTestCompanion({ throttle: { freePerRemote: 3, freeGlobal: 100, baseMs: 4000 } });
    try {
      const attempt = async () => {
        const client = track(await connect(t.port));
        await client.hello();
        const res = await client.expectError('auth', { keyId: 'key_x', proof: client.authProof(nonce()) });
        return { res, close: await client.closed };
      };
      for (let i = 0; i < 4; i++) expect((await attempt()).res.error.code).toBe('AUTH_FAILED');
      const limited = await attempt();
      expect(limited.res.error.code).toBe('RATE_LIMITED');
      expect(limited.res.error.retryAfter).toBe(4);
      expect(limited.close.code).toBe(CLOSE_CODES.RATE_LIMITED);

      // A correct pairing is refused too while blocked.
      const { code } = await t.createPairingCode();
      const blocked = track(await connect(t.port));
      await blocked.hello();
      expect(
        (await blocked.expectError('pair', { proof: blocked.pairProof(code), memberName: 'Ana' })).error.code,
      ).toBe('RATE_LIMITED');
      expect(await t.store.countMembers()).toBe(0);

      t.clock.advance(4001);
      const { client } = await pairNew(t.port, code, 'Ana');
      track(client);
      expect(await t.store.countMembers()).toBe(1);
    } finally {
      await Promise.all(open.splice(0).map((x) => x.close()));
      await t.cleanup();
    }
  });

  it('doubles the wait with each further failure', async () => {
    const t = await startTestCompanion({ throttle: { freePerRemote: 1, freeGlobal: 100, baseMs: 1000 } });
    try {
      const codes: string[] = [];
      const waits: number[] = [];
      for (let i = 0; i < 7; i++) {
        const client = track(await connect(t.port));
        await client.hello();
        const err = await client.expectError('auth', { keyId: 'k', proof: client.authProof(nonce()) });
        codes.push(err.error.code);
        if (err.error.code === 'RATE_LIMITED') {
          waits.push(err.error.retryAfter!);
          t.clock.advance(err.error.retryAfter! * 1000);
        }
      }
      // One free failure, then each failure doubles the wait.
      expect(codes).toEqual([
        'AUTH_FAILED',
        'AUTH_FAILED',
        'RATE_LIMITED',
        'AUTH_FAILED',
        'RATE_LIMITED',
        'AUTH_FAILED',
        'RATE_LIMITED',
      ]);
      expect(waits).toEqual([1, 2, 4]);
    } finally {
      await Promise.all(open.splice(0).map((x) => x.close()));
      await t.cleanup();
    }
  });
});

describe('bad frames', () => {
  it('answers malformed JSON with BAD_FRAME (no id) and closes 4400 before auth', async () => {
    const client = track(await connect(c.port));
    client.sendRaw('{"v":1,"id":"r1",');
    const err = (await client.take(() => true)) as { ok: false; id: string | null; error: { code: string } };
    expect(err.ok).toBe(false);
    expect(err.id).toBeNull();
    expect(err.error.code).toBe('BAD_FRAME');
    expect((await client.closed).code).toBe(CLOSE_CODES.BAD_FRAME);
    await expectUntouched();
  });

  it.each([
    ['an unknown type', { v: 1, id: 'x1', type: 'items.drop', payload: {} }],
    ['a wrong version', { v: 2, id: 'x1', type: 'heartbeat', payload: {} }],
    ['an invalid payload', { v: 1, id: 'x1', type: 'hello', payload: { protocols: 'one' } }],
    ['extra payload fields', { v: 1, id: 'x1', type: 'heartbeat', payload: { sneaky: true } }],
  ])('answers %s with BAD_FRAME carrying the request id, then 4400', async (_what, frame) => {
    const client = track(await connect(c.port));
    client.sendRaw(frame);
    const err = (await client.take(() => true)) as { id: string | null; error: { code: string } };
    expect(err.error.code).toBe('BAD_FRAME');
    expect(err.id).toBe('x1');
    expect((await client.closed).code).toBe(4400);
  });

  it('refuses binary frames', async () => {
    const client = track(await connect(c.port));
    client.sendRaw(Buffer.from('{"v":1}'));
    expect(((await client.take(() => true)) as { error: { code: string } }).error.code).toBe('BAD_FRAME');
    expect((await client.closed).code).toBe(4400);
  });

  it('keeps an authenticated connection open after a bad frame', async () => {
    const { code } = await c.createPairingCode();
    const { client } = await pairNew(c.port, code, 'Ana');
    track(client);
    client.sendRaw('not json');
    expect(((await client.take(() => true)) as { error: { code: string } }).error.code).toBe('BAD_FRAME');
    const bad = await client.expectError('item.capture', { opId: 'x', item: { platform: 'x' } });
    expect(bad.error.code).toBe('BAD_FRAME');
    expect(bad.error.message).not.toMatch(/at .*\.ts/);
    expect(client.isOpen).toBe(true);
    expect((await client.call('heartbeat', {})).now).toBeTruthy();
    expect(await c.store.countItems()).toBe(0);
  });

  it('closes with 1009 on a frame over 1 MiB', async () => {
    const client = track(await connect(c.port));
    client.sendRaw(JSON.stringify({ v: 1, id: 'big', type: 'hello', payload: { pad: 'x'.repeat(MAX_FRAME_BYTES) } }));
    expect((await client.closed).code).toBe(CLOSE_CODES.TOO_BIG);
    await expectUntouched();
  });

  it('accepts a frame just under the limit (after auth, refused by schema, not by size)', async () => {
    const { code } = await c.createPairingCode();
    const { client } = await pairNew(c.port, code, 'Ana');
    track(client);
    const item = { ...sampleItem(), text: 'x'.repeat(20_001) };
    const err = await client.expectError('item.capture', { opId: opId(), item });
    expect(err.error.code).toBe('BAD_FRAME');
    expect(client.isOpen).toBe(true);
  });
});

describe('limits', () => {
  let t: TestCompanion;
  beforeAll(async () => {
    t = await startTestCompanion({ authTimeoutMs: 150, maxConnections: 3 });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('closes a connection that does not authenticate in time with 4408', async () => {
    const client = await connect(t.port);
    await client.hello();
    const started = Date.now();
    expect((await client.closed).code).toBe(CLOSE_CODES.AUTH_TIMEOUT);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('closes connections over the cap with 4503', async () => {
    const held = [await connect(t.port), await connect(t.port), await connect(t.port)];
    const over = await connect(t.port);
    expect((await over.closed).code).toBe(CLOSE_CODES.OVER_CAPACITY);
    expect(held.every((h) => h.isOpen)).toBe(true);
    await Promise.all(held.map((h) => h.close()));
    // Room again once they are gone.
    const next = await connect(t.port);
    expect((await next.call('heartbeat', {})).now).toBeTruthy();
    await next.close();
  });
});
