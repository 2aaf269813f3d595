/**
 * Every site adapter, for code that works across sites (the matrix tests,
 * the site-agnostic e2e suite, the popup's site list). Content scripts import
 * their one adapter directly, so each bundle carries one site's knowledge.
 */
import type { Platform } from '../../shared/model';
import { facebook } from './facebook';
import { instagram } from './instagram';
import { linkedin } from './linkedin';
import { reddit } from './reddit';
import { tiktok } from './tiktok';
import type { SiteAdapter } from './types';
import { x } from './x';
import { youtube } from './youtube';

export const ADAPTERS: Readonly<Record<Platform, SiteAdapter>> = {
  x,
  linkedin,
  youtube,
  instagram,
  facebook,
  tiktok,
  reddit,
};
