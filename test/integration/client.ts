/**
 * A small protocol client for the integration tests, written from
 * docs/protocol.md with node:crypto (it shares no code with the companion's
 * handshake): hello → pair or auth, verifying the companion's proofs.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import WebSocket from 'ws';
import { CHROME_EXTENSION_ORIGIN } from '../../shared/extension-id.js';
import { normalisePairingCode } from '../../shared/protocol/auth.js';
import {
  AlertPushFrame,
  NoticePushFrame,
  PresencePushFrame,
  SweepJobPushFrame,
  PushFrame,
  ResponseFrame,
  type RequestPayload,
  type RequestResult,
  type RequestType,
} from '../../shared/protocol/frames.js';
import type { Member } from '../../shared/model.js';

export const nonce = (): string => randomBytes(32).toString('base64url');
export const mac = (key: string, message: string): string =>
  createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('base64url');

export interface Credentials {
  keyId: string;
  key: string;
  member: Member;
}

export interface ConnectOptions {
  /** Origin header (default: the Chrome build's origin). null sends none. */
  origin?: string | null;
  /** Overrides the Host header. */
  host?: string;
  path?: string;
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

export type Frame =
  ResponseFrame | PushFrame | PresencePushFrame | AlertPushFrame | SweepJobPushFrame | NoticePushFrame;

/** Push frames other than `event`, tried in order. */
const OTHER_PUSHES = [PresencePushFrame, AlertPushFrame, SweepJobPushFrame, NoticePushFrame] as const;
export type ErrorResponse = Extract<ResponseFrame, { ok: false }>;

export class TestClient {
  /** Frames received and not yet taken. */
  private inbox: Frame[] = [];
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private nextId = 1;
  clientNonce: string | null = null;
  serverNonce: string | null = null;
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
    );
    ws.on('error', () => {});
    ws.on('message', (data) => {
      const json = JSON.parse(String(data)) as unknown;
      const push = PushFrame.safeParse(json);
      let frame: Frame | null = push.success ? push.data : null;
      for (const schema of OTHER_PUSHES) {
        if (frame) break;
        const other = schema.safeParse(json);
        if (other.success) frame = other.data;
      }
      frame ??= ResponseFrame.parse(json);
      const i = this.waiters.findIndex((w) => w.pred(frame));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(frame);
      else this.inbox.push(frame);
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends anything: an object as JSON, a string as is. */
  sendRaw(frame: unknown): void {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The first frame (received or to come) matching pred; rejects after timeoutMs. */
  take(pred: (f: Frame) => boolean, timeoutMs = 2000): Promise<Frame> {
    const i = this.inbox.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Sends a request and resolves with its response frame (ok or not). */
  async request<T extends RequestType>(
    type: T,
    payload: RequestPayload<T> | unknown,
    id?: string,
  ): Promise<ResponseFrame> {
    const rid = id ?? `r${this.nextId++}`;
    this.sendRaw({ v: 1, id: rid, type, payload });
    return (await this.take((f) => 'id' in f && f.id === rid)) as ResponseFrame;
  }

  /** Sends a request and returns its result, throwing on an error response. */
  async call<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<RequestResult<T>> {
    const res = await this.request(type, payload);
    if (!res.ok) throw new Error(`${type} failed: ${res.error.code} ${res.error.message}`);
    return res.result as RequestResult<T>;
  }

  /** Sends a request that must fail; returns the error response. */
  async expectError<T extends RequestType>(type: T, payload: unknown): Promise<ErrorResponse> {
    const res = await this.request(type, payload);
    if (res.ok) throw new Error(`${type} unexpectedly succeeded`);
    return res;
  }

  async hello(): Promise<RequestResult<'hello'>> {
    this.clientNonce = nonce();
    const result = await this.call('hello', {
      protocols: [1],
      clientNonce: this.clientNonce,
      client: { name: 'inlay-test', version: '0.0.0' },
    });
    this.serverNonce = result.serverNonce;
    return result;
  }

  pairProof(code: string): string {
    return mac(normalisePairingCode(code), `inlay/v1/pair-client|${this.serverNonce}|${this.clientNonce}`);
  }

  authProof(key: string): string {
    return mac(key, `inlay/v1/client|${this.serverNonce}|${this.clientNonce}`);
  }

  /** hello (if not yet) + pair; verifies the companion's serverProof. */
  async pair(code: string, memberName: string): Promise<Credentials> {
    if (!this.serverNonce) await this.hello();
    const r = await this.call('pair', { proof: this.pairProof(code), memberName });
    const expected = mac(
      normalisePairingCode(code),
      `inlay/v1/pair-server|${this.clientNonce}|${this.serverNonce}|${r.keyId}`,
    );
    if (!safeEqual(expected, r.serverProof)) throw new Error('the companion did not prove it knows the code');
    return { keyId: r.keyId, key: r.key, member: r.member };
  }

  /** hello (if not yet) + auth; verifies the companion's serverProof. */
  async auth(creds: Pick<Credentials, 'keyId' | 'key'>): Promise<Member> {
    if (!this.serverNonce) await this.hello();
    const r = await this.call('auth', { keyId: creds.keyId, proof: this.authProof(creds.key) });
    const expected = mac(creds.key, `inlay/v1/server|${this.clientNonce}|${this.serverNonce}`);
    if (!safeEqual(expected, r.serverProof)) throw new Error('the companion did not prove it knows the key');
    return r.member;
  }

  nextPush(timeoutMs = 1000): Promise<PushFrame> {
    return this.take((f) => 'type' in f && f.type === 'event', timeoutMs) as Promise<PushFrame>;
  }

  /** The next presence push (received or to come). */
  nextPresence(timeoutMs = 1000): Promise<PresencePushFrame> {
    return this.take((f) => 'type' in f && f.type === 'presence', timeoutMs) as Promise<PresencePushFrame>;
  }

  /** Presence pushes already received and not yet taken. */
  pendingPresence(): PresencePushFrame[] {
    return this.inbox.filter((f): f is PresencePushFrame => 'type' in f && f.type === 'presence');
  }

  /** Frames of a push type already received and not yet taken. */
  pendingOf(type: string): Frame[] {
    return this.inbox.filter((f) => 'type' in f && f.type === type);
  }

  /** Pushes already received and not yet taken. */
  pendingPushes(): PushFrame[] {
    return this.inbox.filter((f): f is PushFrame => 'type' in f && f.type === 'event');
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000);
    await this.closed;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Opens a socket; rejects with UpgradeRefused when the companion answers the upgrade with an HTTP status. */
export function connect(port: number, opts: ConnectOptions = {}): Promise<TestClient> {
  const origin = opts.origin === undefined ? CHROME_EXTENSION_ORIGIN : opts.origin;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${opts.path ?? '/'}`, {
    ...(origin !== null ? { origin } : {}),
    ...(opts.host ? { headers: { Host: opts.host } } : {}),
    perMessageDeflate: false,
    maxPayload: 64 * 1024 * 1024,
  });
  return new Promise((resolve, reject) => {
    // Listeners are attached before the socket can open, so no early frame is missed.
    const client = new TestClient(ws);
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      reject(new UpgradeRefused(res.statusCode ?? 0));
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

/** The HTTP status an upgrade gets, or 101 if it opened. */
export async function upgradeStatus(port: number, opts: ConnectOptions = {}): Promise<number> {
  try {
    const c = await connect(port, opts);
    await c.close();
    return 101;
  } catch (err) {
    if (err instanceof UpgradeRefused) return err.status;
    throw err;
  }
}

/** Connect, hello, pair with a code: an authenticated client and its credentials. */
export async function pairNew(
  port: number,
  code: string,
  name: string,
  opts: ConnectOptions = {},
): Promise<{ client: TestClient; creds: Credentials }> {
  const client = await connect(port, opts);
  const creds = await client.pair(code, name);
  return { client, creds };
}

/** Connect, hello, auth with stored credentials. */
export async function authed(port: number, creds: Credentials, opts: ConnectOptions = {}): Promise<TestClient> {
  const client = await connect(port, opts);
  await client.auth(creds);
  return client;
}

let opCounter = 0;
export const opId = (): string => `op_${process.pid}_${++opCounter}_${randomBytes(4).toString('hex')}`;

/** A valid captured X reply. */
export function sampleItem(n: number | string = 1) {
  return {
    platform: 'x' as const,
    nativeId: `19000000000000${String(n).padStart(5, '0')}`,
    kind: 'reply' as const,
    profile: 'inlaydemo',
    author: { handle: 'ana_example', name: 'Ana Example', url: 'https://x.com/ana_example' },
    text: `Reply number ${n}`,
    permalink: `https://x.com/ana_example/status/19000000000000${String(n).padStart(5, '0')}`,
    siteTimestamp: '2026-11-20T09:15:00.000Z',
    parentId: '1900000000000000001',
    threadId: '1900000000000000001',
    lang: 'en',
  };
}
