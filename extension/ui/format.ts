/** Small formatting helpers for the extension pages. Pure, so they are unit-tested. */
import { i18n } from './i18n';
import type { Platform } from '../../shared/model';

/** "now", "3 m", "2 h", "5 d" — how long ago `iso` was, as of `now` (ms). */
export function formatAge(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  if (seconds < 60) return i18n.t('ageNow');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return i18n.t('ageMinutes', [String(minutes)]);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return i18n.t('ageHours', [String(hours)]);
  return i18n.t('ageDays', [String(Math.floor(hours / 24))]);
}

/** Whitespace collapsed and cut at `max` characters (on a code-point boundary) with an ellipsis. */
export function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max
    ? flat
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

export function platformLabel(platform: Platform): string {
  switch (platform) {
    case 'x':
      return i18n.t('platformX');
    case 'linkedin':
      return i18n.t('platformLinkedin');
    case 'youtube':
      return i18n.t('platformYoutube');
    case 'instagram':
      return i18n.t('platformInstagram');
    case 'facebook':
      return i18n.t('platformFacebook');
    case 'tiktok':
      return i18n.t('platformTiktok');
    case 'reddit':
      return i18n.t('platformReddit');
  }
}
