import { describe, expect, it } from 'vitest';
import { SavedReply } from './saved-reply.js';
import { derivedReplyId, exportCsv, exportJson, importCsv, importJson, importReplies, parseCsv } from './transfer.js';

const STORED = {
  ownerId: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: null,
};

const library = [
  SavedReply.parse({
    id: 'late',
    scope: 'shared',
    folder: 'Shipping',
    title: 'Late delivery',
    body: 'Hi {{author.first_name | there}},\n\nsorry, "it\'s" late, see https://acme.example/t, ok?',
    variants: { x: 'Sorry {{author.first_name | there}} — DM us your order number.' },
    tags: ['CS - late delivery', 'Campaign - spring'],
    keywords: ['late', 'where is my order'],
    shortcut: 'late',
    ...STORED,
  }),
  SavedReply.parse({
    id: 'formula',
    scope: 'personal',
    title: '=HYPERLINK("evil")',
    body: '+1 thanks!',
    ...STORED,
  }),
];

const fieldsOf = (r: SavedReply) => {
  const { ownerId: _o, updatedAt: _u, updatedBy: _b, ...rest } = r;
  return rest;
};

describe('CSV', () => {
  it('round-trips every field, line breaks and quotes included, and defuses formulas for spreadsheets', () => {
    const csv = exportCsv(library);
    expect(csv.split('\r\n')[0]).toBe('folder,title,body,tags,keywords,shortcut,scope,id,body:x');
    expect(csv).toContain(`"'=HYPERLINK(""evil"")"`);
    expect(csv).toContain(`'+1 thanks!`);
    const back = importCsv(csv);
    expect(back.problems).toEqual([]);
    expect(back.replies).toEqual(library.map(fieldsOf));
  });

  it('reads a hand-made file: header in any order and case, BOM, LF, ; lists, no ids (derived, stable)', () => {
    const text =
      '\uFEFFTitle,Body,Tags,Folder\nWelcome,"Hi {{author.name}}!\nGood to see you",CS - hello; Campaign - x,General\n\n';
    const r = importCsv(text);
    expect(r.problems).toEqual([]);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]).toMatchObject({
      id: derivedReplyId('shared', 'General', 'Welcome'),
      scope: 'shared',
      folder: 'General',
      body: 'Hi {{author.name}}!\nGood to see you',
      tags: ['CS - hello', 'Campaign - x'],
    });
    expect(importCsv(text).replies[0]!.id).toBe(r.replies[0]!.id);
  });

  it('reports bad rows with their line and imports the rest', () => {
    const text = 'title,body,shortcut,scope\nOk,Fine,,\nNo body,,,\n"Multi\nline",x,;bad shortcut!,\nScope,y,,team\n';
    const r = importCsv(text);
    expect(r.replies.map((x) => x.title)).toEqual(['Ok']);
    expect(r.problems.map((p) => p.row)).toEqual([3, 4, 6]);
    expect(r.problems[0]!.message).toMatch(/needs some text/);
    expect(r.problems[1]!.message).toMatch(/shortcut/);
  });

  it('says what is wrong with the file itself', () => {
    expect(importCsv('').problems[0]!.message).toMatch(/empty/);
    expect(importCsv('name,text\na,b\n').problems[0]!.message).toMatch(/"title" column/);
    expect(importCsv('title,body\n"open,b\n').problems[0]!.message).toMatch(/never closed/);
    expect(parseCsv('a,"b ""c"""\r\n1,2')).toEqual([
      { cells: ['a', 'b "c"'], line: 1 },
      { cells: ['1', '2'], line: 2 },
    ]);
  });
});

describe('JSON', () => {
  it('round-trips our export and reads a bare list', () => {
    const back = importJson(exportJson(library));
    expect(back).toEqual({ replies: library.map(fieldsOf), problems: [] });
    expect(importJson(JSON.stringify([{ title: 'A', body: 'B' }])).replies[0]!.scope).toBe('shared');
  });

  it('never trusts the file: wrong shapes are reported per entry', () => {
    const r = importJson(JSON.stringify({ replies: [{ title: 'A', body: 'B' }, 'x', { title: '', body: 'y' }] }));
    expect(r.replies).toHaveLength(1);
    expect(r.problems.map((p) => p.row)).toEqual([2, 3]);
    expect(importJson('{nope').problems[0]!.message).toMatch(/not valid JSON/);
    expect(importJson('{"a":1}').problems[0]!.message).toMatch(/list of replies/);
  });

  it('importReplies picks the format by name, then by content', () => {
    expect(importReplies('x.json', '[]').problems).toEqual([]);
    expect(importReplies('replies.txt', '[{"title":"a","body":"b"}]').replies).toHaveLength(1);
    expect(importReplies('replies.csv', 'title,body\na,b\n').replies).toHaveLength(1);
  });
});
