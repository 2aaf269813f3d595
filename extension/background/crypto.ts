/**
 * Web Crypto helpers for the handshake: nonces, HMAC-SHA256 proofs,
 * base64url (RFC 4648 §5, no padding) and a constant-time comparison.
 *
 * HMAC keys (pinned in shared/protocol/auth.ts and told to the companion):
 *   - pairing: the UTF-8 bytes of normalisePairingCode(code), e.g. "K7QXM2PD";
 *   - auth:    the UTF-8 bytes of the base64url key *string* as issued
 *              (43 characters), not its decoded 32 bytes.
 * Using the string's bytes on both sides keeps the two implementations
 * trivially identical (node:crypto createHmac(…, keyString) does the same).
 */

const encoder = new TextEncoder();

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('Not base64url: unexpected character.');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** 32 random bytes, base64url (43 characters). */
export function makeNonce(): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(32)));
}

/** A fresh idempotency key for a mutation (16 random bytes, base64url: 22 characters). */
export function makeOpId(): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

/** HMAC-SHA256(key = UTF-8 bytes of `keyText`, message = UTF-8 bytes of `message`), base64url. */
export async function hmacBase64Url(keyText: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(keyText), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(message));
  return base64UrlEncode(new Uint8Array(mac));
}

/**
 * Compares two proofs without an early exit, so the time taken does not tell
 * how many leading characters matched. Length is not secret (always 43).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** What the socket client needs; tests inject a deterministic one. */
export interface HandshakeCrypto {
  nonce(): string;
  hmac(keyText: string, message: string): Promise<string>;
  equal(a: string, b: string): boolean;
}

export const webCrypto: HandshakeCrypto = { nonce: makeNonce, hmac: hmacBase64Url, equal: constantTimeEqual };
