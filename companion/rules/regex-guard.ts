/**
 * Runs a rule's regular expression with a size and a time guard.
 *
 * Size: only the first RULE_LIMITS.regexInput characters of the text are
 * searched. Time: the search runs in a `node:vm` context with a timeout, which
 * interrupts even a backtracking regex; a search that takes longer counts as no
 * match and says so in the trace. Patterns were already checked statically
 * (shared/rules/regex-safety.ts); this catches the polynomial cases that pass
 * those checks (`.*a.*b` on 2,000 `a`s takes seconds in V8).
 *
 * The guard costs about 80 µs per search (the timeout's watchdog), so regex
 * conditions are best placed after cheaper ones in an `all`.
 */

/** Compile a regex now (V8 compiles on first use, and again when it tiers up), outside any time limit. */
export function warmRegex(re: RegExp): RegExp {
  for (let i = 0; i < 3; i++) re.test('');
  re.lastIndex = 0;
  return re;
}
import vm from 'node:vm';
import { RULE_LIMITS } from '../../shared/rules/index.js';

export type RegexOutcome = { matched: true; text: string } | { matched: false } | { matched: false; error: string };

export interface RegexRunner {
  exec(re: RegExp, text: string): RegexOutcome;
}

/** Cut to `max` UTF-16 units without splitting a surrogate pair. */
export function capText(text: string, max: number = RULE_LIMITS.regexInput): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

export function guardedRegexRunner(timeoutMs: number = RULE_LIMITS.regexTimeoutMs): RegexRunner {
  const sandbox: { re: RegExp | null; s: string } = { re: null, s: '' };
  const context = vm.createContext(sandbox);
  const script = new vm.Script('re.exec(s)');
  // The first run in a context is slow (compiling into it): do it now, not under a rule's time limit.
  sandbox.re = /^/u;
  script.runInContext(context);
  sandbox.re = null;
  return {
    exec(re, text) {
      sandbox.re = re;
      sandbox.s = capText(text);
      re.lastIndex = 0;
      try {
        const m = script.runInContext(context, { timeout: timeoutMs }) as RegExpExecArray | null;
        return m ? { matched: true, text: m[0].slice(0, 80) } : { matched: false };
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
          return { matched: false, error: `the regex took longer than ${timeoutMs} ms and was stopped` };
        return { matched: false, error: `the regex failed: ${e instanceof Error ? e.message : String(e)}` };
      } finally {
        sandbox.re = null;
        sandbox.s = '';
      }
    },
  };
}
