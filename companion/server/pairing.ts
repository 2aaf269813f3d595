/**
 * Pairing: a short single-use code (shown by `inlay start`/`inlay pair`) is
 * exchanged for a 256-bit key bound to a new member. Codes live in the store,
 * so `inlay pair` in another process issues codes the running companion accepts.
 * The code never travels: the client proves it with
 * HMAC(code, pairClient(serverNonce, clientNonce)).
 */
import { randomInt } from 'node:crypto';
import { PAIRING_ALPHABET, formatPairingCode, proofMessages } from '../../shared/protocol/auth.js';
import type { Member } from '../../shared/model.js';
import type { Clock } from '../clock.js';
import type { ClientKey, Store } from '../store/types.js';
import { hmac, newSecretKey, proofsEqual } from './crypto.js';
import { isMozExtensionOrigin } from './upgrade-guard.js';

export const PAIRING_CODE_LENGTH = 8;
export const DEFAULT_PAIRING = { ttlMs: 2 * 60_000, tries: 5 };
export type PairingOptions = typeof DEFAULT_PAIRING;

export interface IssuedCode {
  /** Shown to the user as `XXXX-XXXX`; clients normalise it before MACing. */
  code: string;
  expiresAt: string;
}

/** A fresh random code, canonical form (8 characters of PAIRING_ALPHABET). */
export function randomPairingCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return code;
}

export async function issuePairingCode(
  store: Store,
  clock: Clock,
  opts: Partial<PairingOptions> = {},
): Promise<IssuedCode> {
  const { ttlMs, tries } = { ...DEFAULT_PAIRING, ...opts };
  const code = randomPairingCode();
  const expiresAt = new Date(clock.now().getTime() + ttlMs).toISOString();
  await store.createPairingCode(code, expiresAt, tries);
  return { code: formatPairingCode(code), expiresAt };
}

export interface PairAttempt {
  proof: string;
  memberName: string;
  serverNonce: string;
  clientNonce: string;
  /** The connection's Origin; recorded on the key for Firefox installs. */
  origin: string;
}

export type PairOutcome =
  { ok: true; member: Member; key: ClientKey; serverProof: string; memberSeq: number } | { ok: false };

/**
 * Checks the proof against every active code in constant time per code. A
 * miss burns one try on every active code; a hit consumes the code (single
 * use, race-safe), then creates the member (the first ever is admin) and the key.
 */
export async function pair(store: Store, clock: Clock, attempt: PairAttempt): Promise<PairOutcome> {
  const now = clock.now().toISOString();
  const message = proofMessages.pairClient(attempt.serverNonce, attempt.clientNonce);
  const codes = await store.activePairingCodes(now);
  let match: (typeof codes)[number] | undefined;
  for (const c of codes) {
    // No early exit: every active code costs the same.
    if (proofsEqual(hmac(c.code, message), attempt.proof) && !match) match = c;
  }
  if (!match) {
    await store.burnPairingTry(now);
    return { ok: false };
  }
  if (!(await store.consumePairingCode(match.id, now))) return { ok: false };

  const role = (await store.countMembers()) === 0 ? 'admin' : 'agent';
  const { member, seq } = await store.createMember(attempt.memberName, role);
  const origin = isMozExtensionOrigin(attempt.origin) ? attempt.origin : null;
  const key = await store.createClientKey(member.id, newSecretKey(), origin);
  const serverProof = hmac(match.code, proofMessages.pairServer(attempt.clientNonce, attempt.serverNonce, key.id));
  return { ok: true, member, key, serverProof, memberSeq: seq };
}
