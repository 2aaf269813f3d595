/**
 * Every keyword of a rule set in one index, built once per rule set, so that
 * an item's text is read once however many rules and keywords there are.
 *
 * Keywords are grouped into channels, one per (fact, fold): `text` folded
 * case- and accent-insensitively is one channel, `author.name` compared
 * case-sensitively another. For each channel, per item:
 *   1. the fact's text is normalised once (shared/rules/text-normalise.ts) and cut
 *      into tokens (letters/digits runs, emoji);
 *   2. whole-word single-token keywords — the common case — are found by looking
 *      each token up in a Map (token → keyword ids);
 *   3. phrases and substrings go through one Aho–Corasick automaton
 *      (aho-corasick.ts, or any PatternMatcher) run over the canonical token string
 *      `" tok1 tok2 … "`: a phrase is stored padded (`" late delivery "`), so it
 *      only matches on word boundaries; a substring unpadded (`"kross"`).
 *      Keywords in scripts written without spaces (Chinese, Japanese, Thai, …)
 *      are always matched as substrings there, since "whole word" cannot be seen.
 *
 * Hits are recorded per item in typed arrays stamped with a generation number,
 * so nothing is cleared between items: a keyword id or condition id whose stamp
 * is not the current generation was not hit on this item.
 */
import { ahoCorasick } from './aho-corasick.js';
import type { PatternMatcher, PatternMatcherFactory } from './aho-corasick.js';
import { normaliseText, tokenise, usesScriptWithoutSpaces } from '../../shared/rules/index.js';
import type { FoldId, TextFact } from '../../shared/rules/index.js';

/** One keyword condition, as registered with the index. */
export interface KeywordConditionSpec {
  fact: TextFact;
  fold: FoldId;
  match: 'word' | 'substring';
  keywords: readonly string[];
}

interface Channel {
  fact: TextFact;
  fold: FoldId;
  words: Map<string, number[]>;
  patterns: string[];
  patternKeyword: number[];
  automaton: PatternMatcher | null;
}

export interface KeywordHitSink {
  /** Called once per condition the first time one of its keywords is hit on the current item. */
  onConditionHit(conditionId: number): void;
}

export class KeywordIndex {
  private readonly channels: Channel[] = [];
  private readonly channelByKey = new Map<string, number>();
  private readonly keywordByKey = new Map<string, number>();
  /** keyword id → condition ids containing it. */
  private readonly keywordConditions: number[][] = [];
  /** keyword id → the keyword as first written in a rule. */
  readonly keywordText: string[] = [];
  /** condition id → its distinct keyword ids. */
  readonly conditionKeywords: number[][] = [];

  private keywordStamp = new Int32Array(0);
  private conditionStamp = new Int32Array(0);
  private conditionCount = new Int32Array(0);
  private conditionFirst = new Int32Array(0);
  private readonly keywordFound: string[] = [];
  private generation = 0;
  private sealed = false;

  constructor(
    private readonly locale: string | null = null,
    private readonly matcher: PatternMatcherFactory = ahoCorasick,
  ) {}

  /** Register a keyword condition; returns its condition id. */
  add(spec: KeywordConditionSpec): number {
    if (this.sealed) throw new Error('KeywordIndex: add after seal');
    const channel = this.channel(spec.fact, spec.fold);
    const ids = new Set<number>();
    for (const keyword of spec.keywords) {
      const normalised = normaliseText(keyword, spec.fold, this.locale);
      const tokens = tokenise(normalised);
      if (tokens.length === 0) continue;
      const joined = tokens.join(' ');
      let kind: 'w' | 'p' | 's';
      if (spec.match === 'substring' || usesScriptWithoutSpaces(joined)) kind = 's';
      else kind = tokens.length === 1 ? 'w' : 'p';
      const key = `${channel}\u0000${kind}\u0000${joined}`;
      let id = this.keywordByKey.get(key);
      if (id === undefined) {
        id = this.keywordText.length;
        this.keywordByKey.set(key, id);
        this.keywordText.push(keyword);
        this.keywordConditions.push([]);
        const c = this.channels[channel]!;
        if (kind === 'w') {
          const list = c.words.get(joined);
          if (list) list.push(id);
          else c.words.set(joined, [id]);
        } else {
          c.patterns.push(kind === 'p' ? ` ${joined} ` : joined);
          c.patternKeyword.push(id);
        }
      }
      ids.add(id);
    }
    const conditionId = this.conditionKeywords.length;
    const list = [...ids];
    this.conditionKeywords.push(list);
    for (const id of list) this.keywordConditions[id]!.push(conditionId);
    return conditionId;
  }

  /** Build the automata and scratch buffers; no more `add` after this. */
  seal(): void {
    this.sealed = true;
    for (const c of this.channels) c.automaton = c.patterns.length > 0 ? this.matcher(c.patterns) : null;
    const k = this.keywordText.length;
    const n = this.conditionKeywords.length;
    this.keywordStamp = new Int32Array(k);
    this.conditionStamp = new Int32Array(n);
    this.conditionCount = new Int32Array(n);
    this.conditionFirst = new Int32Array(n);
    this.keywordFound.length = k;
  }

  get keywordCount(): number {
    return this.keywordText.length;
  }

  get channelCount(): number {
    return this.channels.length;
  }

  /** Which facts and folds have keywords (the evaluator supplies their text). */
  channelList(): readonly { fact: TextFact; fold: FoldId }[] {
    return this.channels;
  }

  /**
   * Start a new item: scan each channel's text and record hits. `textOf` gives
   * the raw text of a fact; `locale` is the item's language (it only matters
   * for accent-sensitive, case-insensitive matching).
   */
  scan(textOf: (fact: TextFact) => string, locale: string | null, sink: KeywordHitSink | null): void {
    if (++this.generation >= 0x7fffffff) {
      this.generation = 1;
      this.keywordStamp.fill(0);
      this.conditionStamp.fill(0);
    }
    for (const c of this.channels) {
      const raw = textOf(c.fact);
      if (raw === '') continue;
      const tokens = tokenise(normaliseText(raw, c.fold, locale));
      if (tokens.length === 0) continue;
      const words = c.words;
      if (words.size > 0)
        for (let t = 0; t < tokens.length; t++) {
          const token = tokens[t]!;
          const ids = words.get(token);
          if (ids) for (let k = 0; k < ids.length; k++) this.hit(ids[k]!, token, sink);
        }
      if (c.automaton) {
        const canonical = ` ${tokens.join(' ')} `;
        const patternKeyword = c.patternKeyword;
        c.automaton.forEachMatch(canonical, (p, start, end) =>
          this.hit(patternKeyword[p]!, canonical.slice(start, end).trim(), sink),
        );
      }
    }
  }

  private hit(keywordId: number, found: string, sink: KeywordHitSink | null): void {
    const g = this.generation;
    if (this.keywordStamp[keywordId] === g) return;
    this.keywordStamp[keywordId] = g;
    this.keywordFound[keywordId] = found;
    const conditions = this.keywordConditions[keywordId]!;
    for (let k = 0; k < conditions.length; k++) {
      const cond = conditions[k]!;
      if (this.conditionStamp[cond] !== g) {
        this.conditionStamp[cond] = g;
        this.conditionCount[cond] = 1;
        this.conditionFirst[cond] = keywordId;
        sink?.onConditionHit(cond);
      } else this.conditionCount[cond]!++;
    }
  }

  /** Distinct keywords of the condition found on the current item. */
  hitsOf(conditionId: number): number {
    return this.conditionStamp[conditionId] === this.generation ? this.conditionCount[conditionId]! : 0;
  }

  sizeOf(conditionId: number): number {
    return this.conditionKeywords[conditionId]!.length;
  }

  /** The first keyword of the condition found on the current item, with what it matched. */
  firstHit(conditionId: number): { keyword: string; found: string } | null {
    if (this.conditionStamp[conditionId] !== this.generation) return null;
    const id = this.conditionFirst[conditionId]!;
    return { keyword: this.keywordText[id]!, found: this.keywordFound[id]! };
  }

  /** Every keyword of the condition found on the current item (at most `limit`). */
  allHits(conditionId: number, limit = 50): { keyword: string; found: string }[] {
    const out: { keyword: string; found: string }[] = [];
    if (this.conditionStamp[conditionId] !== this.generation) return out;
    for (const id of this.conditionKeywords[conditionId]!) {
      if (this.keywordStamp[id] !== this.generation) continue;
      out.push({ keyword: this.keywordText[id]!, found: this.keywordFound[id]! });
      if (out.length >= limit) break;
    }
    return out;
  }

  private channel(fact: TextFact, fold: FoldId): number {
    const key = `${fact}\u0000${fold}`;
    let i = this.channelByKey.get(key);
    if (i === undefined) {
      i = this.channels.length;
      this.channelByKey.set(key, i);
      this.channels.push({ fact, fold, words: new Map(), patterns: [], patternKeyword: [], automaton: null });
    }
    return i;
  }
}
