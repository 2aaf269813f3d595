/**
 * One WebSocket connection: new → hello'd → authenticated.
 *
 * Frames are handled one at a time in arrival order. Before authentication
 * only PRE_AUTH_REQUESTS are accepted and any error closes the socket; after
 * it, a bad frame gets an error response and the connection lives on.
 */
import type { WebSocket } from 'ws';
import type { Member } from '../../shared/model.js';
import { CLOSE_CODES, type ProtocolError } from '../../shared/protocol/errors.js';
import { PRE_AUTH_REQUESTS, parseRequest, type Request, type ResponseFrame } from '../../shared/protocol/frames.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import type { Logger } from '../log.js';
import { authenticate } from './auth.js';
import type { PushTarget } from './broadcast.js';
import { newNonce } from './crypto.js';
import { heartbeatResult } from './handlers/session.js';
import { pair } from './pairing.js';
import { isRouted, route, type HandlerContext, type Outcome, type Session } from './router.js';
import type { Throttle } from './throttle.js';

export interface ConnectionContext extends HandlerContext {
  throttle: Throttle;
  companionId: string;
  companionVersion: string;
  authTimeoutMs: number;
}

export interface ConnectionInfo {
  id: string;
  origin: string;
  /** 'pair-only': an unknown Firefox install admitted while a pairing code is active. */
  mode: 'full' | 'pair-only';
  remote: string;
}

type State = 'new' | 'hello' | 'authenticated' | 'closed';

/** The close code that goes with an error before authentication. */
const CLOSE_FOR: Partial<Record<ProtocolError['code'], number>> = {
  BAD_FRAME: CLOSE_CODES.BAD_FRAME,
  HELLO_REQUIRED: CLOSE_CODES.UNAUTHENTICATED,
  UNAUTHENTICATED: CLOSE_CODES.UNAUTHENTICATED,
  AUTH_FAILED: CLOSE_CODES.AUTH_FAILED,
  PAIRING_FAILED: CLOSE_CODES.AUTH_FAILED,
  RATE_LIMITED: CLOSE_CODES.RATE_LIMITED,
  UNSUPPORTED_VERSION: CLOSE_CODES.UNSUPPORTED_VERSION,
};

const GENERIC_INTERNAL = 'Something went wrong inside the companion; it has been logged. Try again.';

export class Connection {
  private state: State = 'new';
  private serverNonce: string | null = null;
  private clientNonce: string | null = null;
  private session: Session | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly authTimer: NodeJS.Timeout;
  private readonly log: Logger;
  readonly target: PushTarget;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: ConnectionContext,
    readonly info: ConnectionInfo,
  ) {
    this.log = ctx.logger.child({ conn: info.id });
    const socket = ws;
    this.target = {
      get bufferedAmount() {
        return socket.bufferedAmount;
      },
      get isOpen() {
        return socket.readyState === socket.OPEN;
      },
      send: (data) => socket.send(data),
      close: (code, reason) => this.close(code, reason),
    };
    this.authTimer = setTimeout(() => {
      if (this.state !== 'authenticated') this.close(CLOSE_CODES.AUTH_TIMEOUT, 'authentication timed out');
    }, ctx.authTimeoutMs);
    this.authTimer.unref();
    ws.on('message', (data, isBinary) => {
      const text = isBinary
        ? null
        : Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.concat(data as Buffer[]).toString('utf8');
      this.queue = this.queue
        .then(() => this.onFrame(text))
        .catch((err: unknown) => this.log.error('frame handling failed', { err }));
    });
    ws.on('close', () => this.onClosed());
    ws.on('error', (err) => this.log.debug('socket error', { err: err.message }));
  }

  get member(): Member | null {
    return this.session?.member ?? null;
  }

  get authenticated(): boolean {
    return this.state === 'authenticated';
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.authTimer);
    this.ctx.broadcaster.remove(this.target);
    this.ctx.presence.leave(this.target);
    this.ctx.sweeps.leave(this.info.id);
    this.ws.close(code, reason);
  }

  private onClosed(): void {
    this.state = 'closed';
    clearTimeout(this.authTimer);
    this.ctx.broadcaster.remove(this.target);
    this.ctx.presence.leave(this.target);
    this.ctx.sweeps.leave(this.info.id);
  }

  private async onFrame(text: string | null): Promise<void> {
    if (this.state === 'closed') return;
    let raw: unknown;
    try {
      if (text === null) throw new Error('binary');
      raw = JSON.parse(text);
    } catch {
      return this.fail(null, { code: 'BAD_FRAME', message: 'Frames must be JSON text: {v, id, type, payload}.' });
    }
    const parsed = parseRequest(raw);
    if (!parsed.ok) return this.fail(parsed.id, { code: 'BAD_FRAME', message: parsed.message });
    const req = parsed.request;

    if (this.state !== 'authenticated' && !PRE_AUTH_REQUESTS.includes(req.type)) {
      return this.fail(req.id, {
        code: 'UNAUTHENTICATED',
        message: 'Authenticate first: send hello, then auth (or pair).',
      });
    }
    try {
      await this.dispatch(req);
    } catch (err) {
      this.log.error('request failed', { type: req.type, err });
      this.fail(req.id, { code: 'INTERNAL', message: GENERIC_INTERNAL });
    }
  }

  private async dispatch(req: Request): Promise<void> {
    switch (req.type) {
      case 'hello':
        return this.onHello(req);
      case 'pair':
        return this.onPair(req);
      case 'auth':
        return this.onAuth(req);
      case 'heartbeat':
        if (!this.session) return this.respond(req.id, heartbeatResult(this.ctx));
        break;
    }
    if (!isRouted(req.type) || !this.session) return; // unreachable: the handshake is handled above
    const outcome: Outcome<typeof req.type> = await route(req as Parameters<typeof route>[0], this.session, this.ctx);
    if (this.state === 'closed') return;
    if (!outcome.ok) return this.fail(req.id, outcome.error);
    this.respond(req.id, outcome.result);
    outcome.after?.();
  }

  private onHello(req: Extract<Request, { type: 'hello' }>): void {
    if (this.state !== 'new') {
      return this.fail(req.id, { code: 'CONFLICT', message: 'hello was already sent on this connection.' });
    }
    if (!req.payload.protocols.includes(PROTOCOL_VERSION)) {
      return this.fail(req.id, {
        code: 'UNSUPPORTED_VERSION',
        message: `This companion speaks protocol ${PROTOCOL_VERSION}; update the extension or the companion.`,
      });
    }
    this.clientNonce = req.payload.clientNonce;
    this.serverNonce = newNonce();
    this.state = 'hello';
    this.respond(req.id, {
      protocol: PROTOCOL_VERSION,
      serverNonce: this.serverNonce,
      companionId: this.ctx.companionId,
      companionVersion: this.ctx.companionVersion,
    });
  }

  /** Common checks before pair/auth; returns the nonces when the attempt may go ahead. */
  private precheck(id: string): { serverNonce: string; clientNonce: string } | null {
    if (this.state === 'authenticated') {
      this.fail(id, { code: 'CONFLICT', message: 'This connection is already authenticated.' });
      return null;
    }
    if (this.state !== 'hello' || !this.serverNonce || !this.clientNonce) {
      this.fail(id, { code: 'HELLO_REQUIRED', message: 'Send hello first: it carries the nonces the proofs need.' });
      return null;
    }
    const wait = this.ctx.throttle.blockedFor(this.info.remote);
    if (wait !== null) {
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      this.fail(id, {
        code: 'RATE_LIMITED',
        message: `Too many failed attempts. Wait ${retryAfter} s and try again.`,
        retryAfter,
      });
      return null;
    }
    return { serverNonce: this.serverNonce, clientNonce: this.clientNonce };
  }

  private async onPair(req: Extract<Request, { type: 'pair' }>): Promise<void> {
    const nonces = this.precheck(req.id);
    if (!nonces) return;
    const outcome = await pair(this.ctx.store, this.ctx.clock, {
      ...nonces,
      proof: req.payload.proof,
      memberName: req.payload.memberName,
      origin: this.info.origin,
    });
    if (!outcome.ok) {
      this.ctx.throttle.fail(this.info.remote);
      this.log.warn('pairing refused', { remote: this.info.remote });
      return this.fail(req.id, {
        code: 'PAIRING_FAILED',
        message: 'That pairing code is wrong, expired or already used. Run `npx inlay pair` for a new code.',
      });
    }
    this.ctx.throttle.succeed(this.info.remote);
    this.becomeAuthenticated(outcome.member, outcome.key.id);
    this.log.info('paired', { memberId: outcome.member.id, keyId: outcome.key.id, role: outcome.member.role });
    this.respond(req.id, {
      keyId: outcome.key.id,
      key: outcome.key.secret,
      member: outcome.member,
      serverProof: outcome.serverProof,
    });
    const joined = await this.ctx.store.eventsSince(outcome.memberSeq - 1, 1);
    this.ctx.broadcaster.publish(joined.filter((e) => e.event.seq === outcome.memberSeq));
  }

  private async onAuth(req: Extract<Request, { type: 'auth' }>): Promise<void> {
    const nonces = this.precheck(req.id);
    if (!nonces) return;
    const outcome =
      this.info.mode === 'pair-only'
        ? ({ ok: false } as const)
        : await authenticate(this.ctx.store, this.ctx.clock, {
            ...nonces,
            keyId: req.payload.keyId,
            proof: req.payload.proof,
            origin: this.info.origin,
          });
    if (!outcome.ok) {
      this.ctx.throttle.fail(this.info.remote);
      this.log.warn('authentication refused', { remote: this.info.remote, keyId: req.payload.keyId });
      return this.fail(req.id, {
        code: 'AUTH_FAILED',
        message: 'The companion does not accept this key. Pair again from the extension options page.',
      });
    }
    this.ctx.throttle.succeed(this.info.remote);
    this.becomeAuthenticated(outcome.member, outcome.key.id);
    this.log.info('authenticated', { memberId: outcome.member.id, keyId: outcome.key.id });
    this.respond(req.id, { serverProof: outcome.serverProof, member: outcome.member });
  }

  private becomeAuthenticated(member: Member, keyId: string): void {
    this.state = 'authenticated';
    clearTimeout(this.authTimer);
    this.session = { connectionId: this.info.id, member, keyId, target: this.target };
    this.ctx.presence.join(this.target, member);
  }

  private respond(id: string, result: unknown): void {
    this.send({ v: PROTOCOL_VERSION, id, ok: true, result });
  }

  /** Sends an error response; before authentication, also closes the socket. */
  private fail(id: string | null, error: ProtocolError): void {
    this.send({ v: PROTOCOL_VERSION, id, ok: false, error });
    if (this.state !== 'authenticated') {
      this.close(CLOSE_FOR[error.code] ?? CLOSE_CODES.POLICY, error.code);
    }
  }

  private send(frame: ResponseFrame): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(frame));
  }
}
