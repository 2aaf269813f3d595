/**
 * compileRules: turn parsed rules into what evaluate() runs — rules sorted by
 * order, every keyword in one KeywordIndex, regexes compiled, every other
 * condition a small closure, and for each rule a "gate": keyword conditions at
 * least one of which must be hit for the rule to be able to match. Evaluation
 * then looks only at rules whose gate was hit by the item's text (plus rules
 * without a gate), so 1,000 keyword rules cost about as much as the text scan.
 */
import { foldId } from '../../shared/rules/index.js';
import type {
  Condition,
  KeywordOp,
  LeafCondition,
  LeafOp,
  Rule,
  RuleTriggerEvent,
  TextFact,
} from '../../shared/rules/index.js';
import type { PatternMatcherFactory } from './aho-corasick.js';
import type { ItemFacts } from './facts.js';
import { setFactKey } from './facts.js';
import { KeywordIndex } from './keyword-index.js';
import { guardedRegexRunner, warmRegex } from './regex-guard.js';
import type { RegexRunner } from './regex-guard.js';

export interface CompileOptions {
  /** The team's locale (BCP 47), for lower-casing keywords of accent-sensitive conditions; e.g. `tr`. */
  locale?: string | null;
  /** How long one regex may run, in ms (default RULE_LIMITS.regexTimeoutMs). */
  regexTimeoutMs?: number;
  /** Replace the guarded regex runner (tests). */
  regexRunner?: RegexRunner;
  /** Replace the automaton for phrases and substrings (default: aho-corasick.ts). */
  patternMatcher?: PatternMatcherFactory;
}

export type TestValue = string | number | boolean | null | string[];

/** A compiled condition node; `path` names it in traces (`when.all[1].not`). */
export type CompiledCondition =
  | { kind: 'all' | 'any'; path: string; children: CompiledCondition[] }
  | { kind: 'not'; path: string; child: CompiledCondition }
  | { kind: 'keywords'; path: string; op: KeywordOp; fact: TextFact; id: number }
  | { kind: 'regex'; path: string; fact: TextFact; re: RegExp }
  | {
      kind: 'test';
      path: string;
      op: Exclude<LeafOp, KeywordOp | 'regex'>;
      fact: string;
      test: (facts: ItemFacts) => { result: boolean; value: TestValue };
    };

export interface CompiledRule {
  readonly rule: Rule;
  /** Position in evaluation order. */
  readonly index: number;
  readonly condition: CompiledCondition | null;
  /** Keyword condition ids of which one must be hit for the rule to match; null: always a candidate. */
  readonly gate: readonly number[] | null;
}

export interface CompiledRules {
  /** Every rule, disabled ones too, in evaluation order (order, then id). */
  readonly rules: readonly CompiledRule[];
  /** Enabled rules per trigger, in evaluation order. */
  readonly byTrigger: Readonly<Record<RuleTriggerEvent, readonly CompiledRule[]>>;
  /** Enabled rules without a gate, per trigger. */
  readonly ungated: Readonly<Record<RuleTriggerEvent, readonly CompiledRule[]>>;
  /** Enabled rules without a gate, whatever their trigger (for back-tests). */
  readonly ungatedAll: readonly CompiledRule[];
  /** Keyword condition id → indexes of enabled rules it gates. */
  readonly gatedBy: readonly (readonly number[])[];
  readonly keywords: KeywordIndex;
  readonly regex: RegexRunner;
  /** Per-evaluation scratch (rule index → generation it was made a candidate in). */
  readonly scratch: { stamp: Int32Array; generation: number };
}

const TRIGGERS: readonly RuleTriggerEvent[] = ['item.captured', 'reply.detected', 'status.changed', 'no_reply'];

function byTrigger<T>(make: () => T): Record<RuleTriggerEvent, T> {
  return Object.fromEntries(TRIGGERS.map((t) => [t, make()])) as Record<RuleTriggerEvent, T>;
}

function compileLeaf(leaf: LeafCondition, path: string, index: KeywordIndex): CompiledCondition {
  switch (leaf.op) {
    case 'contains_any':
    case 'contains_all':
    case 'not_contains': {
      const id = index.add({
        fact: leaf.fact,
        fold: foldId(leaf),
        match: leaf.match,
        keywords: leaf.keywords,
      });
      return { kind: 'keywords', path, op: leaf.op, fact: leaf.fact, id };
    }
    case 'regex':
      return {
        kind: 'regex',
        path,
        fact: leaf.fact,
        re: warmRegex(new RegExp(leaf.pattern, leaf.ignoreCase ? 'iu' : 'u')),
      };
    case 'is': {
      const { fact, value } = leaf;
      return {
        kind: 'test',
        path,
        op: 'is',
        fact,
        test: (f) => {
          const v = f.bool(fact);
          return { result: v === value, value: v };
        },
      };
    }
    case 'in':
    case 'not_in': {
      const { fact, op } = leaf;
      const wanted = new Set(leaf.values.map((v) => setFactKey(fact, v)));
      return {
        kind: 'test',
        path,
        op,
        fact,
        test: (f) => {
          const v = f.value(fact);
          const member = v !== null && wanted.has(v);
          return { result: op === 'in' ? member : !member, value: v };
        },
      };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const { fact, op, value } = leaf;
      const cmp =
        op === 'gt'
          ? (n: number) => n > value
          : op === 'gte'
            ? (n: number) => n >= value
            : op === 'lt'
              ? (n: number) => n < value
              : (n: number) => n <= value;
      return {
        kind: 'test',
        path,
        op,
        fact,
        test: (f) => {
          const n = f.number(fact);
          return { result: n !== null && cmp(n), value: n === null ? null : Math.round(n * 100) / 100 };
        },
      };
    }
    case 'has_any':
    case 'has_all':
    case 'has_none': {
      const { op, values } = leaf;
      return {
        kind: 'test',
        path,
        op,
        fact: 'tags',
        test: (f) => {
          const result =
            op === 'has_any'
              ? values.some((t) => f.tags.has(t))
              : op === 'has_all'
                ? values.every((t) => f.tags.has(t))
                : !values.some((t) => f.tags.has(t));
          return { result, value: [...f.tags] };
        },
      };
    }
  }
}

function compileCondition(c: Condition, path: string, index: KeywordIndex): CompiledCondition {
  if ('all' in c)
    return { kind: 'all', path, children: c.all.map((x, i) => compileCondition(x, `${path}.all[${i}]`, index)) };
  if ('any' in c)
    return { kind: 'any', path, children: c.any.map((x, i) => compileCondition(x, `${path}.any[${i}]`, index)) };
  if ('not' in c) return { kind: 'not', path, child: compileCondition(c.not, `${path}.not`, index) };
  return compileLeaf(c, path, index);
}

/** Keyword conditions one of which must be hit for `c` to hold, or null when there is no such set. */
export function gateOf(c: CompiledCondition): number[] | null {
  switch (c.kind) {
    case 'keywords':
      return c.op === 'not_contains' ? null : [c.id];
    case 'all': {
      let best: number[] | null = null;
      for (const child of c.children) {
        const g = gateOf(child);
        if (g && (!best || g.length < best.length)) best = g;
      }
      return best;
    }
    case 'any': {
      const out: number[] = [];
      for (const child of c.children) {
        const g = gateOf(child);
        if (!g) return null;
        out.push(...g);
      }
      return out.length > 0 ? out : null;
    }
    default:
      return null;
  }
}

/** Compile once per rule set; reuse for every item until the rules change. */
export function compileRules(rules: readonly Rule[], options: CompileOptions = {}): CompiledRules {
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) throw new TypeError(`compileRules: two rules have the id "${r.id}"`);
    ids.add(r.id);
  }
  const keywords = new KeywordIndex(options.locale ?? null, options.patternMatcher);
  const sorted = [...rules].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const compiled: CompiledRule[] = sorted.map((rule, index) => {
    const condition = rule.when ? compileCondition(rule.when, 'when', keywords) : null;
    return { rule, index, condition, gate: condition ? gateOf(condition) : null };
  });
  keywords.seal();

  const enabled = byTrigger<CompiledRule[]>(() => []);
  const ungated = byTrigger<CompiledRule[]>(() => []);
  const ungatedAll: CompiledRule[] = [];
  const gatedBy: number[][] = Array.from({ length: keywords.conditionKeywords.length }, () => []);
  for (const r of compiled) {
    if (!r.rule.enabled) continue;
    enabled[r.rule.on.event].push(r);
    if (r.gate === null) {
      ungated[r.rule.on.event].push(r);
      ungatedAll.push(r);
    } else for (const id of new Set(r.gate)) gatedBy[id]!.push(r.index);
  }
  return {
    rules: compiled,
    byTrigger: enabled,
    ungated,
    ungatedAll,
    gatedBy,
    keywords,
    regex: options.regexRunner ?? guardedRegexRunner(options.regexTimeoutMs),
    scratch: { stamp: new Int32Array(compiled.length), generation: 0 },
  };
}
