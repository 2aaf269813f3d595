import { describe, expect, it } from 'vitest';
import { checkLimit, renderTemplate, replyLength, variablesIn, type TemplateContext } from './template.js';

const ctx: TemplateContext = {
  author: { name: 'Ana María López', handle: 'ana_ml' },
  post: { text: 'My order arrived damaged and the box was open when it came, what do I do now? I need it for Friday.' },
  platform: 'X',
  agent: { name: 'Sam Rivera' },
  brand: 'Acme',
};

describe('renderTemplate', () => {
  it.each([
    ['Hi {{author.first_name}}!', 'Hi Ana!'],
    ['Hi {{ author.name }}', 'Hi Ana María López'],
    ['Thanks {{author.handle}}', 'Thanks @ana_ml'],
    ['— {{agent.first_name}} at {{brand}}', '— Sam at Acme'],
    ['On {{platform}}', 'On X'],
    ['Re: "{{post.excerpt}}"', 'Re: "My order arrived damaged and the box was open when it came, what do I do now?…"'],
    ['{{author.first_name | there}}', 'Ana'],
  ])('%s → %s', (template, expected) => {
    const r = renderTemplate(template, ctx);
    expect(r).toEqual({ text: expected, missing: [], problems: [] });
  });

  it('uses the fallback when the page did not show a value', () => {
    const r = renderTemplate('Hi {{author.first_name | there}}, {{brand|our team}} here', { author: { name: null } });
    expect(r).toEqual({ text: 'Hi there, our team here', missing: [], problems: [] });
  });

  it('reports a variable it cannot fill instead of inserting it raw', () => {
    const r = renderTemplate('Hi {{author.first_name}}, {{author.first_name}} — {{agent.first_name}}', {
      author: { name: '   ' },
    });
    expect(r.missing).toEqual(['author.first_name', 'agent.first_name']);
    expect(r.text).not.toContain('{{');
  });

  it('keeps hostile names as plain text on one line, without control characters', () => {
    const r = renderTemplate('Hi {{author.name}}!', {
      author: { name: '<img src=x onerror=alert(1)>\n\u202eEvil\u200b {{brand}}' },
      brand: 'Acme',
    });
    expect(r.text).toBe('Hi <img src=x onerror=alert(1)> Evil { {brand} }!');
    // a value is never expanded, not even when the text is rendered again (an edited preview)
    expect(r.missing).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(renderTemplate(r.text, { author: {}, brand: 'Acme' }).text).toBe(r.text);
  });

  it('says what is wrong with unknown variables and broken braces', () => {
    const r = renderTemplate('Hi {{author.nickname}} {{author.first_name', ctx);
    expect(r.problems).toEqual([
      expect.stringContaining('Unknown variable {{author.nickname}}'),
      expect.stringContaining('not closed'),
    ]);
  });

  it('lists the variables a template uses', () => {
    expect(variablesIn('{{ brand }} and {{author.handle|you}}')).toEqual(['brand', 'author.handle']);
  });
});

describe('limits', () => {
  it('counts X the way X does: URLs 23, CJK and emoji 2', () => {
    expect(replyLength('hello', 'x')).toBe(5);
    expect(replyLength('see https://example.com/a/very/long/path?with=query', 'x')).toBe(4 + 23);
    expect(replyLength('日本', 'x')).toBe(4);
    expect(replyLength('👍', 'x')).toBe(2);
    expect(replyLength('👍', 'reddit')).toBe(1);
  });

  it('flags a reply that is too long for the platform, with the count', () => {
    const long = 'a'.repeat(281);
    expect(checkLimit(long, 'x')).toEqual({ length: 281, limit: 280, over: 1, ok: false });
    expect(checkLimit(long, 'linkedin').ok).toBe(true);
    expect(checkLimit('x'.repeat(151), 'tiktok')).toMatchObject({ ok: false, over: 1 });
  });
});
