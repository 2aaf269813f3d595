export * from './model.js';
export * from './protocol/index.js';
export * from './extension-id.js';
export * from './selectors.js';
