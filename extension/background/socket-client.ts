/**
 * The only WebSocket to the companion (`ws://127.0.0.1:<port>/`), held by the
 * background worker. It
 *   - correlates requests and responses by id, with a timeout per request;
 *   - opens with hello → auth, and verifies the companion's proof before it
 *     sends anything else (a program squatting on the port learns nothing and
 *     is reported as `auth_failed`);
 *   - runs the caller's `onAuthenticated` step (subscribe, replay) and only
 *     then reports `connected`;
 *   - sends an application-level heartbeat (MV3 workers die after 30 s
 *     without application messages; WebSocket pings do not count);
 *   - reconnects with exponential backoff and full jitter, reset on success.
 *
 * Everything with side effects — the socket, timers, crypto — is injected so
 * the logic runs in unit tests against a fake socket and fake timers.
 */
import type { ZodType } from 'zod';
import type { Member } from '../../shared/model';
import {
  CLOSE_CODES,
  HEARTBEAT_MS,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  REQUESTS,
  ServerFrame,
  normalisePairingCode,
  proofMessages,
  type AlertPushFrame,
  type NoticePushFrame,
  type SweepJobPushFrame,
  type ErrorCode,
  type Presence,
  type PushFrame,
  type RequestPayload,
  type RequestResult,
  type RequestType,
} from '../../shared/protocol';
import { Backoff, DEFAULT_BACKOFF } from './backoff';
import type { HandshakeCrypto } from './crypto';

/** The subset of the WebSocket API the client uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

/** The real thing: a browser WebSocket behind the SocketLike interface. */
export function browserSocket(url: string): SocketLike {
  const ws = new WebSocket(url);
  const socket: SocketLike = {
    get readyState() {
      return ws.readyState;
    },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  };
  ws.onopen = (ev) => socket.onopen?.(ev);
  ws.onmessage = (ev: MessageEvent) => socket.onmessage?.({ data: ev.data });
  ws.onclose = (ev) => socket.onclose?.({ code: ev.code, reason: ev.reason });
  ws.onerror = (ev) => socket.onerror?.(ev);
  return socket;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/** Global timers, looked up at call time (so vitest fake timers apply). */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

const OPEN = 1;

export type FailureCode = ErrorCode | 'TIMEOUT' | 'DISCONNECTED' | 'NOT_CONNECTED' | 'BAD_RESULT';

/** A request that did not succeed: a companion error value, or a transport failure. */
export class RequestError extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'RequestError';
  }
  /** True when the op may not have reached the companion, or may succeed later. */
  get transient(): boolean {
    return ['TIMEOUT', 'DISCONNECTED', 'NOT_CONNECTED', 'RATE_LIMITED', 'UNAUTHENTICATED', 'INTERNAL'].includes(
      this.code,
    );
  }
}

export function companionUrl(port: number): string {
  return `ws://127.0.0.1:${port}/`;
}

interface Pending {
  type: RequestType;
  resolve: (value: unknown) => void;
  reject: (err: RequestError) => void;
  timer: unknown;
}

/** One WebSocket's life: request/response correlation and push delivery. */
export class Connection {
  private pending = new Map<string, Pending>();
  private counter = 0;
  private closed = false;
  onPush: (frame: PushFrame) => void = () => {};
  /** A teammate's presence changed (ephemeral: no seq). */
  onPresence: (presence: Presence) => void = () => {};
  onAlert: (alert: AlertPushFrame['payload']) => void = () => {};
  /** A sweep job for this browser (sent to exactly one session). */
  onSweepJob: (payload: SweepJobPushFrame['payload']) => void = () => {};
  /** A sweep notice for leads and admins. */
  onNotice: (payload: NoticePushFrame['payload']) => void = () => {};
  onClose: (code: number, reason: string) => void = () => {};
  onProtocolError: (message: string) => void = () => {};

  private constructor(
    private readonly socket: SocketLike,
    private readonly timers: Timers,
  ) {
    socket.onmessage = (ev) => this.receive(ev.data);
    socket.onclose = (ev) => this.finish(ev.code, ev.reason);
    socket.onerror = () => {};
  }

  /** Opens a socket; rejects with DISCONNECTED if it closes or errors first, TIMEOUT after `timeoutMs`. */
  static open(factory: SocketFactory, url: string, timers: Timers, timeoutMs: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      let socket: SocketLike;
      try {
        socket = factory(url);
      } catch (err) {
        reject(new RequestError('DISCONNECTED', `Could not open ${url}: ${String(err)}`));
        return;
      }
      let settled = false;
      const timer = timers.setTimeout(() => {
        if (settled) return;
        settled = true;
        socket.onopen = socket.onclose = socket.onerror = null;
        try {
          socket.close();
        } catch {
          /* already closing */
        }
        reject(new RequestError('TIMEOUT', `No answer from ${url}.`));
      }, timeoutMs);
      socket.onopen = () => {
        if (settled) return;
        settled = true;
        timers.clearTimeout(timer);
        resolve(new Connection(socket, timers));
      };
      const fail = () => {
        if (settled) return;
        settled = true;
        timers.clearTimeout(timer);
        socket.onopen = socket.onclose = socket.onerror = null;
        reject(new RequestError('DISCONNECTED', `Nothing is listening at ${url}.`));
      };
      socket.onerror = fail;
      socket.onclose = fail;
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === OPEN;
  }

  request<T extends RequestType>(type: T, payload: RequestPayload<T>, timeoutMs: number): Promise<RequestResult<T>> {
    if (!this.isOpen) return Promise.reject(new RequestError('DISCONNECTED', 'The connection is closed.'));
    const checked = (REQUESTS[type].payload as ZodType).safeParse(payload);
    if (!checked.success) {
      return Promise.reject(new RequestError('BAD_FRAME', `Invalid ${type} payload: ${checked.error.message}`));
    }
    const id = `c${++this.counter}`;
    const frame = JSON.stringify({ v: PROTOCOL_VERSION, id, type, payload: checked.data });
    return new Promise<RequestResult<T>>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError('TIMEOUT', `The companion did not answer ${type} within ${timeoutMs / 1000} s.`));
      }, timeoutMs);
      this.pending.set(id, { type, resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        this.socket.send(frame);
      } catch (err) {
        this.timers.clearTimeout(timer);
        this.pending.delete(id);
        reject(new RequestError('DISCONNECTED', `Sending ${type} failed: ${String(err)}`));
      }
    });
  }

  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    try {
      this.socket.close(code, reason);
    } catch {
      /* already closed */
    }
    this.finish(code, reason);
  }

  private finish(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.onmessage = this.socket.onclose = this.socket.onerror = null;
    for (const [, p] of this.pending) {
      this.timers.clearTimeout(p.timer);
      p.reject(new RequestError('DISCONNECTED', `The connection closed before ${p.type} was answered.`));
    }
    this.pending.clear();
    this.onClose(code, reason);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string' || data.length > MAX_FRAME_BYTES) {
      this.onProtocolError('ignored a non-text or oversized frame');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.onProtocolError('ignored a frame that is not JSON');
      return;
    }
    const parsed = ServerFrame.safeParse(json);
    if (!parsed.success) {
      this.onProtocolError(`ignored an invalid frame: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
      return;
    }
    const frame = parsed.data;
    if ('type' in frame) {
      // Both push types were parsed with their shared schemas (ServerFrame); unknown types never get here.
      if (frame.type === 'event') this.onPush(frame);
      else if (frame.type === 'presence') this.onPresence(frame.payload);
      else if (frame.type === 'alert') this.onAlert(frame.payload);
      else if (frame.type === 'sweep.job') this.onSweepJob(frame.payload);
      else if (frame.type === 'notice') this.onNotice(frame.payload);
      return;
    }
    const pending = frame.id === null ? undefined : this.pending.get(frame.id);
    if (!pending) {
      if (!frame.ok) this.onProtocolError(`companion error ${frame.error.code}: ${frame.error.message}`);
      return;
    }
    this.pending.delete(frame.id as string);
    this.timers.clearTimeout(pending.timer);
    if (!frame.ok) {
      pending.reject(new RequestError(frame.error.code, frame.error.message, frame.error.retryAfter));
      return;
    }
    const result = (REQUESTS[pending.type].result as ZodType).safeParse(frame.result);
    if (!result.success) {
      pending.reject(new RequestError('BAD_RESULT', `Unexpected ${pending.type} result: ${result.error.message}`));
      return;
    }
    pending.resolve(result.data);
  }
}

export interface Credentials {
  keyId: string;
  key: string;
}

export interface ClientConfig {
  port: number;
  credentials: Credentials | null;
}

/** What the client reports; the background turns it into words. */
export type ClientStatus =
  | { status: 'unpaired' }
  | { status: 'connecting' }
  | { status: 'connected'; member: Member; companionId: string }
  | {
      status: 'offline';
      reason: 'unreachable' | 'unsupported_version' | 'rate_limited' | 'error';
      message?: string;
      retryInMs?: number;
    }
  | { status: 'auth_failed'; reason: 'bad_server_proof' | 'key_refused' };

export interface Session {
  member: Member;
  companionId: string;
  request: <T extends RequestType>(
    type: T,
    payload: RequestPayload<T>,
    timeoutMs?: number,
  ) => Promise<RequestResult<T>>;
}

export interface SocketClientOptions {
  socketFactory: SocketFactory;
  crypto: HandshakeCrypto;
  getConfig: () => Promise<ClientConfig>;
  timers?: Timers;
  backoff?: Backoff;
  client?: { name: string; version: string };
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** ≤ HEARTBEAT_MS; 15 s leaves room for a slow timer or a slow answer. */
  heartbeatMs?: number;
  /** After the key was refused, automatic retries wait this long. */
  authFailedRetryMs?: number;
  log?: (message: string) => void;
  onStatus?: (status: ClientStatus) => void;
  /** Runs after authentication (subscribe, replay). Throwing closes the connection and retries. */
  onAuthenticated?: (session: Session) => Promise<void>;
  onPush?: (frame: PushFrame) => void;
  /** Presence pushes (who is viewing or typing where), after authentication. */
  onPresence?: (presence: Presence) => void;
  /** A rule's alert for this member (a desktop notification). */
  onAlert?: (alert: AlertPushFrame['payload']) => void;
  /** A sweep job for this browser. */
  onSweepJob?: (payload: SweepJobPushFrame['payload']) => void;
  /** A sweep notice (leads and admins). */
  onNotice?: (payload: NoticePushFrame['payload']) => void;
}

export type PairOutcome =
  | { ok: true; keyId: string; key: string; member: Member; companionId: string }
  | {
      ok: false;
      reason: 'unreachable' | 'wrong_code' | 'rate_limited' | 'bad_server_proof' | 'unsupported_version' | 'error';
      message: string;
      retryAfter?: number;
    };

export class SocketClient {
  private readonly timers: Timers;
  private readonly backoff: Backoff;
  private readonly o: Required<
    Pick<SocketClientOptions, 'requestTimeoutMs' | 'connectTimeoutMs' | 'heartbeatMs' | 'authFailedRetryMs'>
  >;
  private conn: Connection | null = null;
  private authenticated = false;
  private wanted = false;
  private connecting = false;
  private generation = 0;
  private reconnectTimer: unknown = null;
  private heartbeatTimer: unknown = null;
  /** No automatic reconnect before this time (ms) — after auth failures and rate limits. */
  private blockedUntil = 0;
  private current: ClientStatus = { status: 'connecting' };

  constructor(private readonly options: SocketClientOptions) {
    this.timers = options.timers ?? realTimers;
    this.backoff = options.backoff ?? new Backoff(DEFAULT_BACKOFF);
    this.o = {
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      heartbeatMs: Math.min(options.heartbeatMs ?? 15_000, HEARTBEAT_MS),
      authFailedRetryMs: options.authFailedRetryMs ?? 5 * 60_000,
    };
  }

  get status(): ClientStatus {
    return this.current;
  }

  get isConnected(): boolean {
    return this.current.status === 'connected';
  }

  /** Requests can be sent (authenticated, possibly still catching up). */
  get isAuthenticated(): boolean {
    return this.conn !== null && this.authenticated;
  }

  /** Connect now and keep connected. */
  start(): void {
    this.wanted = true;
    this.blockedUntil = 0;
    this.cancelReconnect();
    void this.connect();
  }

  /** Called by the alarm: connect unless connected, connecting, waiting for a retry, or blocked. */
  ensureConnected(): void {
    this.wanted = true;
    if (this.conn || this.connecting || this.reconnectTimer !== null) return;
    if (this.timers.now() < this.blockedUntil) return;
    void this.connect();
  }

  /** Disconnect and stay disconnected. */
  stop(): void {
    this.wanted = false;
    this.generation++;
    this.cancelReconnect();
    this.dropConnection();
  }

  /** Drop the current connection and connect again at once (new port or new key). */
  restart(): void {
    this.stop();
    this.start();
  }

  /** A request on the authenticated connection. */
  request<T extends RequestType>(type: T, payload: RequestPayload<T>, timeoutMs?: number): Promise<RequestResult<T>> {
    if (!this.conn || !this.authenticated) {
      return Promise.reject(new RequestError('NOT_CONNECTED', 'Not connected to the companion.'));
    }
    return this.conn.request(type, payload, timeoutMs ?? this.o.requestTimeoutMs);
  }

  /**
   * Exchanges a pairing code for a key on a short-lived connection of its
   * own, verifying that the companion knew the code too. The caller stores
   * the key and calls `restart()`.
   */
  async pair(port: number, code: string, memberName: string): Promise<PairOutcome> {
    const { crypto } = this.options;
    const secret = normalisePairingCode(code);
    let conn: Connection;
    try {
      conn = await Connection.open(
        this.options.socketFactory,
        companionUrl(port),
        this.timers,
        this.o.connectTimeoutMs,
      );
    } catch (err) {
      return { ok: false, reason: 'unreachable', message: errorMessage(err) };
    }
    try {
      const clientNonce = crypto.nonce();
      const hello = await conn.request('hello', this.helloPayload(clientNonce), this.o.requestTimeoutMs);
      if (hello.protocol !== PROTOCOL_VERSION) {
        return { ok: false, reason: 'unsupported_version', message: `Companion speaks protocol ${hello.protocol}.` };
      }
      const proof = await crypto.hmac(secret, proofMessages.pairClient(hello.serverNonce, clientNonce));
      const paired = await conn.request('pair', { proof, memberName }, this.o.requestTimeoutMs);
      const expected = await crypto.hmac(
        secret,
        proofMessages.pairServer(clientNonce, hello.serverNonce, paired.keyId),
      );
      if (!crypto.equal(expected, paired.serverProof)) {
        return { ok: false, reason: 'bad_server_proof', message: 'The companion did not prove it knew the code.' };
      }
      return { ok: true, keyId: paired.keyId, key: paired.key, member: paired.member, companionId: hello.companionId };
    } catch (err) {
      if (err instanceof RequestError) {
        if (err.code === 'PAIRING_FAILED') return { ok: false, reason: 'wrong_code', message: err.message };
        if (err.code === 'RATE_LIMITED') {
          return { ok: false, reason: 'rate_limited', message: err.message, retryAfter: err.retryAfter };
        }
        if (err.code === 'UNSUPPORTED_VERSION') {
          return { ok: false, reason: 'unsupported_version', message: err.message };
        }
        if (err.code === 'DISCONNECTED' || err.code === 'TIMEOUT') {
          return { ok: false, reason: 'unreachable', message: err.message };
        }
      }
      return { ok: false, reason: 'error', message: errorMessage(err) };
    } finally {
      conn.close(1000, 'paired');
    }
  }

  private helloPayload(clientNonce: string): RequestPayload<'hello'> {
    return {
      protocols: [PROTOCOL_VERSION],
      clientNonce,
      client: this.options.client ?? { name: 'inlay-extension', version: '0' },
    };
  }

  private setStatus(status: ClientStatus): void {
    this.current = status;
    this.options.onStatus?.(status);
  }

  private log(message: string): void {
    this.options.log?.(message);
  }

  private async connect(): Promise<void> {
    if (this.connecting || this.conn) return;
    this.connecting = true;
    const gen = ++this.generation;
    try {
      await this.connectOnce(gen);
    } finally {
      if (gen === this.generation) this.connecting = false;
    }
  }

  private async connectOnce(gen: number): Promise<void> {
    const config = await this.options.getConfig();
    if (gen !== this.generation) return;
    if (!config.credentials) {
      this.setStatus({ status: 'unpaired' });
      return;
    }
    const { keyId, key } = config.credentials;
    if (this.current.status !== 'offline') this.setStatus({ status: 'connecting' });

    let conn: Connection;
    try {
      conn = await Connection.open(
        this.options.socketFactory,
        companionUrl(config.port),
        this.timers,
        this.o.connectTimeoutMs,
      );
    } catch (err) {
      if (gen !== this.generation) return;
      this.log(`companion unreachable: ${errorMessage(err)}`);
      this.setStatus({ status: 'offline', reason: 'unreachable' });
      this.scheduleReconnect();
      return;
    }
    if (gen !== this.generation) {
      conn.close(1000, 'superseded');
      return;
    }
    this.conn = conn;
    conn.onProtocolError = (m) => this.log(`protocol: ${m}`);
    conn.onClose = (code, reason) => this.handleClose(gen, code, reason);

    const { crypto } = this.options;
    try {
      const clientNonce = crypto.nonce();
      const hello = await conn.request('hello', this.helloPayload(clientNonce), this.o.requestTimeoutMs);
      if (hello.protocol !== PROTOCOL_VERSION) {
        this.fail(gen, { status: 'offline', reason: 'unsupported_version' }, 'unsupported protocol', true);
        return;
      }
      const proof = await crypto.hmac(key, proofMessages.authClient(hello.serverNonce, clientNonce));
      const auth = await conn.request('auth', { keyId, proof }, this.o.requestTimeoutMs);
      // Verify the companion before sending anything else.
      const expected = await crypto.hmac(key, proofMessages.authServer(clientNonce, hello.serverNonce));
      if (!crypto.equal(expected, auth.serverProof)) {
        this.log('the program on the companion port did not prove it holds our key');
        this.fail(gen, { status: 'auth_failed', reason: 'bad_server_proof' }, 'bad server proof', true);
        return;
      }
      if (gen !== this.generation) return;
      this.authenticated = true;
      conn.onPush = (frame) => this.options.onPush?.(frame);
      conn.onPresence = (presence) => this.options.onPresence?.(presence);
      conn.onAlert = (alert) => this.options.onAlert?.(alert);
      conn.onSweepJob = (payload) => this.options.onSweepJob?.(payload);
      conn.onNotice = (payload) => this.options.onNotice?.(payload);
      this.scheduleHeartbeat(gen);
      const session: Session = {
        member: auth.member,
        companionId: hello.companionId,
        request: (type, payload, timeoutMs) => this.request(type, payload, timeoutMs),
      };
      await this.options.onAuthenticated?.(session);
      if (gen !== this.generation || !this.conn) return;
      this.backoff.reset();
      this.setStatus({ status: 'connected', member: auth.member, companionId: hello.companionId });
    } catch (err) {
      if (gen !== this.generation) return;
      if (err instanceof RequestError) {
        if (err.code === 'AUTH_FAILED') {
          this.fail(gen, { status: 'auth_failed', reason: 'key_refused' }, err.message, true);
          return;
        }
        if (err.code === 'UNSUPPORTED_VERSION') {
          this.fail(gen, { status: 'offline', reason: 'unsupported_version' }, err.message, true);
          return;
        }
        if (err.code === 'RATE_LIMITED') {
          const retryInMs = (err.retryAfter ?? 30) * 1000;
          this.blockedUntil = this.timers.now() + retryInMs;
          this.fail(gen, { status: 'offline', reason: 'rate_limited', retryInMs }, err.message, false, retryInMs);
          return;
        }
      }
      this.fail(gen, { status: 'offline', reason: 'error', message: errorMessage(err) }, errorMessage(err), false);
    }
  }

  /** Close the connection, report `status`, and either block automatic retries or schedule one. */
  private fail(gen: number, status: ClientStatus, why: string, block: boolean, delayMs?: number): void {
    if (gen !== this.generation) return;
    this.log(`connection failed: ${why}`);
    this.generation++;
    this.dropConnection();
    this.setStatus(status);
    if (block) {
      this.blockedUntil = this.timers.now() + this.o.authFailedRetryMs;
      return;
    }
    this.scheduleReconnect(delayMs);
  }

  private handleClose(gen: number, code: number, reason: string): void {
    if (gen !== this.generation) return;
    this.generation++;
    this.connecting = false;
    this.conn = null;
    this.authenticated = false;
    this.cancelHeartbeat();
    this.log(`connection closed (${code}${reason ? ` ${reason}` : ''})`);
    if (code === CLOSE_CODES.AUTH_FAILED) {
      this.blockedUntil = this.timers.now() + this.o.authFailedRetryMs;
      this.setStatus({ status: 'auth_failed', reason: 'key_refused' });
      return;
    }
    if (code === CLOSE_CODES.UNSUPPORTED_VERSION) {
      this.blockedUntil = this.timers.now() + this.o.authFailedRetryMs;
      this.setStatus({ status: 'offline', reason: 'unsupported_version' });
      return;
    }
    this.setStatus({ status: 'offline', reason: 'unreachable' });
    this.scheduleReconnect();
  }

  private dropConnection(): void {
    const conn = this.conn;
    this.conn = null;
    this.authenticated = false;
    this.connecting = false;
    this.cancelHeartbeat();
    if (conn) {
      conn.onClose = () => {};
      conn.close(1000, 'client closing');
    }
  }

  private scheduleReconnect(delayMs?: number): void {
    if (!this.wanted) return;
    this.cancelReconnect();
    const delay = delayMs ?? this.backoff.next();
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      if (this.wanted) void this.connect();
    }, delay);
  }

  private cancelReconnect(): void {
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private scheduleHeartbeat(gen: number): void {
    this.cancelHeartbeat();
    this.heartbeatTimer = this.timers.setTimeout(() => {
      this.heartbeatTimer = null;
      if (gen !== this.generation || !this.conn) return;
      this.request('heartbeat', {}, this.o.requestTimeoutMs).then(
        () => {
          if (gen === this.generation) this.scheduleHeartbeat(gen);
        },
        (err: unknown) => {
          if (gen !== this.generation) return;
          this.log(`heartbeat failed: ${errorMessage(err)}; reconnecting`);
          this.conn?.close(1000, 'heartbeat timeout');
        },
      );
    }, this.o.heartbeatMs);
  }

  private cancelHeartbeat(): void {
    if (this.heartbeatTimer !== null) this.timers.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
