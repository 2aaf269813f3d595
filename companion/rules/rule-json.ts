/**
 * Rules as JSON files: export a rule set, import one (untrusted: size-capped,
 * parsed with the shared schemas, every problem reported in plain words with
 * where it is), and parse a single rule as edited in the UI.
 */
import {
  RULE_LIMITS,
  RULESET_FORMAT,
  RULESET_VERSION,
  Rule,
  RuleSet,
  describeIssues,
} from '../../shared/rules/index.js';
import type { RuleSet as RuleSetT, Rule as RuleT } from '../../shared/rules/index.js';

export type ImportResult = { ok: true; ruleSet: RuleSetT } | { ok: false; errors: string[] };
export type RuleParseResult = { ok: true; rule: RuleT } | { ok: false; errors: string[] };

function readJson(text: string): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  if (text.length > RULE_LIMITS.importBytes)
    return {
      ok: false,
      errors: [`The file is ${text.length} characters long; rules files may be at most ${RULE_LIMITS.importBytes}.`],
    };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, errors: [`This is not JSON (${e instanceof Error ? e.message : String(e)}).`] };
  }
}

function envelopeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `This is not an Inlay rules file: expected an object with "format": "${RULESET_FORMAT}".`;
  const v = value as Record<string, unknown>;
  if (v.format !== RULESET_FORMAT)
    return v.format === undefined
      ? `This is not an Inlay rules file: it has no "format": "${RULESET_FORMAT}".`
      : `This is not an Inlay rules file: its format is ${JSON.stringify(v.format)}, not "${RULESET_FORMAT}".`;
  if (typeof v.version !== 'number') return 'The rules file has no "version".';
  if (v.version > RULESET_VERSION)
    return `This file was written by a newer Inlay (rules format version ${v.version}); this version reads version ${RULESET_VERSION}. Update Inlay to import it.`;
  if (v.version !== RULESET_VERSION)
    return `Rules format version ${v.version} is not known; this version reads version ${RULESET_VERSION}.`;
  return null;
}

/**
 * Import a rules file: its text, or a value already parsed from JSON. A bare
 * list of rules is accepted too (as if wrapped in the current format).
 */
export function importRules(input: string | unknown): ImportResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    const read = readJson(input);
    if (!read.ok) return read;
    value = read.value;
  }
  if (Array.isArray(value)) value = { format: RULESET_FORMAT, version: RULESET_VERSION, rules: value };
  const problem = envelopeProblem(value);
  if (problem) return { ok: false, errors: [problem] };
  const parsed = RuleSet.safeParse(value);
  if (!parsed.success) return { ok: false, errors: describeIssues(parsed.error, value) };
  return { ok: true, ruleSet: parsed.data };
}

/** One rule, e.g. as edited in the extension; errors name the field. */
export function parseRule(input: unknown): RuleParseResult {
  const parsed = Rule.safeParse(input);
  return parsed.success ? { ok: true, rule: parsed.data } : { ok: false, errors: describeIssues(parsed.error, input) };
}

/** The rules as a rules file (pretty JSON), sorted by order then id; it always imports back to the same rules. */
export function exportRules(rules: readonly RuleT[], options: { exportedAt?: Date | string } = {}): string {
  const sorted = [...rules].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const at = options.exportedAt;
  const set = {
    format: RULESET_FORMAT,
    version: RULESET_VERSION,
    ...(at !== undefined ? { exportedAt: at instanceof Date ? at.toISOString() : at } : {}),
    rules: sorted,
  };
  const checked = RuleSet.safeParse(set);
  if (!checked.success) throw new Error(`exportRules: invalid rules: ${describeIssues(checked.error, set).join('; ')}`);
  return `${JSON.stringify(set, null, 2)}\n`;
}
