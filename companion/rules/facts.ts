/**
 * The facts a rule's conditions read, for one item at one moment. Text-derived
 * facts (script, language, links, emoji) are computed on first use. Tags,
 * priority, status and assignee are the working state: an earlier rule's
 * action in the same evaluation is seen by later rules.
 */
import type { Item } from '../../shared/model.js';
import { countScripts, detectLanguage, hasLink, isOnlyEmoji } from '../../shared/rules/index.js';
import type { BooleanFact, NumberFact, ScriptCounts, SetFact, TextFact } from '../../shared/rules/index.js';

/** The part of an Item that rules read; a full Item fits. */
export type RuleItem = Pick<
  Item,
  | 'key'
  | 'platform'
  | 'kind'
  | 'profile'
  | 'author'
  | 'text'
  | 'permalink'
  | 'siteTimestamp'
  | 'capturedAt'
  | 'status'
  | 'priority'
  | 'tags'
  | 'assigneeId'
  | 'repliedAt'
> & { lang?: string | null | undefined };

/** Handles compare without `@` and without case. */
export function normaliseHandle(h: string): string {
  return h.replace(/^@+/, '').toLowerCase();
}

/** How a value of a set fact is compared (applied to the rule's values and the item's value alike). */
export function setFactKey(fact: SetFact, value: string): string {
  switch (fact) {
    case 'profile':
    case 'author.handle':
      return normaliseHandle(value);
    case 'language':
      return (value.split(/[-_]/)[0] ?? value).toLowerCase();
    default:
      return value;
  }
}

/** When the item started waiting for us: the site's time if it showed one, else when it was captured. */
export function waitingSince(item: RuleItem): number {
  const site = item.siteTimestamp ? Date.parse(item.siteTimestamp) : Number.NaN;
  return Number.isFinite(site) ? site : Date.parse(item.capturedAt);
}

export class ItemFacts {
  readonly tags: Set<string>;
  priority: Item['priority'];
  status: Item['status'];
  assigneeId: string | null;
  private scripts: ScriptCounts | undefined;
  private language: string | null | undefined;
  private link: boolean | undefined;
  private emojiOnly: boolean | undefined;

  constructor(
    readonly item: RuleItem,
    readonly nowMs: number,
  ) {
    this.tags = new Set(item.tags);
    this.priority = item.priority;
    this.status = item.status;
    this.assigneeId = item.assigneeId;
  }

  text(fact: TextFact): string {
    switch (fact) {
      case 'text':
        return this.item.text;
      case 'author.name':
        return this.item.author.name ?? '';
      case 'author.handle':
        return (this.item.author.handle ?? '').replace(/^@+/, '');
    }
  }

  /** The declared language, for locale-aware lower case. */
  get locale(): string | null {
    return this.item.lang ?? null;
  }

  bool(fact: BooleanFact): boolean {
    switch (fact) {
      case 'author.verified':
        return this.item.author.verified === true;
      case 'has_link':
        return (this.link ??= hasLink(this.item.text));
      case 'only_emoji':
        return (this.emojiOnly ??= isOnlyEmoji(this.item.text));
      case 'assigned':
        return this.assigneeId !== null;
      case 'answered':
        return this.item.repliedAt !== null && this.item.repliedAt !== undefined;
    }
  }

  number(fact: NumberFact): number | null {
    switch (fact) {
      case 'author.followers':
        return this.item.author.followers ?? null;
      case 'age_minutes':
        return (this.nowMs - waitingSince(this.item)) / 60_000;
    }
  }

  /** The fact's value, compared through setFactKey; null when the item does not have one. */
  value(fact: SetFact): string | null {
    switch (fact) {
      case 'platform':
        return this.item.platform;
      case 'kind':
        return this.item.kind;
      case 'profile':
        return this.item.profile ? normaliseHandle(this.item.profile) : null;
      case 'language':
        return (this.language ??= detectLanguage(this.item.lang, this.scriptCounts()));
      case 'script':
        return this.scriptCounts().dominant;
      case 'status':
        return this.status;
      case 'priority':
        return this.priority;
      case 'assignee':
        return this.assigneeId;
      case 'author.handle':
        return this.item.author.handle ? normaliseHandle(this.item.author.handle) : null;
    }
  }

  private scriptCounts(): ScriptCounts {
    return (this.scripts ??= countScripts(this.item.text));
  }
}
