export * from './version.js';
export * from './errors.js';
export * from './frames.js';
export * from './auth.js';
