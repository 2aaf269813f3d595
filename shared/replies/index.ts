export * from './saved-reply.js';
export * from './template.js';
export * from './suggest.js';
export * from './guardrail.js';
export * from './transfer.js';
