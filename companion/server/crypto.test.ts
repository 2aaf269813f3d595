import { describe, expect, it } from 'vitest';
import { proofMessages } from '../../shared/protocol/auth.js';
import { hmac, newNonce, newSecretKey, proofsEqual } from './crypto.js';

// The test vectors of docs/protocol.md §11.
const S = 'S'.repeat(43);
const C = 'C'.repeat(43);
const CODE = 'K7QXM2PD';
const KEY = 'k'.repeat(43);
const KEY_ID = 'key_3kq0Hc9Yb2Qz8x1w';

describe('proofs', () => {
  it('match the documented test vectors', () => {
    expect(hmac(CODE, proofMessages.pairClient(S, C))).toBe('DkZaZhJ94jDho-4wLR1gZd4JSh4KDdurs1Yw5ZJC4II');
    expect(hmac(CODE, proofMessages.pairServer(C, S, KEY_ID))).toBe('XAPzfr6BACLoQbzAAxerrfYGDrDViO6bAS5QUtRmU8M');
    expect(hmac(KEY, proofMessages.authClient(S, C))).toBe('OO81H2EaEf6dnlU0ErVpWUkmuJ0IxDhL4BjCaKt5T54');
    expect(hmac(KEY, proofMessages.authServer(C, S))).toBe('I1keKVQqKkabTlRLnA0O3Gx_5DEojUp27WuAwKeKXvs');
  });

  it('nonces and keys are 32 random bytes in 43 base64url characters', () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(newSecretKey(), 'base64url')).toHaveLength(32);
    expect(newNonce()).not.toBe(a);
  });

  it('compares proofs exactly', () => {
    const p = hmac(KEY, 'x');
    expect(proofsEqual(p, p)).toBe(true);
    expect(proofsEqual(p, p.slice(0, 42) + (p.endsWith('A') ? 'B' : 'A'))).toBe(false);
    expect(proofsEqual(p, p.slice(0, 10))).toBe(false);
  });
});
