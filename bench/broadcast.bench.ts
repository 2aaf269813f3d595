/**
 * capture → push latency to 20 authenticated loopback clients through the
 * companion (handshake, zod parsing, SQLite commit with synchronous=FULL,
 * broadcast), beside a raw `ws` server relaying the same payload to 20
 * clients, measured in the same run. Latency = from the capturing client's
 * send to each subscriber's receipt; p50 and p99 over all (iteration, client) samples.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket, { WebSocketServer } from 'ws';
import { startCompanion } from '../companion/app.js';
import { quietLogger } from '../companion/log.js';
import { authed, opId, pairNew, sampleItem, type TestClient } from '../test/integration/client.js';
import { result, type BenchResult } from './types.js';

const CLIENTS = 20;
const WARMUP = 30;
const ITERATIONS = 1000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Sends `iterations` times; each resolves when all receivers saw it. Returns latencies in ms. */
async function measure(
  receivers: { onFrame(cb: () => void): void }[],
  send: () => void,
  iterations: number,
): Promise<number[]> {
  const samples: number[] = [];
  let sentAt = 0;
  let pending = 0;
  let done: (() => void) | null = null;
  let recording = false;
  for (const r of receivers) {
    r.onFrame(() => {
      if (recording) samples.push(performance.now() - sentAt);
      if (--pending === 0) done?.();
    });
  }
  for (let i = 0; i < WARMUP + iterations; i++) {
    recording = i >= WARMUP;
    pending = receivers.length;
    const all = new Promise<void>((resolve) => (done = resolve));
    sentAt = performance.now();
    send();
    await all;
  }
  return samples.sort((a, b) => a - b);
}

async function throughCompanion(): Promise<{ samples: number[]; payloadBytes: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'inlay-bench-'));
  const companion = await startCompanion({ port: 0, dataDir, logger: quietLogger });
  const clients: TestClient[] = [];
  try {
    const { code } = await companion.createPairingCode();
    const { client: sender, creds } = await pairNew(companion.port, code, 'Bench');
    clients.push(sender);
    for (let i = 0; i < CLIENTS; i++) {
      const c = await authed(companion.port, creds);
      await c.call('subscribe', { sinceSeq: await companion.store.headSeq() });
      clients.push(c);
    }
    let payloadBytes = 0;
    const receivers = clients.slice(1).map((c) => ({
      onFrame(cb: () => void) {
        c.ws.on('message', (data: Buffer) => {
          payloadBytes = data.length;
          cb();
        });
      },
    }));
    let n = 0;
    const samples = await measure(
      receivers,
      () =>
        sender.sendRaw({
          v: 1,
          id: `b${n}`,
          type: 'item.capture',
          payload: { opId: opId(), item: sampleItem(`b${n++}`) },
        }),
      ITERATIONS,
    );
    return { samples, payloadBytes };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await companion.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function rawWs(payload: string): Promise<number[]> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as { port: number }).port;
  const receivers: WebSocket[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const text = data.toString();
      for (const r of wss.clients) if (r !== ws) r.send(text);
    });
  });
  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  const sender = await open();
  for (let i = 0; i < CLIENTS; i++) receivers.push(await open());
  try {
    return await measure(
      receivers.map((ws) => ({ onFrame: (cb: () => void) => void ws.on('message', cb) })),
      () => sender.send(payload),
      ITERATIONS,
    );
  } finally {
    for (const ws of [sender, ...receivers]) ws.close();
    await new Promise<void>((r) => wss.close(() => r()));
  }
}

export async function run(): Promise<BenchResult[]> {
  const companion = await throughCompanion();
  const raw = await rawWs('x'.repeat(companion.payloadBytes));
  const name = `companion capture→push, ${CLIENTS} clients`;
  const base = `raw ws broadcast, ${CLIENTS} clients`;
  return [
    result(`${name} p50`, 'ms', percentile(companion.samples, 50), `${base} p50`, percentile(raw, 50)),
    result(`${name} p99`, 'ms', percentile(companion.samples, 99), `${base} p99`, percentile(raw, 99)),
  ];
}
