/**
 * Evaluating a compiled condition tree on one item. Two walks over the same
 * tree: `holds` (fast; collects the Reasons — the leaves that made it true) and
 * `explain` (builds the whole ConditionTrace, for the UI and for debugging
 * a rule that did not fire). Both stop a group at the first child that decides it.
 */
import type { ConditionTrace, Reason } from '../../shared/rules/index.js';
import type { CompiledCondition } from './compile.js';
import type { ItemFacts } from './facts.js';
import type { KeywordIndex } from './keyword-index.js';
import type { RegexOutcome, RegexRunner } from './regex-guard.js';

export interface ConditionEnv {
  facts: ItemFacts;
  keywords: KeywordIndex;
  regex: RegexRunner;
}

function keywordResult(node: Extract<CompiledCondition, { kind: 'keywords' }>, keywords: KeywordIndex): boolean {
  const hits = keywords.hitsOf(node.id);
  switch (node.op) {
    case 'contains_any':
      return hits > 0;
    case 'contains_all':
      return hits === keywords.sizeOf(node.id);
    case 'not_contains':
      return hits === 0;
  }
}

function runRegex(node: Extract<CompiledCondition, { kind: 'regex' }>, env: ConditionEnv): RegexOutcome {
  return env.regex.exec(node.re, env.facts.text(node.fact).normalize('NFC'));
}

/** Does the condition hold? Pushes onto `reasons` the leaves that make it hold (nothing when it does not). */
export function holds(node: CompiledCondition, env: ConditionEnv, reasons: Reason[]): boolean {
  switch (node.kind) {
    case 'all': {
      const mark = reasons.length;
      for (const child of node.children)
        if (!holds(child, env, reasons)) {
          reasons.length = mark;
          return false;
        }
      return true;
    }
    case 'any': {
      for (const child of node.children) {
        const mark = reasons.length;
        if (holds(child, env, reasons)) return true;
        reasons.length = mark;
      }
      return false;
    }
    case 'not': {
      const mark = reasons.length;
      const inner = holds(node.child, env, reasons);
      reasons.length = mark;
      if (inner) return false;
      const reason: Reason = { path: node.path, op: 'not' };
      const c = node.child;
      if (c.kind === 'test') {
        reason.fact = c.fact;
        reason.value = c.test(env.facts).value;
      } else if (c.kind === 'keywords' || c.kind === 'regex') reason.fact = c.fact;
      reasons.push(reason);
      return true;
    }
    case 'keywords': {
      if (!keywordResult(node, env.keywords)) return false;
      if (node.op === 'not_contains') reasons.push({ path: node.path, op: node.op, fact: node.fact });
      else if (node.op === 'contains_any') {
        const hit = env.keywords.firstHit(node.id);
        reasons.push({ path: node.path, op: node.op, fact: node.fact, ...(hit ?? {}) });
      } else
        for (const hit of env.keywords.allHits(node.id, 20))
          reasons.push({ path: node.path, op: node.op, fact: node.fact, ...(hit ?? {}) });
      return true;
    }
    case 'regex': {
      const out = runRegex(node, env);
      if (!out.matched) return false;
      reasons.push({ path: node.path, op: 'regex', fact: node.fact, match: out.text });
      return true;
    }
    case 'test': {
      const { result, value } = node.test(env.facts);
      if (result) reasons.push({ path: node.path, op: node.op, fact: node.fact, value });
      return result;
    }
  }
}

/** The whole evaluated tree, with evidence at each leaf. */
export function explain(node: CompiledCondition, env: ConditionEnv): ConditionTrace {
  switch (node.kind) {
    case 'all':
    case 'any': {
      const children: ConditionTrace[] = [];
      const decider = node.kind === 'any';
      let result = !decider;
      for (const child of node.children) {
        const t = explain(child, env);
        children.push(t);
        if (t.result === decider) {
          result = decider;
          break;
        }
      }
      return { path: node.path, op: node.kind, result, children };
    }
    case 'not': {
      const inner = explain(node.child, env);
      return { path: node.path, op: 'not', result: !inner.result, children: [inner] };
    }
    case 'keywords': {
      const result = keywordResult(node, env.keywords);
      return {
        path: node.path,
        op: node.op,
        fact: node.fact,
        result,
        evidence: { keywords: env.keywords.allHits(node.id) },
      };
    }
    case 'regex': {
      const out = runRegex(node, env);
      const evidence = out.matched ? { match: out.text } : 'error' in out ? { error: out.error } : {};
      return { path: node.path, op: 'regex', fact: node.fact, result: out.matched, evidence };
    }
    case 'test': {
      const { result, value } = node.test(env.facts);
      return { path: node.path, op: node.op, fact: node.fact, result, evidence: { value } };
    }
  }
}
