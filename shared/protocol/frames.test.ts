import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CapturedItem, Item } from '../model.js';
import {
  NoticePushFrame,
  PresencePushFrame,
  PushFrame,
  REQUESTS,
  ResponseFrame,
  ServerFrame,
  SweepJobPushFrame,
  parseRequest,
} from './frames.js';
import { PROTOCOL_VERSION } from './version.js';
import { normalisePairingCode } from './auth.js';

const goldenDir = join(import.meta.dirname, '../../test/fixtures/protocol/v1');
const golden = (name: string): unknown => JSON.parse(readFileSync(join(goldenDir, name), 'utf8'));

describe('golden frames of protocol v1', () => {
  it('are all still understood', () => {
    const files = readdirSync(goldenDir);
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const frame = golden(f);
      if (f.endsWith('.request.json')) expect(parseRequest(frame).ok, f).toBe(true);
      else expect(ServerFrame.safeParse(frame).success, f).toBe(true);
    }
  });

  it('round-trip a capture through JSON unchanged', () => {
    const frame = golden('capture.request.json');
    const parsed = parseRequest(frame);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(JSON.parse(JSON.stringify(parsed.request))).toEqual(frame);
    const res = ResponseFrame.parse(golden('capture.response.json'));
    if (!res.ok) throw new Error('expected ok');
    const result = REQUESTS['item.capture'].result.parse(res.result);
    expect(Item.parse(JSON.parse(JSON.stringify(result.item)))).toEqual(result.item);
    expect(PushFrame.parse(golden('event.push.json')).payload.item?.status).toBe('done');
  });
});

describe('push frames of protocol v1', () => {
  it('tell event pushes (with seq) from presence pushes (ephemeral, no seq) by type', () => {
    const presence = ServerFrame.parse(golden('presence.push.json'));
    expect(PresencePushFrame.parse(presence).payload).toMatchObject({
      state: 'typing',
      itemKey: 'x:1900000000000000002',
    });
    expect('seq' in presence).toBe(false);
    expect(PushFrame.safeParse(golden('presence.push.json')).success).toBe(false);
    const renamed = PushFrame.parse(golden('tag-renamed.push.json'));
    expect(renamed.payload.event.data).toMatchObject({ type: 'tag.renamed', from: 'CS - late' });
    expect(renamed.payload.item).toBeNull();
  });

  it('refuses a presence state or tag colour outside the lists', () => {
    const base = { v: 1, id: 'a', type: 'presence.set', payload: { itemKey: 'x:1', state: 'typing' } };
    expect(parseRequest(base).ok).toBe(true);
    expect(parseRequest({ ...base, payload: { itemKey: 'x:1', state: 'dancing' } }).ok).toBe(false);
    const tag = { v: 1, id: 'b', type: 'tag.create', payload: { opId: 'op_12345678', name: 'CS - late' } };
    expect(parseRequest(tag).ok).toBe(true);
    expect(parseRequest({ ...tag, payload: { ...tag.payload, color: '#1849a9' } }).ok).toBe(true);
    expect(parseRequest({ ...tag, payload: { ...tag.payload, color: 'red' } }).ok).toBe(false);
    const member = { v: 1, id: 'c', type: 'member.update', payload: { opId: 'op_12345678', id: 'mem_1' } };
    expect(parseRequest(member).ok).toBe(false); // nothing to update
    expect(parseRequest({ ...member, payload: { ...member.payload, networks: ['x', 'myspace'] } }).ok).toBe(false);
  });
});

describe('parseRequest', () => {
  const item = (golden('capture.request.json') as { payload: { item: unknown } }).payload.item;

  it('refuses a frame of another protocol version', () => {
    const r = parseRequest({ v: PROTOCOL_VERSION + 1, id: 'a', type: 'heartbeat', payload: {} });
    expect(r.ok).toBe(false);
  });

  it('refuses unknown types and keeps the id for the error reply', () => {
    const r = parseRequest({ v: 1, id: 'abc', type: 'drop.tables', payload: {} });
    expect(r).toMatchObject({ ok: false, id: 'abc' });
  });

  it('checks the payload against its type', () => {
    expect(parseRequest({ v: 1, id: 'a', type: 'item.capture', payload: { opId: 'short', item } }).ok).toBe(false);
    expect(parseRequest({ v: 1, id: 'a', type: 'item.capture', payload: { opId: 'op_12345678', item } }).ok).toBe(true);
    expect(parseRequest({ v: 1, id: 'a', type: 'item.update', payload: { opId: 'op_12345678', key: 'x:1' } }).ok).toBe(
      false,
    );
  });

  it('refuses non-objects without throwing', () => {
    for (const raw of [null, 42, 'hello', [], { v: 1 }]) expect(parseRequest(raw).ok).toBe(false);
  });
});

describe('captured items are hostile', () => {
  const base = CapturedItem.parse((golden('capture.request.json') as { payload: { item: unknown } }).payload.item);

  it('refuses javascript: permalinks and author urls', () => {
    expect(CapturedItem.safeParse({ ...base, permalink: 'javascript:alert(1)' }).success).toBe(false);
    expect(
      CapturedItem.safeParse({ ...base, author: { ...base.author, url: 'data:text/html,<script>' } }).success,
    ).toBe(false);
  });

  it('bounds text length', () => {
    expect(CapturedItem.safeParse({ ...base, text: 'a'.repeat(20_001) }).success).toBe(false);
  });

  it('keeps markup in text as plain characters', () => {
    const t = '<img src=x onerror=alert(1)>';
    expect(CapturedItem.parse({ ...base, text: t }).text).toBe(t);
  });
});

describe('sweep frames', () => {
  const job = {
    jobId: 'swj_6ZbPZ0Yl9s2sUq3Q',
    target: { id: 'linkedin:acme:notifications', platform: 'linkedin', profile: 'acme', kind: 'notifications' },
    issuedAt: '2026-03-02T10:03:00.000Z',
    leaseUntil: '2026-03-02T10:11:00.000Z',
    maxPageLoads: 2,
    recentPosts: 0,
    maxReplyExpansions: 0,
    unreadThreads: 0,
    watermark: { v: 1, lanes: { '': { at: '2026-03-02T09:02:00.000Z', ids: ['7100000000000000002'] } }, window: [] },
  };
  const notice = {
    v: 1,
    type: 'notice',
    payload: {
      kind: 'sweep.paused',
      message: "You're signed out of LinkedIn (acme) — sweeps paused until someone signs in again",
      targetId: 'linkedin:acme:notifications',
      targetIds: ['linkedin:acme:notifications', 'linkedin:acme:dms'],
      platform: 'linkedin',
      profile: 'acme',
      reason: 'signed_out',
      at: '2026-03-02T10:05:00.000Z',
    },
  };

  it('tell a job and a notice from the other pushes by type', () => {
    const pushed = ServerFrame.parse({ v: 1, type: 'sweep.job', payload: { job } });
    expect(SweepJobPushFrame.parse(pushed).payload.job.target.kind).toBe('notifications');
    expect(NoticePushFrame.parse(ServerFrame.parse(notice)).payload.reason).toBe('signed_out');
    expect(PushFrame.safeParse(notice).success).toBe(false);
    expect(NoticePushFrame.safeParse({ ...notice, payload: { ...notice.payload, kind: 'sweep.cheer' } }).success).toBe(
      false,
    );
  });

  it('check what a browser advertises and reports, and take settings per platform', () => {
    const advertise = (payload: unknown) => parseRequest({ v: 1, id: 'a', type: 'sweeps.advertise', payload }).ok;
    const seenAt = '2026-03-02T09:00:00.000Z';
    expect(advertise({ signedIn: [{ platform: 'linkedin', handle: 'acme', seenAt }], busy: false })).toBe(true);
    expect(advertise({ signedIn: [{ platform: 'linkedin', handle: 'acme' }], busy: false })).toBe(false);
    expect(advertise({ signedIn: [], busy: false, sessionId: 'conn_someone_else' })).toBe(true); // ignored: the session is the connection's
    const reported = parseRequest({
      v: 1,
      id: 'b',
      type: 'sweep.report',
      payload: { report: { jobId: 'swj_1', outcome: 'signed_out', pageLoads: 1, capturedCount: 0 } },
    });
    expect(reported.ok && reported.request.type === 'sweep.report' && reported.request.payload.report).toMatchObject({
      seen: [],
      lanes: [],
      message: null,
    });
    const report = (outcome: string) =>
      parseRequest({
        v: 1,
        id: 'c',
        type: 'sweep.report',
        payload: { report: { jobId: 'swj_1', outcome, pageLoads: 1, capturedCount: 0 } },
      }).ok;
    expect(report('liked_everything')).toBe(false);
    const set = (settings: unknown) =>
      parseRequest({ v: 1, id: 'd', type: 'sweeps.settings.set', payload: { opId: 'op_12345678', settings } });
    expect(set({}).ok).toBe(false);
    expect(set({ myspace: { enabled: true } }).ok).toBe(false);
    expect(set({ linkedin: { enabled: true, workingEveryMinutes: 1 } }).ok).toBe(false); // every 2 minutes at most
    const ok = set({ linkedin: { enabled: true } });
    expect(ok.ok && ok.request.type === 'sweeps.settings.set' && ok.request.payload.settings.linkedin).toMatchObject({
      enabled: true,
      unreadThreads: 3,
      maxPageLoadsPerHour: 30,
    });
  });
});

describe('pairing codes', () => {
  it('normalise what people type', () => {
    expect(normalisePairingCode(' k7qx-m2pd ')).toBe('K7QXM2PD');
    expect(normalisePairingCode('iOlo-0000')).toBe('1010' + '0000');
  });
});
