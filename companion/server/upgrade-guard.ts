/**
 * Pure checks on the HTTP upgrade request, before any WebSocket frame exists
 * (DNS-rebinding and cross-origin defence). Anything refused here gets a
 * plain 403 and touches nothing.
 */
import { CHROME_EXTENSION_ORIGIN } from '../../shared/extension-id.js';

/** `Host` must name loopback with exactly our port. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

const MOZ_EXTENSION_ORIGIN = /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isMozExtensionOrigin(origin: string): boolean {
  return MOZ_EXTENSION_ORIGIN.test(origin);
}

export interface OriginContext {
  /** Extra exact origins allowed in full (tests, development). */
  extraOrigins: readonly string[];
  /** moz-extension origins recorded on live keys. */
  keyOrigins: ReadonlySet<string>;
  /** Whether an unused, unexpired pairing code with tries left exists right now. */
  pairingActive: boolean;
}

export type OriginVerdict =
  | { ok: true; origin: string; mode: 'full' | 'pair-only' }
  | { ok: false; reason: 'missing-origin' | 'origin-not-allowed' };

/**
 * `full`: any pre-auth request; `pair-only`: an unknown Firefox install while
 * a pairing code is active — it may say hello and pair, nothing else.
 */
export function checkOrigin(origin: string | undefined, ctx: OriginContext): OriginVerdict {
  if (!origin) return { ok: false, reason: 'missing-origin' };
  if (origin === CHROME_EXTENSION_ORIGIN || ctx.extraOrigins.includes(origin))
    return { ok: true, origin, mode: 'full' };
  if (isMozExtensionOrigin(origin)) {
    if (ctx.keyOrigins.has(origin)) return { ok: true, origin, mode: 'full' };
    if (ctx.pairingActive) return { ok: true, origin, mode: 'pair-only' };
  }
  return { ok: false, reason: 'origin-not-allowed' };
}
