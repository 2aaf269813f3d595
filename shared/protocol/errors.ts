import { z } from 'zod';

/** Error codes carried in `{ ok: false, error: { code, message } }`. Expected failures are values. */
export const ERROR_CODES = [
  'BAD_FRAME', // not JSON, or not a valid frame for its type
  'UNSUPPORTED_VERSION', // no protocol version in common
  'HELLO_REQUIRED', // pair/auth before hello
  'UNAUTHENTICATED', // a request that needs authentication came first
  'AUTH_FAILED', // unknown key or wrong proof
  'PAIRING_FAILED', // wrong, expired or used pairing code
  'RATE_LIMITED', // too many failed attempts; wait and try again
  'FORBIDDEN', // authenticated, but the member's role does not allow it
  'NOT_FOUND',
  'CONFLICT',
  'INTERNAL', // a bug; the message never carries a stack trace
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ProtocolError = z.object({
  code: ErrorCode,
  message: z.string().max(1000),
  /** Seconds to wait before retrying, for RATE_LIMITED. */
  retryAfter: z.number().int().positive().optional(),
});
export type ProtocolError = z.infer<typeof ProtocolError>;

/** WebSocket close codes the companion uses (4000–4999 is the application range). */
export const CLOSE_CODES = {
  /** 1008 policy violation: frame refused before authentication. */
  POLICY: 1008,
  /** 1009 message too big (ws sends it itself when maxPayload is exceeded). */
  TOO_BIG: 1009,
  /** Normal shutdown of the companion. */
  GOING_AWAY: 1001,
  BAD_FRAME: 4400,
  UNAUTHENTICATED: 4401,
  AUTH_FAILED: 4403,
  AUTH_TIMEOUT: 4408,
  UNSUPPORTED_VERSION: 4426,
  RATE_LIMITED: 4429,
  /** Too many open connections. */
  OVER_CAPACITY: 4503,
} as const;
