/** Shared by the rules tests: items, rules from terse input, and one-call evaluation. */
import { Rule } from '../../shared/rules/index.js';
import type { RuleEvent, RuleInput, EvaluationResult } from '../../shared/rules/index.js';
import { compileRules } from './compile.js';
import type { CompileOptions } from './compile.js';
import type { RuleContext } from './context.js';
import { evaluate } from './evaluate.js';
import { guardedRegexRunner } from './regex-guard.js';
import type { EvaluateOptions } from './evaluate.js';
import type { RuleItem } from './facts.js';

export const NOW = '2026-01-10T12:00:00.000Z';

export function item(over: Partial<RuleItem> & { text?: string } = {}): RuleItem {
  return {
    key: 'x:1900000000000000001',
    platform: 'x',
    kind: 'reply',
    profile: 'acme',
    author: { handle: 'anna_k', name: 'Anna K', url: 'https://x.com/anna_k', verified: false, followers: 120 },
    text: 'Hello there',
    permalink: 'https://x.com/anna_k/status/1900000000000000001',
    siteTimestamp: '2026-01-10T11:00:00.000Z',
    capturedAt: '2026-01-10T11:00:30.000Z',
    status: 'open',
    priority: 'normal',
    tags: [],
    assigneeId: null,
    repliedAt: null,
    lang: null,
    ...over,
  };
}

let seq = 0;
/** A parsed rule; id, name, order and trigger default so a test states only what it is about. */
export function rule(over: Partial<RuleInput> & Pick<RuleInput, 'actions'>): Rule {
  seq++;
  return Rule.parse({
    id: `r${seq}`,
    name: `Rule ${seq}`,
    order: seq,
    on: { event: 'item.captured' },
    ...over,
  });
}

/**
 * Tests run many files at once on two cores, so wall-clock limits are loose here;
 * regex.test.ts checks the real limit on its own runner.
 */
const patientRegex = guardedRegexRunner(2_000);

export const captured: RuleEvent = { type: 'item.captured', causedBy: [] };

export function run(
  rules: readonly Rule[],
  it: RuleItem,
  context: Partial<RuleContext> = {},
  options: EvaluateOptions & { event?: RuleEvent; compile?: CompileOptions } = {},
): EvaluationResult {
  return evaluate(
    compileRules(rules, { regexRunner: patientRegex, ...options.compile }),
    options.event ?? captured,
    it,
    { now: NOW, ...context },
    options,
  );
}

/** Does a single keyword condition match the text? (compile + evaluate, the real path) */
export function matches(
  keyword: string | string[],
  text: string,
  opts: {
    match?: 'word' | 'substring';
    caseSensitive?: boolean;
    accentSensitive?: boolean;
    lang?: string;
    locale?: string;
  } = {},
): boolean {
  const { lang, locale, ...leafOpts } = opts;
  const r = rule({
    when: { op: 'contains_any', keywords: Array.isArray(keyword) ? keyword : [keyword], ...leafOpts },
    actions: [{ type: 'tag.add', tags: ['hit'] }],
  });
  const out = run([r], item({ text, lang: lang ?? null }), {}, { compile: { locale: locale ?? null } });
  return out.actions.length === 1;
}
