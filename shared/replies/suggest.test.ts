import { describe, expect, it } from 'vitest';
import { SavedReply, type SavedReplyInput } from './saved-reply.js';
import { replyForShortcut, suggestReplies } from './suggest.js';

function reply(input: Partial<SavedReplyInput> & { id: string; title: string }): SavedReply {
  return SavedReply.parse({
    scope: 'shared',
    body: `Body of ${input.title}`,
    ownerId: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: null,
    ...input,
  });
}

const LIBRARY = [
  reply({ id: 'hello', title: 'Hello', folder: 'General' }),
  reply({ id: 'late', title: 'Late delivery', folder: 'Shipping', tags: ['CS - late delivery'] }),
  reply({ id: 'broken', title: 'Damaged item', folder: 'Returns', keywords: ['krossat', 'broken box', 'łódź'] }),
  reply({ id: 'refund', title: 'Refund policy', folder: 'Returns', shortcut: 'refund' }),
  reply({ id: 'thanks', title: 'Thanks', folder: 'General' }),
];

const ids = (s: ReturnType<typeof suggestReplies>) => s.map((x) => x.reply.id);

describe('suggestReplies', () => {
  it('puts rule suggestions first, then tag-linked, keyword matches, most used, the rest by folder and title', () => {
    const s = suggestReplies({
      replies: LIBRARY,
      item: { text: 'Paketet kom KROSSAT', tags: ['CS - late delivery'], platform: 'x' },
      ruleSuggested: [{ id: 'refund', ruleName: 'Refunds' }],
      usage: { thanks: 12, hello: 3 },
    });
    expect(ids(s)).toEqual(['refund', 'late', 'broken', 'thanks', 'hello']);
    expect(s[0]!.reason).toEqual({ kind: 'rule', ruleName: 'Refunds' });
    expect(s[1]!.reason).toEqual({ kind: 'tag', tags: ['CS - late delivery'] });
    expect(s[2]!.reason).toEqual({ kind: 'keyword', keywords: ['krossat'] });
    expect(s[3]!.reason).toEqual({ kind: 'popular', uses: 12 });
  });

  it('matches keywords as whole words and phrases, folding case and accents', () => {
    const text = (t: string) =>
      ids(suggestReplies({ replies: LIBRARY, item: { text: t, tags: [], platform: 'x' } }))[0];
    expect(text('Shipped to LODZ yesterday')).toBe('broken');
    expect(text('It came in a Broken   Box!')).toBe('broken');
    expect(text('the box is broken')).not.toBe('broken'); // phrase words out of order
    expect(text('okrossatx')).not.toBe('broken'); // not a whole word
  });

  it('tag links compare case-insensitively; an item with no tags gets none', () => {
    const s = suggestReplies({ replies: LIBRARY, item: { text: '', tags: ['cs - LATE delivery'], platform: 'x' } });
    expect(ids(s)[0]).toBe('late');
    expect(suggestReplies({ replies: LIBRARY, item: null })[0]!.reason.kind).toBe('other');
  });

  it('filters by every word typed, over title, folder, tags and body', () => {
    expect(ids(suggestReplies({ replies: LIBRARY, item: null, query: 'returns ref' }))).toEqual(['refund']);
    expect(ids(suggestReplies({ replies: LIBRARY, item: null, query: 'DELIVERY' }))).toEqual(['late']);
    expect(ids(suggestReplies({ replies: LIBRARY, item: null, query: 'nothing like this' }))).toEqual([]);
  });

  it('a typed shortcut puts its reply first', () => {
    const s = suggestReplies({ replies: LIBRARY, item: null, query: ';refund' });
    expect(ids(s)).toEqual(['refund']);
    expect(s[0]!.reason.kind).toBe('shortcut');
  });

  it('ignores rule suggestions for replies that no longer exist', () => {
    const s = suggestReplies({ replies: LIBRARY, item: null, ruleSuggested: ['gone', 'hello'] });
    expect(ids(s)[0]).toBe('hello');
  });
});

describe('replyForShortcut', () => {
  it('finds by shortcut with or without the ;, a personal reply winning over a shared one', () => {
    const mine = reply({
      id: 'mine',
      title: 'My refund',
      scope: 'personal',
      shortcut: 'refund',
      ownerId: 'm1',
    } as never);
    expect(replyForShortcut(LIBRARY, ';Refund')?.id).toBe('refund');
    expect(replyForShortcut([...LIBRARY, mine], 'refund')?.id).toBe('mine');
    expect(replyForShortcut(LIBRARY, 'nope')).toBeNull();
  });
});
