import { afterEach, describe, expect, it, vi } from 'vitest';
import { proofMessages } from '../../shared/protocol';
import { Backoff } from './backoff';
import { webCrypto, type HandshakeCrypto } from './crypto';
import { SocketClient, type ClientStatus, type SocketClientOptions } from './socket-client';
import { FakeCompanion, TEST_KEY, TEST_KEY_ID, TEST_MEMBER, fakeCrypto } from './test-support/fake-companion';

function setup(crypto: HandshakeCrypto = webCrypto, overrides: Partial<SocketClientOptions> = {}) {
  const companion = new FakeCompanion(crypto);
  const statuses: ClientStatus[] = [];
  const client = new SocketClient({
    socketFactory: companion.factory,
    crypto,
    getConfig: async () => ({ port: 27412, credentials: { keyId: TEST_KEY_ID, key: TEST_KEY } }),
    backoff: new Backoff({ baseMs: 1000, capMs: 30_000, random: () => 0.5 }),
    onStatus: (s) => statuses.push(s),
    onAuthenticated: async (session) => {
      await session.request('subscribe', { sinceSeq: 0 });
    },
    ...overrides,
  });
  const last = () => statuses[statuses.length - 1];
  return { companion, client, statuses, last };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('socket client handshake', () => {
  it('connects to loopback, says hello, authenticates, runs onAuthenticated, then reports connected', async () => {
    const { companion, client, last } = setup();
    client.start();
    await vi.waitFor(() => expect(last()?.status).toBe('connected'));
    expect(companion.last?.url).toBe('ws://127.0.0.1:27412/');
    expect(companion.types()).toEqual(['hello', 'auth', 'subscribe']);
    const hello = companion.received[0]!.payload;
    expect(hello.protocols).toEqual([1]);
    expect(last()).toMatchObject({ status: 'connected', member: TEST_MEMBER, companionId: 'companion-1' });
    client.stop();
  });

  it('rejects a wrong serverProof: closes, reports auth_failed, sends nothing after auth, does not retry by itself', async () => {
    vi.useFakeTimers();
    const crypto = fakeCrypto();
    const { companion, client, last } = setup(crypto);
    companion.serverProofOverride = await crypto.hmac('not-the-key', proofMessages.authServer('a', 'b'));
    client.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(last()).toEqual({ status: 'auth_failed', reason: 'bad_server_proof' });
    expect(companion.types()).toEqual(['hello', 'auth']);
    expect(companion.sockets[0]!.closedWith).not.toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(companion.sockets).toHaveLength(1);
    client.ensureConnected(); // the alarm: still blocked for a while
    await vi.advanceTimersByTimeAsync(10);
    expect(companion.sockets).toHaveLength(1);
    client.stop();
  });

  it('reports key_refused when the companion refuses the key', async () => {
    const { companion, client, last } = setup(webCrypto);
    companion.handlers.auth = () => ({ ok: false, code: 'AUTH_FAILED', message: 'unknown key' });
    client.start();
    await vi.waitFor(() => expect(last()).toEqual({ status: 'auth_failed', reason: 'key_refused' }));
    client.stop();
  });

  it('reports unpaired and opens no socket without credentials', async () => {
    const { companion, client, last } = setup(webCrypto, {
      getConfig: async () => ({ port: 1, credentials: null }),
    });
    client.start();
    await vi.waitFor(() => expect(last()).toEqual({ status: 'unpaired' }));
    expect(companion.sockets).toHaveLength(0);
  });
});

describe('socket client reconnect', () => {
  it('goes offline when nothing listens, retries with backoff, and resets the backoff once connected', async () => {
    vi.useFakeTimers();
    const { companion, client, last } = setup(fakeCrypto());
    companion.running = false;
    client.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(last()).toEqual({ status: 'offline', reason: 'unreachable' });
    expect(companion.sockets).toHaveLength(1);
    // attempt 0 waits 0.5 · 1000 ms, attempt 1 waits 0.5 · 2000 ms
    await vi.advanceTimersByTimeAsync(497);
    expect(companion.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3);
    expect(companion.sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(996);
    expect(companion.sockets).toHaveLength(2);
    companion.running = true;
    await vi.advanceTimersByTimeAsync(3);
    expect(companion.sockets).toHaveLength(3);
    expect(last()?.status).toBe('connected');
    // the companion goes away: the next retry uses attempt 0 again (reset)
    companion.last!.drop(1001, 'going away');
    expect(last()).toEqual({ status: 'offline', reason: 'unreachable' });
    await vi.advanceTimersByTimeAsync(501);
    expect(companion.sockets).toHaveLength(4);
    expect(last()?.status).toBe('connected');
    client.stop();
  });

  it('stop() cancels pending reconnects', async () => {
    vi.useFakeTimers();
    const { companion, client } = setup(fakeCrypto());
    companion.running = false;
    client.start();
    await vi.advanceTimersByTimeAsync(1);
    client.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(companion.sockets).toHaveLength(1);
  });
});

describe('socket client heartbeat and requests', () => {
  it('sends a heartbeat every 15 s while connected', async () => {
    vi.useFakeTimers();
    const { companion, client } = setup(fakeCrypto());
    client.start();
    await vi.advanceTimersByTimeAsync(1);
    const beats = () => companion.types().filter((t) => t === 'heartbeat').length;
    expect(beats()).toBe(0);
    await vi.advanceTimersByTimeAsync(14_990);
    expect(beats()).toBe(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(beats()).toBe(1);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(beats()).toBe(2);
    await vi.advanceTimersByTimeAsync(45_000);
    expect(beats()).toBe(5);
    client.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(beats()).toBe(5);
  });

  it('never lets the heartbeat interval exceed HEARTBEAT_MS', async () => {
    vi.useFakeTimers();
    const { companion, client } = setup(fakeCrypto(), { heartbeatMs: 60_000 });
    client.start();
    await vi.advanceTimersByTimeAsync(20_001);
    expect(companion.types().filter((t) => t === 'heartbeat')).toHaveLength(1);
    client.stop();
  });

  it('treats an unanswered heartbeat as a dead connection and reconnects', async () => {
    vi.useFakeTimers();
    const { companion, client, last } = setup(fakeCrypto());
    client.start();
    await vi.advanceTimersByTimeAsync(1);
    companion.handlers.heartbeat = () => 'silence';
    await vi.advanceTimersByTimeAsync(15_000 + 10_000 + 1);
    expect(last()).toEqual({ status: 'offline', reason: 'unreachable' });
    delete companion.handlers.heartbeat;
    await vi.advanceTimersByTimeAsync(600);
    expect(companion.sockets).toHaveLength(2);
    expect(last()?.status).toBe('connected');
    client.stop();
  });

  it('times out a request and rejects with TIMEOUT; rejects pending requests on disconnect', async () => {
    vi.useFakeTimers();
    const { companion, client } = setup(fakeCrypto());
    client.start();
    await vi.advanceTimersByTimeAsync(1);
    companion.handlers.me = () => 'silence';
    const slow = client.request('me', {}, 2000);
    const caught = slow.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2001);
    expect(await caught).toMatchObject({ code: 'TIMEOUT' });

    const pending = client.request('me', {}).catch((e: unknown) => e);
    companion.last!.drop();
    expect(await pending).toMatchObject({ code: 'DISCONNECTED' });
    client.stop();
  });

  it('refuses results that do not match the schema and ignores junk frames', async () => {
    const { companion, client, last } = setup(webCrypto);
    client.start();
    await vi.waitFor(() => expect(last()?.status).toBe('connected'));
    companion.last!.deliver('not json');
    companion.last!.deliver({ v: 1, type: 'event', seq: 'x' });
    companion.handlers.me = () => ({ ok: true, result: { member: { id: 1 } } });
    await expect(client.request('me', {})).rejects.toMatchObject({ code: 'BAD_RESULT' });
    companion.handlers.me = () => ({ ok: true, result: { member: TEST_MEMBER } });
    await expect(client.request('me', {})).resolves.toEqual({ member: TEST_MEMBER });
    client.stop();
  });

  it('validates payloads before sending', async () => {
    const { companion, client, last } = setup(webCrypto);
    client.start();
    await vi.waitFor(() => expect(last()?.status).toBe('connected'));
    const before = companion.received.length;
    await expect(client.request('subscribe', { sinceSeq: -1 })).rejects.toMatchObject({ code: 'BAD_FRAME' });
    expect(companion.received.length).toBe(before);
    client.stop();
  });

  it('delivers pushes only after authentication', async () => {
    const onPush = vi.fn();
    const { companion, client, last } = setup(webCrypto, { onPush });
    client.start();
    await vi.waitFor(() => expect(last()?.status).toBe('connected'));
    companion.push(1, {
      event: {
        seq: 1,
        id: 'e1',
        opId: null,
        at: '2025-01-01T00:00:00.000Z',
        memberId: null,
        itemKey: null,
        data: { type: 'member.joined', member: TEST_MEMBER },
      },
      item: null,
    });
    expect(onPush).toHaveBeenCalledTimes(1);
    expect(onPush.mock.calls[0]![0]).toMatchObject({ seq: 1 });
    client.stop();
  });

  it('hands presence pushes to onPresence, parsed with the shared schema; bad ones are ignored', async () => {
    const onPush = vi.fn();
    const onPresence = vi.fn();
    const log = vi.fn();
    const { companion, client, last } = setup(webCrypto, { onPush, onPresence, log });
    client.start();
    await vi.waitFor(() => expect(last()?.status).toBe('connected'));
    const tess = {
      memberId: 'mem_tess',
      name: 'Tess',
      itemKey: 'x:1',
      state: 'typing' as const,
      at: '2025-01-01T00:00:00.000Z',
    };
    companion.pushPresence(tess);
    expect(onPresence).toHaveBeenCalledWith(tess);
    companion.last!.deliver({ v: 1, type: 'presence', payload: { ...tess, state: 'dancing' } });
    companion.last!.deliver({ v: 1, type: 'presence', payload: { ...tess, itemKey: 'javascript:1' } });
    companion.last!.deliver({ v: 1, type: 'sparkles', payload: {} }); // a push type from the future
    expect(onPresence).toHaveBeenCalledTimes(1);
    expect(onPush).not.toHaveBeenCalled();
    expect(log.mock.calls.filter(([m]) => /ignored an invalid frame/.test(String(m)))).toHaveLength(3);
    client.stop();
  });
});

describe('pairing', () => {
  const CODE = 'K7QX-M2PD';

  function pairingCompanion(crypto: HandshakeCrypto, tamper = false) {
    const companion = new FakeCompanion(crypto);
    companion.handlers.pair = async (payload, ctx) => {
      const expected = await crypto.hmac('K7QXM2PD', proofMessages.pairClient(ctx.serverNonce, ctx.clientNonce));
      if (!crypto.equal(expected, String(payload.proof))) return { ok: false, code: 'PAIRING_FAILED' };
      const serverProof = await crypto.hmac(
        tamper ? 'OTHER' : 'K7QXM2PD',
        proofMessages.pairServer(ctx.clientNonce, ctx.serverNonce, 'key9'),
      );
      return { ok: true, result: { keyId: 'key9', key: TEST_KEY, member: TEST_MEMBER, serverProof } };
    };
    const client = new SocketClient({
      socketFactory: companion.factory,
      crypto,
      getConfig: async () => ({ port: 27412, credentials: null }),
    });
    return { companion, client };
  }

  it('exchanges a code (normalised: lower case, dash, o→0) for a key and verifies the companion', async () => {
    const { companion, client } = pairingCompanion(webCrypto);
    const outcome = await client.pair(4321, 'k7qx-m2pd', 'Ada');
    expect(outcome).toEqual({
      ok: true,
      keyId: 'key9',
      key: TEST_KEY,
      member: TEST_MEMBER,
      companionId: 'companion-1',
    });
    expect(companion.last!.url).toBe('ws://127.0.0.1:4321/');
    expect(companion.types()).toEqual(['hello', 'pair']);
    expect(JSON.stringify(companion.received)).not.toContain('K7QX');
    expect(companion.last!.closedWith).not.toBeNull();
    expect(await pairingCompanion(webCrypto).client.pair(1, CODE.replace('0', 'O'), 'Ada')).toMatchObject({
      ok: true,
    });
  });

  it('says the code is wrong when the companion refuses it', async () => {
    const { client } = pairingCompanion(webCrypto);
    expect(await client.pair(1, 'AAAA-BBBB', 'Ada')).toMatchObject({ ok: false, reason: 'wrong_code' });
  });

  it('refuses a companion that cannot prove it knew the code', async () => {
    const { client } = pairingCompanion(webCrypto, true);
    expect(await client.pair(1, CODE, 'Ada')).toMatchObject({ ok: false, reason: 'bad_server_proof' });
  });

  it('says unreachable when nothing listens', async () => {
    const { companion, client } = pairingCompanion(webCrypto);
    companion.running = false;
    expect(await client.pair(1, CODE, 'Ada')).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});
