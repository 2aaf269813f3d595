/**
 * Zod issues in plain words, each prefixed with where it is
 * (`rules[2].when.all[0].keywords: needs at least 1 item`), for people editing
 * or importing rules.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'number':
      return `the number ${v}`;
    case 'boolean':
      return String(v);
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function plural(n: number | bigint, one: string, many: string): string {
  return `${n} ${Number(n) === 1 ? one : many}`;
}

function describe(issue: Issue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const got = valueAt(input, issue.path);
      if (got === undefined) return 'is missing';
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${kindOf(got)}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${plural(issue.minimum, 'item', 'items')}`;
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'must not be empty' : `needs at least ${issue.minimum} characters`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `may hold at most ${plural(issue.maximum, 'item', 'items')}`;
      if (issue.origin === 'string') return `may be at most ${issue.maximum} characters long`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, not ${kindOf(valueAt(input, issue.path))}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'an unknown field' : 'unknown fields'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_format':
      // A schema's own words (`.regex(re, 'may hold only …')`) win over the generic ones.
      if (!issue.message.startsWith('Invalid')) return issue.message;
      return issue.format === 'url'
        ? 'must be an http(s) URL'
        : issue.format === 'datetime'
          ? 'must be a time like 2026-01-31T09:00:00.000Z'
          : `must be a valid ${issue.format}`;
    case 'invalid_union':
      return issue.message.startsWith('Invalid input') ? 'is not any of the accepted forms' : issue.message;
    default:
      return issue.message;
  }
}

/** Every issue as one line of plain words, with the path first. */
export function describeIssues(error: z.ZodError, input?: unknown, prefix: readonly PathKey[] = []): string[] {
  return error.issues.map((issue) => {
    const where = formatPath([...prefix, ...issue.path]);
    const what = describe(issue, input === undefined ? undefined : valueAt(input, prefix));
    return where ? `${where}: ${what}` : what;
  });
}
