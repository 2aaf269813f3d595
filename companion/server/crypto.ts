/** The few crypto primitives of the handshake, on node:crypto. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url without padding (43 characters). */
export function newNonce(): string {
  return randomBytes(32).toString('base64url');
}

/** A fresh 256-bit client key, base64url without padding (43 characters). */
export function newSecretKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * HMAC-SHA256 of a UTF-8 message under the UTF-8 bytes of `key`, base64url
 * without padding. `key` is the pairing code or the base64url key string as
 * issued (see shared/protocol/auth.ts).
 */
export function hmac(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('base64url');
}

/** Constant-time comparison of two base64url MACs (length leaks nothing useful: both are 43 chars). */
export function proofsEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
