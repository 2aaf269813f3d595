/**
 * Shared views over a real socket: a lead shares a view, a teammate lists it
 * and hears the push; an agent may not share or delete one and writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyFilter, type View } from '../../shared/views.js';
import { pairNew, opId, type TestClient } from './client.js';
import { startTestCompanion, type TestCompanion } from './companion.js';

let c: TestCompanion;
const open: TestClient[] = [];

async function member(name: string) {
  const { code } = await c.createPairingCode();
  const r = await pairNew(c.port, code, name);
  open.push(r.client);
  await r.client.call('subscribe', { sinceSeq: await c.store.headSeq() });
  return r;
}

function view(id: string, name: string): View {
  return {
    id,
    name,
    scope: 'personal',
    filter: { ...emptyFilter(), assignee: 'nobody', statuses: ['open'] },
    ownerId: null,
    updatedAt: null,
  };
}

async function pushOf(client: TestClient, type: string) {
  for (let i = 0; i < 10; i++) {
    const push = await client.nextPush();
    if (push.type === 'event' && push.payload.event.data.type === type) return push.payload.event.data;
  }
  throw new Error(`no ${type} push`);
}

beforeEach(async () => {
  c = await startTestCompanion();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
  await c.cleanup();
});

describe('shared views on the wire', () => {
  it('a lead shares a view; a teammate lists it and hears about it', async () => {
    const admin = await member('Ada Admin'); // first member: admin
    const lead = await member('Lena Lead');
    const agent = await member('Arvid Agent');
    await admin.client.call('member.update', { opId: opId(), id: lead.creds.member.id, role: 'lead' });

    const saved = await lead.client.call('view.save', { opId: opId(), view: view('v_unassigned', 'Unassigned, open') });
    expect(saved.duplicate).toBe(false);
    expect(saved.view).toMatchObject({
      id: 'v_unassigned',
      name: 'Unassigned, open',
      scope: 'shared',
      ownerId: lead.creds.member.id,
      updatedAt: expect.any(String),
    });

    expect(await pushOf(agent.client, 'view.saved')).toEqual({
      type: 'view.saved',
      viewId: 'v_unassigned',
      name: 'Unassigned, open',
    });
    const { views } = await agent.client.call('views.list', {});
    expect(views).toEqual([saved.view]);

    // replacing keeps the first owner; deleting is heard too
    const renamed = await admin.client.call('view.save', {
      opId: opId(),
      view: { ...saved.view, name: 'Nobody has these' },
    });
    expect(renamed.view).toMatchObject({ name: 'Nobody has these', ownerId: lead.creds.member.id });
    await lead.client.call('view.delete', { opId: opId(), id: 'v_unassigned' });
    expect(await pushOf(agent.client, 'view.removed')).toEqual({ type: 'view.removed', viewId: 'v_unassigned' });
    expect((await agent.client.call('views.list', {})).views).toEqual([]);
  });

  it('replays a save by opId without writing twice', async () => {
    const admin = await member('Ada Admin');
    const op = opId();
    const first = await admin.client.call('view.save', { opId: op, view: view('v_1', 'One') });
    const again = await admin.client.call('view.save', { opId: op, view: view('v_1', 'One') });
    expect(again).toMatchObject({ duplicate: true, seq: first.seq, view: first.view });
  });

  it('refuses an agent, in plain words, and writes nothing', async () => {
    const admin = await member('Ada Admin');
    const agent = await member('Arvid Agent');
    await admin.client.call('view.save', { opId: opId(), view: view('v_1', 'One') });
    const head = await c.store.headSeq();

    const save = await agent.client.expectError('view.save', { opId: opId(), view: view('v_2', 'Two') });
    expect(save.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/share views/) });
    const del = await agent.client.expectError('view.delete', { opId: opId(), id: 'v_1' });
    expect(del.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(await c.store.headSeq()).toBe(head);
    expect((await agent.client.call('views.list', {})).views.map((v) => v.id)).toEqual(['v_1']);
  });

  it('refuses a system view id and says when a view is unknown', async () => {
    const admin = await member('Ada Admin');
    const system = await admin.client.expectError('view.save', { opId: opId(), view: view('system:all', 'All') });
    expect(system.error.code).toBe('BAD_FRAME');
    const gone = await admin.client.expectError('view.delete', { opId: opId(), id: 'v_none' });
    expect(gone.error.code).toBe('NOT_FOUND');
  });
});
