/**
 * Inbox rules, the platform-neutral half: schemas (rule JSON is untrusted),
 * the rules file format, the event a rule set runs on, what evaluation returns,
 * and the text normalisation both sides use. The engine is companion/rules.
 */
export * from './limits.js';
export * from './text-normalise.js';
export * from './text-tokens.js';
export * from './regex-safety.js';
export * from './condition.js';
export * from './action.js';
export * from './rule.js';
export * from './event.js';
export * from './outcome.js';
export * from './issues.js';
