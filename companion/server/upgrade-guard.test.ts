import { describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ORIGIN } from '../../shared/extension-id.js';
import { checkOrigin, isAllowedHost } from './upgrade-guard.js';

const MOZ = 'moz-extension://0b6f3a8e-7c1d-4e2f-9a5b-1c2d3e4f5a6b';
const ctx = (over: Partial<Parameters<typeof checkOrigin>[1]> = {}) => ({
  extraOrigins: [],
  keyOrigins: new Set<string>(),
  pairingActive: false,
  ...over,
});

describe('isAllowedHost', () => {
  it.each([
    ['127.0.0.1:27412', true],
    ['localhost:27412', true],
    ['[::1]:27412', true],
    ['127.0.0.1:27413', false],
    ['LOCALHOST:27412', false],
    ['localhost', false],
    ['127.0.0.1.nip.io:27412', false],
    ['evil.example:27412', false],
    ['0.0.0.0:27412', false],
  ])('%s → %s', (host, ok) => {
    expect(isAllowedHost(host, 27412)).toBe(ok);
  });
  it('refuses a missing Host', () => expect(isAllowedHost(undefined, 27412)).toBe(false));
});

describe('checkOrigin', () => {
  it('allows the Chrome build and configured extras in full', () => {
    expect(checkOrigin(CHROME_EXTENSION_ORIGIN, ctx())).toMatchObject({ ok: true, mode: 'full' });
    expect(checkOrigin('http://dev.test', ctx({ extraOrigins: ['http://dev.test'] }))).toMatchObject({ ok: true });
  });
  it('allows a Firefox install recorded on a key in full, an unknown one only to pair while a code is active', () => {
    expect(checkOrigin(MOZ, ctx({ keyOrigins: new Set([MOZ]) }))).toMatchObject({ ok: true, mode: 'full' });
    expect(checkOrigin(MOZ, ctx({ pairingActive: true }))).toMatchObject({ ok: true, mode: 'pair-only' });
    expect(checkOrigin(MOZ, ctx())).toMatchObject({ ok: false });
  });
  it.each([undefined, 'null', 'https://x.com', 'moz-extension://not-a-uuid', `${CHROME_EXTENSION_ORIGIN}/`])(
    'refuses %s',
    (origin) => {
      expect(checkOrigin(origin, ctx({ pairingActive: true })).ok).toBe(false);
    },
  );
});
