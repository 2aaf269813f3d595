/**
 * Challenge–response authentication with a paired key. The client proves the
 * key with HMAC(key, authClient(serverNonce, clientNonce)); the companion
 * answers HMAC(key, authServer(clientNonce, serverNonce)) so the client knows
 * it is talking to the companion it paired with, not a squatter on the port.
 */
import { proofMessages } from '../../shared/protocol/auth.js';
import type { Member } from '../../shared/model.js';
import type { Clock } from '../clock.js';
import type { ClientKey, Store } from '../store/types.js';
import { hmac, newSecretKey, proofsEqual } from './crypto.js';
import { isMozExtensionOrigin } from './upgrade-guard.js';

export interface AuthAttempt {
  keyId: string;
  proof: string;
  serverNonce: string;
  clientNonce: string;
  origin: string;
}

export type AuthOutcome = { ok: true; key: ClientKey; member: Member; serverProof: string } | { ok: false };

/** Whether a key may be used from this Origin: a recorded Firefox origin must match exactly; other keys never come from Firefox. */
export function originMatchesKey(key: ClientKey, origin: string): boolean {
  if (key.origin !== null) return key.origin === origin;
  return !isMozExtensionOrigin(origin);
}

export async function authenticate(store: Store, clock: Clock, attempt: AuthAttempt): Promise<AuthOutcome> {
  const key = await store.getClientKey(attempt.keyId);
  const message = proofMessages.authClient(attempt.serverNonce, attempt.clientNonce);
  // Compute a MAC even for an unknown key so both paths cost about the same.
  const expected = hmac(key?.secret ?? newSecretKey(), message);
  const proofOk = proofsEqual(expected, attempt.proof);
  if (!key || !proofOk || key.revokedAt !== null || !originMatchesKey(key, attempt.origin)) return { ok: false };
  const member = await store.getMember(key.memberId);
  if (!member) return { ok: false };
  await store.touchClientKey(key.id, clock.now().toISOString());
  return {
    ok: true,
    key,
    member,
    serverProof: hmac(key.secret, proofMessages.authServer(attempt.clientNonce, attempt.serverNonce)),
  };
}
