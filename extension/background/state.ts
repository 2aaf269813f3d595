/**
 * The ExtensionState every page and content script sees, and the live ports
 * it is pushed on. Every change is broadcast to every connected port.
 */
import { DEFAULT_PORT } from '../../shared/protocol';
import type { Item } from '../../shared/model';
import type { BgPush, ExtensionState } from '../messaging/messages';
import { defaultPolicy, defaultSites } from './settings';

/** The part of runtime.Port the hub uses. */
export interface LivePort {
  postMessage(message: unknown): void;
  onDisconnect: { addListener(cb: () => void): void };
}

export function initialState(): ExtensionState {
  return {
    status: 'connecting',
    detail: null,
    port: DEFAULT_PORT,
    outbox: 0,
    member: null,
    companionId: null,
    sites: defaultSites(),
    policy: defaultPolicy(),
    profiles: [],
    lastSeq: 0,
    members: [],
    selectors: {},
    viewsVersion: 0,
    repliesVersion: 0,
    sweeps: { enabled: true, running: null, notices: [] },
    tags: [],
  };
}

export class StateHub {
  private state: ExtensionState = initialState();
  private ports = new Set<LivePort>();

  constructor(private readonly log: (m: string) => void = () => {}) {}

  get value(): ExtensionState {
    return this.state;
  }

  /** Merges a change and pushes the new state to every port (only when something changed). */
  patch(change: Partial<ExtensionState>): void {
    const next = { ...this.state, ...change };
    if (JSON.stringify(next) === JSON.stringify(this.state)) return;
    this.state = next;
    this.broadcast({ type: 'state', state: next });
  }

  /** Registers a port and sends it the current state and items (then `extra`, e.g. who is present). */
  addPort(port: LivePort, items: readonly Item[], extra: readonly BgPush[] = []): void {
    this.ports.add(port);
    port.onDisconnect.addListener(() => this.ports.delete(port));
    this.send(port, { type: 'state', state: this.state });
    this.send(port, { type: 'items', items: [...items] });
    for (const push of extra) this.send(port, push);
  }

  get portCount(): number {
    return this.ports.size;
  }

  broadcast(push: BgPush): void {
    for (const port of this.ports) this.send(port, push);
  }

  private send(port: LivePort, push: BgPush): void {
    try {
      port.postMessage(push);
    } catch (err) {
      // The other end went away between disconnect events; forget it.
      this.ports.delete(port);
      this.log(`live port: dropped (${err instanceof Error ? err.message : String(err)})`);
    }
  }
}
