import { describe, expect, it } from 'vitest';
import { base64UrlDecode, base64UrlEncode, constantTimeEqual, hmacBase64Url, makeNonce, makeOpId } from './crypto';
import { OpId, Nonce } from '../../shared/protocol';

describe('crypto', () => {
  it('round-trips base64url without padding', () => {
    for (const len of [0, 1, 2, 3, 31, 32, 33]) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 97 + 251) & 0xff);
      const text = base64UrlEncode(bytes);
      expect(text).not.toMatch(/[+/=]/);
      expect(Array.from(base64UrlDecode(text))).toEqual(Array.from(bytes));
    }
  });

  it('makes 43-character nonces and valid opIds that differ', () => {
    const a = makeNonce();
    expect(Nonce.safeParse(a).success).toBe(true);
    expect(a).not.toBe(makeNonce());
    expect(OpId.safeParse(makeOpId()).success).toBe(true);
  });

  it('computes HMAC-SHA256 with the key as UTF-8 string bytes (RFC 4231 test case 2)', async () => {
    const hex = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    const expected = base64UrlEncode(Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16))));
    expect(await hmacBase64Url('Jefe', 'what do ya want for nothing?')).toBe(expected);
    expect(await hmacBase64Url('Jefd', 'what do ya want for nothing?')).not.toBe(expected);
  });

  it('compares in constant time but correctly', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
