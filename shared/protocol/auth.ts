/**
 * The strings each side MACs during pairing and authentication. The HMAC
 * itself (SHA-256, base64url without padding) is computed with node:crypto in
 * the companion and Web Crypto in the extension; these builders keep both
 * sides byte-identical.
 *
 * HMAC keys, on both sides:
 *   - pairing: the UTF-8 bytes of normalisePairingCode(code), e.g. "K7QXM2PD";
 *   - auth:    the UTF-8 bytes of the base64url key string as issued (43 chars),
 *              not its decoded bytes.
 * Messages are UTF-8; the MAC is HMAC-SHA256, encoded base64url without padding.
 */
export const proofMessages = {
  pairClient: (serverNonce: string, clientNonce: string) => `inlay/v1/pair-client|${serverNonce}|${clientNonce}`,
  pairServer: (clientNonce: string, serverNonce: string, keyId: string) =>
    `inlay/v1/pair-server|${clientNonce}|${serverNonce}|${keyId}`,
  authClient: (serverNonce: string, clientNonce: string) => `inlay/v1/client|${serverNonce}|${clientNonce}`,
  authServer: (clientNonce: string, serverNonce: string) => `inlay/v1/server|${clientNonce}|${serverNonce}`,
} as const;

/** Pairing codes: 8 characters of Crockford base32 shown as `XXXX-XXXX`. */
export const PAIRING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** What the user typed → the canonical code that is MACed (upper case, no separators, I/L→1, O→0). */
export function normalisePairingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

export function formatPairingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
