import { describe, expect, it } from 'vitest';
import { isPublicWebhookUrl, reasonWords } from './rules-service.js';

describe('rules service', () => {
  it.each([
    ['https://hooks.slack.com/services/T000/B000/XXX', true],
    ['http://example.com/hook', true],
    ['https://localhost/hook', false],
    ['http://127.0.0.1:27412/', false],
    ['http://[::1]/', false],
    ['http://10.0.0.5/', false],
    ['http://192.168.1.1/', false],
    ['http://172.20.0.1/', false],
    ['http://169.254.169.254/latest/meta-data', false],
    ['http://2130706433/', false],
    ['http://printer.local/', false],
    ['ftp://example.com/', false],
    ['not a url', false],
  ])('webhook %s is allowed: %s', (url, ok) => {
    expect(isPublicWebhookUrl(url)).toBe(ok);
  });

  it('says why in words', () => {
    expect(reasonWords({ path: 'when', op: 'contains_any', fact: 'text', keyword: 'krossat', found: 'krossat' })).toBe(
      'text contains any “krossat”',
    );
    expect(reasonWords({ path: 'when.all[1]', op: 'is', fact: 'platform', value: 'x' })).toBe('platform is x');
  });
});
