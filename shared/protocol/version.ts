/** Bump on any breaking change to frames; keep a golden frame of the old version in test/fixtures/protocol/. */
export const PROTOCOL_VERSION = 1 as const;

/** Largest frame either side accepts, in bytes. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** The companion's default port on loopback. */
export const DEFAULT_PORT = 27412;

/** Clients send an application-level heartbeat at least this often (MV3 workers die after 30 s of silence). */
export const HEARTBEAT_MS = 20_000;

/** A connection that has not authenticated within this time is closed. */
export const AUTH_TIMEOUT_MS = 10_000;
