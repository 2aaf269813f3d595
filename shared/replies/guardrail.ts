/**
 * The repetition guardrail: platforms flag accounts that post the same reply
 * over and over, so before a saved reply goes in, count how often the team
 * used it on this platform within the settings' window. Reaching the
 * threshold with this use warns (the user may still insert).
 */
import type { Platform } from '../model.js';
import type { ReplySettings, ReplyUse } from './saved-reply.js';

export interface Repetition {
  /** Uses of the reply on the platform within the window, before this one. */
  count: number;
  /** This use would be the `uses`-th or later within the window. */
  warn: boolean;
  minutes: number;
}

export function repetition(
  uses: readonly Pick<ReplyUse, 'replyIds' | 'platform' | 'at'>[],
  replyId: string,
  platform: Platform,
  now: Date,
  settings: Pick<ReplySettings, 'guardrail'>,
): Repetition {
  const { uses: threshold, minutes } = settings.guardrail;
  const since = now.getTime() - minutes * 60_000;
  let count = 0;
  for (const u of uses) {
    if (u.platform !== platform || !u.replyIds.includes(replyId)) continue;
    const t = Date.parse(u.at);
    if (t > since && t <= now.getTime()) count += 1;
  }
  return { count, warn: count + 1 >= threshold, minutes };
}
