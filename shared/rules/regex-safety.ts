/**
 * Static checks on a rule's regular expression, before it is ever run.
 * JavaScript regexes backtrack, so a pattern such as `(a+)+$` can take
 * exponential time on a short hostile comment. These checks reject the shapes
 * that do that; the companion also runs every regex on bounded input with a
 * time limit (companion/rules/regex-guard.ts), for what slips through.
 */
import { RULE_LIMITS } from './limits.js';

export type RegexVerdict = { ok: true } | { ok: false; reason: string };

interface GroupState {
  hasQuantifier: boolean;
  hasAlternation: boolean;
}

/** Is the quantifier starting at `i` unbounded or large (`*`, `+`, `{n,}`, `{n,m}` with m > 10)? Returns its length too. */
function readQuantifier(src: string, i: number): { length: number; repeats: boolean } | null {
  const ch = src[i];
  if (ch === '*' || ch === '+') return { length: src[i + 1] === '?' ? 2 : 1, repeats: true };
  if (ch === '?') return { length: src[i + 1] === '?' ? 2 : 1, repeats: false };
  if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}\??/.exec(src.slice(i));
    if (!m) return null;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    return { length: m[0].length, repeats: max > 10 };
  }
  return null;
}

/**
 * Accept a pattern only if it is short, compiles with the `u` flag, has no
 * back-references, and no repeated group that itself repeats or has
 * alternatives (`(a+)+`, `(a|ab)*`, `(\w+\s?)*` — the shapes of catastrophic backtracking).
 */
export function checkRegex(source: string): RegexVerdict {
  if (source.length === 0) return { ok: false, reason: 'the pattern is empty' };
  if (source.length > RULE_LIMITS.regex)
    return {
      ok: false,
      reason: `the pattern is ${source.length} characters long; at most ${RULE_LIMITS.regex} are allowed`,
    };
  try {
    new RegExp(source, 'u');
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    return { ok: false, reason: `the pattern is not a valid regular expression (${message})` };
  }
  const stack: GroupState[] = [{ hasQuantifier: false, hasAlternation: false }];
  let lastAtom: GroupState | 'simple' | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    const top = stack[stack.length - 1]!;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k')
        return { ok: false, reason: 'back-references (\\1, \\k<name>) are not allowed' };
      i += next === 'p' || next === 'P' ? Math.max(1, source.indexOf('}', i) - i) : 1;
      lastAtom = 'simple';
      continue;
    }
    if (ch === '[') {
      // Skip the class, honouring escapes.
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
      lastAtom = 'simple';
      continue;
    }
    if (ch === '(') {
      stack.push({ hasQuantifier: false, hasAlternation: false });
      if (source[i + 1] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        const m = /^\(\?(?::|=|!|<=|<!|<[^>]+>)/.exec(source.slice(i));
        if (m) i += m[0].length - 1;
      }
      lastAtom = null;
      continue;
    }
    if (ch === ')') {
      const closed = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      parent.hasQuantifier ||= closed.hasQuantifier;
      parent.hasAlternation ||= closed.hasAlternation;
      lastAtom = closed;
      continue;
    }
    if (ch === '|') {
      top.hasAlternation = true;
      lastAtom = null;
      continue;
    }
    const q = readQuantifier(source, i);
    if (q) {
      if (lastAtom && lastAtom !== 'simple' && q.repeats && (lastAtom.hasQuantifier || lastAtom.hasAlternation))
        return {
          ok: false,
          reason:
            'a repeated group that itself repeats or has alternatives, such as (a+)+ or (a|ab)*, can take exponential time',
        };
      top.hasQuantifier = true;
      i += q.length - 1;
      lastAtom = null;
      continue;
    }
    lastAtom = 'simple';
  }
  return { ok: true };
}
