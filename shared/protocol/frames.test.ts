import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CapturedItem, Item } from '../model.js';
import { PresencePushFrame, PushFrame, REQUESTS, ResponseFrame, ServerFrame, parseRequest } from './frames.js';
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

describe('pairing codes', () => {
  it('normalise what people type', () => {
    expect(normalisePairingCode(' k7qx-m2pd ')).toBe('K7QXM2PD');
    expect(normalisePairingCode('iOlo-0000')).toBe('1010' + '0000');
  });
});
