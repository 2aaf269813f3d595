import type { Migration } from '../migrate.js';
import { init } from './001_init.js';
import { replies } from './002_replies.js';
import { tags } from './003_tags.js';
import { memberNetworks } from './004_member_networks.js';
import { rules } from './005_rules.js';
import { views } from './006_views.js';
import { snooze } from './007_snooze.js';
import { savedReplies } from './008_saved_replies.js';
import { sweeps } from './009_sweeps.js';
import { liveViews } from './010_live_views.js';

/** Every migration, in order; versions are 1, 2, 3… without gaps. */
export const migrations: readonly Migration[] = [
  init,
  replies,
  tags,
  memberNetworks,
  rules,
  views,
  snooze,
  savedReplies,
  sweeps,
  liveViews,
];
