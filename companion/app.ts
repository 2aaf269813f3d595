/**
 * The composition root: data dir + lock, store, socket server. Everything is
 * injected here (clock, ids, logger) so tests run a real companion on port 0
 * without sleeping.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORT } from '../shared/protocol/version.js';
import { systemClock, type Clock } from './clock.js';
import { randomIds, type IdGen } from './ids.js';
import { acquireLock, releaseLock, updateLock, type LockInfo } from './lockfile.js';
import { createLogger, type Logger } from './log.js';
import { COMPANION_VERSION } from './meta.js';
import { DEFAULT_PAIRING, issuePairingCode, type IssuedCode, type PairingOptions } from './server/pairing.js';
import type { PresenceOptions } from './server/presence.js';
import type { ThrottleOptions } from './server/throttle.js';
import { createSocketServer, type SocketServer } from './server/ws-server.js';
import { selectorFileSource } from './selectors-file.js';
import type { AlertPushFrame, NoticePushFrame } from '../shared/protocol/frames.js';
import { createSweepService, type SweepService, type SweepServiceOptions } from './sweeps/service.js';
import { startNoReplySweep } from './scheduler/no-reply-sweep.js';
import { createRulesService } from './server/rules-service.js';
import { openSqliteStore } from './store/sqlite.js';
import type { Store } from './store/types.js';
import { AUTH_TIMEOUT_MS } from '../shared/protocol/version.js';

export const DATABASE_FILE = 'inlay.sqlite';

export interface CompanionOptions {
  /** Default DEFAULT_PORT (27412); 0 picks a free port (see Companion.port). */
  port?: number;
  dataDir: string;
  host?: '127.0.0.1';
  clock?: Clock;
  ids?: IdGen;
  logger?: Logger;
  /** Exact origins allowed besides the Chrome build and recorded Firefox installs (tests, development). */
  extraOrigins?: string[];
  authTimeoutMs?: number;
  maxConnections?: number;
  /** A subscriber whose socket buffer passes this is closed to resync (default 8 MiB). */
  maxBufferedBytes?: number;
  throttle?: Partial<ThrottleOptions>;
  pairing?: Partial<PairingOptions>;
  /** How rule alerts reach webhooks (tests); default fetch. */
  webhookPost?: (url: string, body: unknown) => Promise<void>;
  /** Presence TTL, rate limit and sweep interval (tests shorten them). */
  presence?: Partial<PresenceOptions>;
  /** Sweeps: tick interval, randomness, the machine's time zone, leases (tests pin them). */
  sweeps?: Partial<Pick<SweepServiceOptions, 'everyMs' | 'random' | 'timeZone' | 'lease'>>;
}

export interface Companion {
  port: number;
  /** ws://127.0.0.1:PORT/ */
  url: string;
  dataDir: string;
  store: Store;
  server: SocketServer;
  /** Sweeps (docs/sweeps.md): tests call `sweeps.tick()` after moving the clock. */
  sweeps: SweepService;
  /** A fresh pairing code (`XXXX-XXXX`) and when it expires. */
  createPairingCode(): Promise<IssuedCode>;
  /** Graceful: close sockets with 1001, stop accepting, close the store, release the data dir. Idempotent. */
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is in use — is another Inlay companion running? Stop it or use --port`);
    this.name = 'PortInUseError';
  }
}

export async function startCompanion(opts: CompanionOptions): Promise<Companion> {
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? randomIds;
  const logger = opts.logger ?? createLogger();
  const host = opts.host ?? '127.0.0.1';
  const requestedPort = opts.port ?? DEFAULT_PORT;
  const dataDir = opts.dataDir;

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock: LockInfo = { pid: process.pid, port: requestedPort, startedAt: new Date().toISOString() };
  acquireLock(dataDir, lock);

  let store: Store | null = null;
  let server: SocketServer | null = null;
  let sweeps: SweepService | null = null;
  try {
    store = openSqliteStore({ file: join(dataDir, DATABASE_FILE), clock, ids });
    const { applied, version } = await store.migrate();
    if (applied.length > 0) logger.info('migrations applied', { applied, version });
    const companionId = await store.companionId();

    let alertMembers: (ids: readonly string[], alert: AlertPushFrame['payload']) => void = () => {};
    const rules = createRulesService({
      store,
      clock,
      logger,
      alertMembers: (ids, alert) => alertMembers(ids, alert),
      ...(opts.webhookPost ? { post: opts.webhookPost } : {}),
    });
    const selectors = selectorFileSource(dataDir, logger);
    let publish: SweepServiceOptions['publish'] = () => {};
    let notify: (ids: readonly string[], notice: NoticePushFrame['payload']) => void = () => {};
    sweeps = await createSweepService({
      store,
      clock,
      ids,
      logger,
      selectors,
      publish: (events) => publish(events),
      notify: (ids, notice) => notify(ids, notice),
      ...opts.sweeps,
    });
    server = createSocketServer({
      store,
      clock,
      ids,
      logger,
      selectors,
      rules,
      sweeps,
      companionId,
      companionVersion: COMPANION_VERSION,
      authTimeoutMs: opts.authTimeoutMs ?? AUTH_TIMEOUT_MS,
      extraOrigins: opts.extraOrigins ?? [],
      ...(opts.maxConnections !== undefined ? { maxConnections: opts.maxConnections } : {}),
      ...(opts.maxBufferedBytes !== undefined ? { maxBufferedBytes: opts.maxBufferedBytes } : {}),
      ...(opts.throttle ? { throttle: opts.throttle } : {}),
      ...(opts.presence ? { presence: opts.presence } : {}),
    });
    let port: number;
    try {
      port = await server.listen(requestedPort, host);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(requestedPort);
      if ((err as NodeJS.ErrnoException).code === 'EACCES') {
        throw new Error(`Not allowed to listen on port ${requestedPort}. Use a port above 1024 with --port.`);
      }
      throw err;
    }
    lock.port = port;
    updateLock(dataDir, lock);
    logger.info('companion listening', { port, host, dataDir, version: COMPANION_VERSION });

    const liveServer = server;
    alertMembers = (ids, alert) => void liveServer.presence.alert(ids, alert);
    publish = (events) => liveServer.broadcaster.publish(events);
    notify = (ids, notice) => void liveServer.presence.notice(ids, notice);
    const openSweeps = sweeps;
    openSweeps.start();
    void openSweeps.tick(); // records the selectors.json version and dispatches what is due
    const sweep = startNoReplySweep({
      store,
      rules,
      clock,
      logger,
      publish: (events) => liveServer.broadcaster.publish(events),
    });
    void sweep.tick(); // sets the watermark: windows start now
    const openStore = store;
    const openServer = server;
    let closing: Promise<void> | null = null;
    return {
      port,
      url: `ws://${host}:${port}/`,
      dataDir,
      store: openStore,
      server: openServer,
      sweeps: openSweeps,
      createPairingCode: () => issuePairingCode(openStore, clock, { ...DEFAULT_PAIRING, ...opts.pairing }),
      close: () =>
        (closing ??= (async () => {
          await sweep.stop();
          await openSweeps.stop();
          await openServer.close();
          await openStore.close();
          releaseLock(dataDir, lock);
          logger.info('companion stopped', { port });
        })()),
    };
  } catch (err) {
    await sweeps?.stop().catch(() => {});
    await server?.close().catch(() => {});
    await store?.close().catch(() => {});
    releaseLock(dataDir, lock);
    throw err;
  }
}
