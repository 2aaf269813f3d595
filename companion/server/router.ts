/**
 * Routes an authenticated request to its handler. Handlers return expected
 * failures as values; anything thrown is a bug and becomes INTERNAL upstream.
 */
import type { Member } from '../../shared/model.js';
import type { ProtocolError } from '../../shared/protocol/errors.js';
import type { Request, RequestPayload, RequestResult, RequestType } from '../../shared/protocol/frames.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/types.js';
import type { Broadcaster, PushTarget } from './broadcast.js';
import { itemHandlers } from './handlers/items.js';
import { memberHandlers } from './handlers/members.js';
import { profileHandlers } from './handlers/profiles.js';
import { sessionHandlers } from './handlers/session.js';
import { siteHandlers } from './handlers/sites.js';
import type { SelectorSource } from '../selectors-file.js';

export interface HandlerContext {
  store: Store;
  clock: Clock;
  broadcaster: Broadcaster;
  logger: Logger;
  selectors: SelectorSource;
}

/** The authenticated side of a connection, as handlers see it. */
export interface Session {
  readonly member: Member;
  readonly keyId: string;
  readonly target: PushTarget;
}

export type Outcome<T extends RequestType> =
  | {
      ok: true;
      result: RequestResult<T>;
      /** Runs after the response was sent (broadcasts, releasing held pushes). */
      after?: () => void;
    }
  | { ok: false; error: ProtocolError };

export type Handler<T extends RequestType> = (
  payload: RequestPayload<T>,
  session: Session,
  ctx: HandlerContext,
) => Promise<Outcome<T>>;

/** Requests handled by the connection itself (the handshake). */
export type HandshakeType = 'hello' | 'pair' | 'auth';
export type RoutedType = Exclude<RequestType, HandshakeType>;
export type HandlerTable = { [T in RoutedType]: Handler<T> };

export const handlers: HandlerTable = {
  ...sessionHandlers,
  ...memberHandlers,
  ...itemHandlers,
  ...profileHandlers,
  ...siteHandlers,
};

/** Requests that write; viewers may not send them. */
export const MUTATIONS: ReadonlySet<RequestType> = new Set<RequestType>([
  'item.capture',
  'item.update',
  'item.reply',
  'profile.save',
  'profile.remove',
]);

export function isRouted(type: RequestType): type is RoutedType {
  return type !== 'hello' && type !== 'pair' && type !== 'auth';
}

export async function route(
  request: Extract<Request, { type: RoutedType }>,
  session: Session,
  ctx: HandlerContext,
): Promise<Outcome<RoutedType>> {
  if (MUTATIONS.has(request.type) && session.member.role === 'viewer') {
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Viewers cannot change anything: ask an admin for the agent role.' },
    };
  }
  const handler = handlers[request.type] as Handler<RoutedType>;
  return handler(request.payload as RequestPayload<RoutedType>, session, ctx);
}
