import type { Migration } from '../migrate.js';
import { init } from './001_init.js';
import { replies } from './002_replies.js';

/** Every migration, in order; versions are 1, 2, 3… without gaps. */
export const migrations: readonly Migration[] = [init, replies];
