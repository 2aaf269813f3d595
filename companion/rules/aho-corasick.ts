/**
 * A compact Aho–Corasick automaton over UTF-16 code units, built once per
 * rule set, that finds every occurrence of every pattern in one pass over the
 * text (overlaps included).
 *
 * Why our own and not modern-ahocorasick: both sides of the match are already
 * normalised (NFKD/NFC, accents and case folded), so the library's grapheme
 * segmentation (Intl.Segmenter on every search) buys nothing here and costs
 * most of the time — bench/rules.bench.ts runs the same rules through both.
 * Code units are exact for normalised text: a pattern and the text encode the
 * same characters the same way, and a well-formed pattern cannot start on a
 * low surrogate.
 *
 * Layout: the trie's edges sit in typed arrays, sorted by code unit per state
 * (binary search), with a 64 Ki-entry table for the root; failure links and
 * "dictionary" links (the nearest shorter pattern that ends here) are computed
 * breadth-first.
 */

export interface PatternMatcher {
  /** Calls `onMatch` for every occurrence: pattern index and UTF-16 [start, end). */
  forEachMatch(text: string, onMatch: (pattern: number, start: number, end: number) => void): void;
}

export type PatternMatcherFactory = (patterns: readonly string[]) => PatternMatcher;

export class AhoCorasickMatcher implements PatternMatcher {
  private readonly root = new Int32Array(0x10000).fill(-1);
  private readonly edgeStart: Int32Array;
  private readonly edgeChar: Uint16Array;
  private readonly edgeTarget: Int32Array;
  private readonly fail: Int32Array;
  /** Nearest proper suffix state that ends a pattern, or 0. */
  private readonly dict: Int32Array;
  /** The pattern ending exactly at a state, or -1. */
  private readonly output: Int32Array;
  private readonly lengths: Int32Array;

  constructor(patterns: readonly string[]) {
    // 1. The trie, with Map edges while building.
    const edges: Map<number, number>[] = [new Map()];
    const output: number[] = [-1];
    this.lengths = new Int32Array(patterns.length);
    patterns.forEach((p, index) => {
      if (p.length === 0) throw new RangeError('AhoCorasickMatcher: empty pattern');
      this.lengths[index] = p.length;
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        let next = edges[s]!.get(c);
        if (next === undefined) {
          next = edges.length;
          edges.push(new Map());
          output.push(-1);
          edges[s]!.set(c, next);
        }
        s = next;
      }
      if (output[s] === -1) output[s] = index;
    });

    // 2. Flatten the edges: sorted by code unit, per state.
    const states = edges.length;
    let total = 0;
    for (const e of edges) total += e.size;
    this.edgeStart = new Int32Array(states + 1);
    this.edgeChar = new Uint16Array(total);
    this.edgeTarget = new Int32Array(total);
    let k = 0;
    for (let s = 0; s < states; s++) {
      this.edgeStart[s] = k;
      for (const [c, t] of [...edges[s]!].sort((a, b) => a[0] - b[0])) {
        this.edgeChar[k] = c;
        this.edgeTarget[k] = t;
        k++;
      }
    }
    this.edgeStart[states] = k;
    for (const [c, t] of edges[0]!) this.root[c] = t;

    // 3. Failure and dictionary links, breadth-first.
    this.fail = new Int32Array(states);
    this.dict = new Int32Array(states);
    this.output = Int32Array.from(output);
    const queue = new Int32Array(states);
    let head = 0;
    let tail = 0;
    for (const t of edges[0]!.values()) queue[tail++] = t;
    while (head < tail) {
      const s = queue[head++]!;
      for (let e = this.edgeStart[s]!; e < this.edgeStart[s + 1]!; e++) {
        const c = this.edgeChar[e]!;
        const t = this.edgeTarget[e]!;
        let f = this.fail[s]!;
        let to = this.step(f, c);
        while (to < 0 && f !== 0) {
          f = this.fail[f]!;
          to = this.step(f, c);
        }
        const ft = to < 0 || to === t ? 0 : to;
        this.fail[t] = ft;
        this.dict[t] = this.output[ft]! >= 0 ? ft : this.dict[ft]!;
        queue[tail++] = t;
      }
    }
  }

  get patternCount(): number {
    return this.lengths.length;
  }

  /** The state reached from `s` on code unit `c`, or -1 (no edge). */
  private step(s: number, c: number): number {
    if (s === 0) return this.root[c]!;
    let lo = this.edgeStart[s]!;
    let hi = this.edgeStart[s + 1]! - 1;
    const chars = this.edgeChar;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = chars[mid]!;
      if (m === c) return this.edgeTarget[mid]!;
      if (m < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  forEachMatch(text: string, onMatch: (pattern: number, start: number, end: number) => void): void {
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = this.step(s, c);
      while (next < 0 && s !== 0) {
        s = this.fail[s]!;
        next = this.step(s, c);
      }
      s = next < 0 ? 0 : next;
      let o = this.output[s]! >= 0 ? s : this.dict[s]!;
      while (o !== 0) {
        const p = this.output[o]!;
        onMatch(p, i + 1 - this.lengths[p]!, i + 1);
        o = this.dict[o]!;
      }
    }
  }
}

export const ahoCorasick: PatternMatcherFactory = (patterns) => new AhoCorasickMatcher(patterns);
