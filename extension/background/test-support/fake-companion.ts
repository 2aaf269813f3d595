/**
 * Test support: an in-memory companion behind a fake WebSocket, speaking the
 * real frames (parsed with the shared schemas) and computing real proofs with
 * whatever HandshakeCrypto it is given. Tests script its behaviour through
 * `handlers` and can inspect every frame the client sent.
 */
import {
  PROTOCOL_VERSION,
  RequestEnvelope,
  proofMessages,
  type Presence,
  type PushFrame,
  type RequestType,
} from '../../../shared/protocol';
import type { Member } from '../../../shared/model';
import type { HandshakeCrypto } from '../crypto';
import type { SocketLike } from '../socket-client';

export const TEST_MEMBER: Member = { id: 'm1', name: 'Ada', role: 'agent', createdAt: '2025-01-01T00:00:00.000Z' };
export const TEST_KEY = 'k'.repeat(43);
export const TEST_KEY_ID = 'key1';

type Reply =
  { ok: true; result: unknown } | { ok: false; code: string; message?: string; retryAfter?: number } | 'silence';
export type Handler = (
  payload: Record<string, unknown>,
  ctx: { serverNonce: string; clientNonce: string },
) => Reply | Promise<Reply>;

export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closedWith: { code: number | undefined; reason: string | undefined } | null = null;

  constructor(
    readonly url: string,
    private readonly onSend: (socket: FakeSocket, data: string) => void,
  ) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.onSend(this, data);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= 2) return;
    this.closedWith = { code, reason };
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code: code ?? 1005, reason: reason ?? '' }));
  }

  /** Server side: open the socket. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** Server side: refuse (nothing listening). */
  refuse(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006, reason: '' });
  }

  /** Server side: deliver a frame. */
  deliver(frame: unknown): void {
    if (this.readyState !== 1) return;
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** Server side: close the connection. */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

export class FakeCompanion {
  sockets: FakeSocket[] = [];
  /** Every request frame received, in order, with the socket index. */
  received: Array<{ socket: number; type: RequestType; payload: Record<string, unknown> }> = [];
  /** When false, new sockets are refused (companion not running). */
  running = true;
  companionId = 'companion-1';
  serverProofOverride: string | null = null;
  handlers: Partial<Record<RequestType, Handler>> = {};
  private nonces = new Map<FakeSocket, { serverNonce: string; clientNonce: string }>();

  constructor(
    private readonly crypto: HandshakeCrypto,
    readonly key = TEST_KEY,
    readonly keyId = TEST_KEY_ID,
  ) {}

  get last(): FakeSocket | undefined {
    return this.sockets[this.sockets.length - 1];
  }

  types(): RequestType[] {
    return this.received.map((r) => r.type);
  }

  /** The SocketFactory to give the client. */
  factory = (url: string): FakeSocket => {
    const socket = new FakeSocket(url, (s, data) => void this.handle(s, data));
    this.sockets.push(socket);
    queueMicrotask(() => (this.running ? socket.accept() : socket.refuse()));
    return socket;
  };

  push(seq: number, payload: PushFrame['payload']): void {
    this.last?.deliver({ v: PROTOCOL_VERSION, type: 'event', seq, payload });
  }

  /** A teammate's presence changed (the presence push: no seq). */
  pushPresence(payload: Presence): void {
    this.last?.deliver({ v: PROTOCOL_VERSION, type: 'presence', payload });
  }

  private async handle(socket: FakeSocket, data: string): Promise<void> {
    const env = RequestEnvelope.parse(JSON.parse(data));
    const payload = (env.payload ?? {}) as Record<string, unknown>;
    this.received.push({ socket: this.sockets.indexOf(socket), type: env.type, payload });
    const reply = await this.reply(socket, env.type, payload);
    if (reply === 'silence') return;
    if (reply.ok) socket.deliver({ v: 1, id: env.id, ok: true, result: reply.result });
    else
      socket.deliver({
        v: 1,
        id: env.id,
        ok: false,
        error: { code: reply.code, message: reply.message ?? reply.code, retryAfter: reply.retryAfter },
      });
  }

  private async reply(socket: FakeSocket, type: RequestType, payload: Record<string, unknown>): Promise<Reply> {
    const ctx = this.nonces.get(socket) ?? { serverNonce: '', clientNonce: '' };
    const custom = this.handlers[type];
    if (type === 'hello') {
      const serverNonce = this.crypto.nonce();
      this.nonces.set(socket, { serverNonce, clientNonce: String(payload.clientNonce) });
      if (custom) return custom(payload, { serverNonce, clientNonce: String(payload.clientNonce) });
      return {
        ok: true,
        result: { protocol: 1, serverNonce, companionId: this.companionId, companionVersion: '0.1.0' },
      };
    }
    if (custom) return custom(payload, ctx);
    switch (type) {
      case 'auth': {
        const expected = await this.crypto.hmac(this.key, proofMessages.authClient(ctx.serverNonce, ctx.clientNonce));
        if (payload.keyId !== this.keyId || !this.crypto.equal(expected, String(payload.proof))) {
          return { ok: false, code: 'AUTH_FAILED', message: 'unknown key or wrong proof' };
        }
        const serverProof =
          this.serverProofOverride ??
          (await this.crypto.hmac(this.key, proofMessages.authServer(ctx.clientNonce, ctx.serverNonce)));
        return { ok: true, result: { serverProof, member: TEST_MEMBER } };
      }
      case 'heartbeat':
        return { ok: true, result: { now: new Date(0).toISOString() } };
      case 'subscribe':
        return { ok: true, result: { headSeq: 0, events: [], truncated: false } };
      default:
        return { ok: false, code: 'NOT_FOUND', message: `no handler for ${type}` };
    }
  }
}

/** A deterministic, synchronous-enough HandshakeCrypto for fake-timer tests (not secure; 43-char outputs). */
export function fakeCrypto(): HandshakeCrypto {
  let n = 0;
  const hash43 = (text: string): string => {
    const out: number[] = [];
    let h = 2166136261;
    for (let round = 0; out.length < 32; round++) {
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
      h = Math.imul(h ^ round, 16777619) >>> 0;
      out.push(h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff, (h >>> 24) & 0xff);
    }
    let bin = '';
    for (const b of out) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  return {
    nonce: () => hash43(`nonce-${n++}`),
    hmac: async (k, m) => hash43(`${k}\u0000${m}`),
    equal: (a, b) => a === b,
  };
}
