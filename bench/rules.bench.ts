/**
 * Inbox rules at scale: 1,000 rules holding 10,000 keywords, evaluated on
 * 100,000 generated fifteen-word multilingual messages (Swedish, Polish,
 * Turkish, German, Russian, Spanish, English; mixed case, dropped accents,
 * punctuation, emoji and links).
 *
 * Baselines, measured in the same run on the same normalised text:
 * - naive: the same rules with one regex per keyword, word boundaries written as
 *   "start/end or a space or punctuation mark" (what one writes when `\b` turns
 *   out to be ASCII-only);
 * - naive, Unicode boundaries: the same with `(?<![\p{L}\p{N}\p{M}])…(?![…])`,
 *   which is exactly the engine's notion of a word and much slower still;
 * - the engine itself with modern-ahocorasick (grapheme-aware) as its automaton
 *   instead of aho-corasick.ts, to show why the engine has its own.
 *
 * The generator is seeded, so every run sees the same rules and messages. The
 * naive baselines are far too slow for all 100,000 messages (a quarter of an
 * hour, and three hours with Unicode boundaries, on two cores), so
 * each runs on the first messages only and its rate is extrapolated per message
 * (the baseline's name says how many). On those messages every engine must fire
 * exactly the same rules, or the bench fails: the speed-ups are for the same answers.
 *
 * `npx tsx bench/rules.bench.ts` runs it alone.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { PLATFORMS } from '../shared/model.js';
import { Rule, hasLink, normaliseText } from '../shared/rules/index.js';
import type { RuleInput, Condition } from '../shared/rules/index.js';
import ModernAhoCorasick from 'modern-ahocorasick';
import { compileRules, evaluate } from '../companion/rules/index.js';
import type { CompiledRules, PatternMatcherFactory, RuleEvent, RuleItem } from '../companion/rules/index.js';
import { result } from './types.js';
import type { BenchResult } from './types.js';

const RULES = 1_000;
const KEYWORDS_PER_RULE = 10;
const MESSAGES = 100_000;
const WORDS_PER_MESSAGE = 15;
const NAIVE_SUBSET = 1_000;
const UNICODE_NAIVE_SUBSET = 100;
const NOW = '2026-03-01T12:00:00.000Z';

/** mulberry32: a small, fast, seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Language {
  lang: string;
  onsets: string[];
  vowels: string[];
  codas: string[];
  common: string[];
}

const LANGUAGES: Language[] = [
  {
    lang: 'sv',
    onsets: ['k', 'kr', 'st', 'sk', 'fr', 'br', 'l', 'm', 'p', 'tj', 'sj', 'h'],
    vowels: ['a', 'o', 'e', 'i', 'å', 'ä', 'ö', 'u', 'y'],
    codas: ['', 'ss', 't', 'n', 'ck', 'r', 'll', 'g'],
    common: ['och', 'att', 'det', 'inte', 'min', 'paket', 'är', 'har', 'varför', 'tack'],
  },
  {
    lang: 'pl',
    onsets: ['ł', 'sz', 'cz', 'prz', 'w', 'dz', 'ż', 'k', 'r', 'm', 'gr', 'ś'],
    vowels: ['a', 'o', 'e', 'ó', 'ą', 'ę', 'y', 'i', 'u'],
    codas: ['', 'dź', 'ń', 'k', 'ł', 'sz', 'ć', 'm'],
    common: ['nie', 'jest', 'paczka', 'dlaczego', 'dziękuję', 'mój', 'się', 'już', 'gdzie', 'łódź'],
  },
  {
    lang: 'tr',
    onsets: ['ı', 'ş', 'ç', 'ğ', 'k', 'b', 'd', 'y', 'İ', 's', 't', 'g'],
    vowels: ['a', 'ı', 'e', 'i', 'o', 'ö', 'u', 'ü'],
    codas: ['', 'k', 'r', 'n', 'ş', 'l', 'm', 'z'],
    common: ['ve', 'bir', 'bu', 'değil', 'kargo', 'neden', 'teşekkürler', 'İstanbul', 'kırık', 'çok'],
  },
  {
    lang: 'de',
    onsets: ['sch', 'str', 'pf', 'z', 'gr', 'kl', 'w', 'b', 'h', 'st', 'fl', 'spr'],
    vowels: ['a', 'e', 'i', 'o', 'u', 'ä', 'ö', 'ü', 'ei', 'au'],
    codas: ['', 'ß', 'ng', 'cht', 'n', 'rt', 'tz', 'ck'],
    common: ['und', 'nicht', 'das', 'ist', 'Paket', 'Straße', 'warum', 'danke', 'kaputt', 'schon'],
  },
  {
    lang: 'ru',
    onsets: ['кр', 'ст', 'пр', 'ж', 'ш', 'щ', 'м', 'т', 'б', 'зв', 'д', 'л'],
    vowels: ['а', 'о', 'е', 'и', 'у', 'ы', 'я', 'ё', 'ю'],
    codas: ['', 'й', 'т', 'н', 'ск', 'р', 'ль', 'ж'],
    common: ['и', 'не', 'это', 'посылка', 'почему', 'спасибо', 'сломан', 'где', 'мой', 'уже'],
  },
  {
    lang: 'es',
    onsets: ['ñ', 'ch', 'll', 'tr', 'b', 'p', 'r', 'c', 'g', 'v', 'pl', 'qu'],
    vowels: ['a', 'e', 'i', 'o', 'u', 'á', 'é', 'í', 'ó', 'ú'],
    codas: ['', 'n', 's', 'r', 'l', 'z', 'd', 'j'],
    common: ['y', 'no', 'es', 'paquete', 'por', 'qué', 'gracias', 'roto', 'dónde', 'mi'],
  },
  {
    lang: 'en',
    onsets: ['br', 'cr', 'st', 'tr', 'pl', 'sh', 'th', 'w', 'gr', 'fl', 'ch', 'sp'],
    vowels: ['a', 'e', 'i', 'o', 'u', 'ea', 'oo', 'ai', 'ou'],
    codas: ['', 'ck', 'nd', 'st', 'rt', 'ng', 'sh', 'll'],
    common: ['the', 'and', 'is', 'my', 'parcel', 'not', 'why', 'thanks', 'broken', 'where'],
  },
];

const EMOJI = ['😡', '👍🏽', '❤️', '🔥', '🙏', '📦', '🇸🇪', '👩‍💻'];
const PUNCT = [',', '!', '?', '.', ':', '…'];

type KeywordKind = 'word' | 'phrase' | 'substring';
interface GenKeyword {
  text: string;
  kind: KeywordKind;
  lang: Language;
}

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

function syllableWord(rand: () => number, l: Language, syllables: number): string {
  let w = '';
  for (let i = 0; i < syllables; i++) w += pick(rand, l.onsets) + pick(rand, l.vowels) + pick(rand, l.codas);
  return w;
}

/** Words no keyword equals (after folding), for the bulk of each message. */
function fillerWords(rand: () => number, taken: Set<string>): string[][] {
  return LANGUAGES.map((l) => {
    const words = [...l.common];
    while (words.length < 400) {
      const w = syllableWord(rand, l, 1 + Math.floor(rand() * 2));
      const n = normaliseText(w);
      if (!taken.has(n)) words.push(w);
    }
    return words;
  });
}

function generateKeywords(rand: () => number): GenKeyword[] {
  const seen = new Set<string>();
  const out: GenKeyword[] = [];
  while (out.length < RULES * KEYWORDS_PER_RULE) {
    const l = pick(rand, LANGUAGES);
    const r = rand();
    const kind: KeywordKind = r < 0.85 ? 'word' : r < 0.925 ? 'phrase' : 'substring';
    const text =
      kind === 'phrase'
        ? `${syllableWord(rand, l, 2)} ${syllableWord(rand, l, 2)}`
        : syllableWord(rand, l, kind === 'word' ? 3 : 3);
    const key = normaliseText(text);
    if (seen.has(key)) continue;
    seen.add(key);
    // A phrase's words and a substring must not collide with whole-word keywords either.
    for (const part of key.split(' ')) seen.add(part);
    out.push({ text, kind, lang: l });
  }
  return out;
}

function keywordLeaf(op: 'contains_any' | 'not_contains', ks: readonly GenKeyword[], match: 'word' | 'substring') {
  return { op, keywords: ks.map((k) => k.text), match } as const;
}

function generateRules(rand: () => number, keywords: GenKeyword[]): Rule[] {
  const rules: RuleInput[] = [];
  for (let i = 0; i < RULES; i++) {
    const ks = keywords.slice(i * KEYWORDS_PER_RULE, (i + 1) * KEYWORDS_PER_RULE);
    const words = ks.filter((k) => k.kind !== 'substring');
    const subs = ks.filter((k) => k.kind === 'substring');
    const positives = [
      keywordLeaf('contains_any', words, 'word'),
      keywordLeaf('contains_any', subs, 'substring'),
    ].filter((l) => l.keywords.length > 0);
    const hit = positives.length === 1 ? positives[0]! : { any: positives };
    const shape = rand();
    let when: RuleInput['when'];
    if (shape < 0.7) when = hit;
    else if (shape < 0.85)
      when = { all: [hit, { op: 'in', fact: 'platform', values: [pick(rand, PLATFORMS), pick(rand, PLATFORMS)] }] };
    else if (shape < 0.95) when = { all: [hit, { not: { op: 'is', fact: 'has_link' } }] };
    else
      when = {
        all: [
          hit,
          {
            any: [
              { op: 'is', fact: 'author.verified' },
              { op: 'in', fact: 'kind', values: ['dm'] },
            ],
          },
        ],
      };
    rules.push({
      id: `r${String(i).padStart(4, '0')}`,
      name: `Rule ${i}`,
      order: i,
      on: { event: 'item.captured' },
      when,
      actions:
        i % 5 === 0
          ? [
              { type: 'tag.add', tags: [`T${i % 97}`] },
              { type: 'assign', to: { strategy: 'round_robin', group: 'cs' } },
            ]
          : [{ type: 'tag.add', tags: [`T${i % 97}`] }],
    });
  }
  return rules.map((r) => Rule.parse(r));
}

function casing(rand: () => number, w: string): string {
  const r = rand();
  if (r < 0.12) return w.toUpperCase();
  if (r < 0.3) return w.charAt(0).toUpperCase() + w.slice(1);
  if (r < 0.38) return w.normalize('NFKD').replace(/\p{M}/gu, ''); // accents dropped, as people type
  return w;
}

function generateItems(rand: () => number, keywords: GenKeyword[], filler: string[][]): RuleItem[] {
  const items: RuleItem[] = [];
  for (let n = 0; n < MESSAGES; n++) {
    const li = Math.floor(rand() * LANGUAGES.length);
    const l = LANGUAGES[li]!;
    const words: string[] = [];
    while (words.length < WORDS_PER_MESSAGE) {
      if (rand() < 0.03) {
        const k = pick(rand, keywords);
        if (k.kind === 'substring') words.push(casing(rand, k.text + pick(rand, l.vowels) + pick(rand, l.codas)));
        else for (const part of k.text.split(' ')) words.push(casing(rand, part));
      } else words.push(casing(rand, pick(rand, filler[li]!)));
      if (rand() < 0.08) words[words.length - 1] += pick(rand, PUNCT);
    }
    let text = words.slice(0, WORDS_PER_MESSAGE).join(' ');
    if (rand() < 0.1) text += ` https://example.com/o/${n}`;
    if (rand() < 0.2) text += ` ${pick(rand, EMOJI)}`;
    const id = String(1_000_000 + n);
    items.push({
      key: `x:${id}`,
      platform: pick(rand, PLATFORMS),
      kind: pick(rand, ['comment', 'reply', 'mention', 'dm'] as const),
      profile: 'acme',
      author: {
        handle: `user${n % 5000}`,
        name: `User ${n % 5000}`,
        url: null,
        verified: rand() < 0.05,
        followers: n % 10_000,
      },
      text,
      permalink: `https://x.com/user/status/${id}`,
      siteTimestamp: '2026-03-01T10:00:00.000Z',
      capturedAt: '2026-03-01T10:00:05.000Z',
      status: 'open',
      priority: 'normal',
      tags: [],
      assigneeId: null,
      repliedAt: null,
      lang: l.lang,
    });
  }
  return items;
}

/* ---------- the naive engine: one regex per keyword ---------- */

const W = '[\\p{L}\\p{N}\\p{M}]';
/** Not a separator: anything but whitespace and the punctuation the generator writes. */
const NOT_SEP = '[^\\s,.!?:;…"\'()\\[\\]«»“”„/-]';
type Boundaries = 'separators' | 'unicode';
function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type NaiveNode =
  | { kind: 'all' | 'any'; children: NaiveNode[] }
  | { kind: 'not'; child: NaiveNode }
  | { kind: 'keywords'; negate: boolean; regexes: RegExp[] }
  | { kind: 'test'; test: (item: RuleItem) => boolean };

function naiveCompile(c: Condition, b: Boundaries): NaiveNode {
  if ('all' in c) return { kind: 'all', children: c.all.map((x) => naiveCompile(x, b)) };
  if ('any' in c) return { kind: 'any', children: c.any.map((x) => naiveCompile(x, b)) };
  if ('not' in c) return { kind: 'not', child: naiveCompile(c.not, b) };
  switch (c.op) {
    case 'contains_any':
    case 'not_contains':
      return {
        kind: 'keywords',
        negate: c.op === 'not_contains',
        regexes: c.keywords.map((k) => {
          const word = b === 'unicode' ? W : NOT_SEP;
          const body = normaliseText(k).split(' ').map(escapeRegex).join(`(?:(?!${word})[^])+`);
          return new RegExp(c.match === 'word' ? `(?<!${word})${body}(?!${word})` : body, 'u');
        }),
      };
    case 'in': {
      const values = new Set(c.values);
      const fact = c.fact;
      return { kind: 'test', test: (item) => values.has(fact === 'platform' ? item.platform : item.kind) };
    }
    case 'is':
      return {
        kind: 'test',
        test: (item) => (c.fact === 'has_link' ? hasLink(item.text) : item.author.verified === true),
      };
    default:
      throw new Error(`naive engine: op ${c.op} is not used by this bench`);
  }
}

function naiveHolds(node: NaiveNode, text: string, item: RuleItem): boolean {
  switch (node.kind) {
    case 'all':
      return node.children.every((c) => naiveHolds(c, text, item));
    case 'any':
      return node.children.some((c) => naiveHolds(c, text, item));
    case 'not':
      return !naiveHolds(node.child, text, item);
    case 'keywords': {
      const found = node.regexes.some((re) => re.test(text));
      return node.negate ? !found : found;
    }
    case 'test':
      return node.test(item);
  }
}

/* ---------- measurement ---------- */

function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  return () => {
    gc?.();
    gc?.();
  };
}

function heapMiB(gc: () => void): number {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** modern-ahocorasick behind the engine's PatternMatcher interface. */
const modernAhoCorasick: PatternMatcherFactory = (patterns) => {
  const ac = new ModernAhoCorasick(patterns);
  return {
    forEachMatch(text, onMatch) {
      for (const m of ac.search(text)) onMatch(m.patternIndex, m.start, m.end);
    },
  };
};

const CAPTURED: RuleEvent = { type: 'item.captured', causedBy: [] };
const CONTEXT = { now: NOW, groups: { cs: ['mem_a', 'mem_b', 'mem_c'] } };

interface EngineRun {
  rate: number;
  seconds: number;
  /** Rules fired per message. */
  fired: Int32Array;
}

function runEngine(compiled: CompiledRules, items: readonly RuleItem[]): EngineRun {
  const fired = new Int32Array(items.length);
  const t0 = performance.now();
  for (let i = 0; i < items.length; i++) {
    const r = evaluate(compiled, CAPTURED, items[i]!, CONTEXT);
    let n = 0;
    for (const t of r.trace) if (t.outcome === 'fired') n++;
    fired[i] = n;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { rate: items.length / seconds, seconds, fired };
}

function runNaive(naive: readonly NaiveNode[], items: readonly RuleItem[], count: number): EngineRun {
  const fired = new Int32Array(count);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const item = items[i]!;
    const text = normaliseText(item.text);
    let n = 0;
    for (const rule of naive) if (naiveHolds(rule, text, item)) n++;
    fired[i] = n;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { rate: count / seconds, seconds, fired };
}

function sameAnswers(name: string, a: Int32Array, b: Int32Array): number {
  let total = 0;
  for (let i = 0; i < b.length; i++) {
    if (a[i] !== b[i]) throw new Error(`rules bench: ${name} fires ${b[i]} rules on message ${i}, the engine ${a[i]}`);
    total += b[i]!;
  }
  return total;
}

export async function run(): Promise<BenchResult[]> {
  const gc = collector();
  const rand = prng(0x1a7a5);
  const keywords = generateKeywords(rand);
  const taken = new Set(keywords.flatMap((k) => normaliseText(k.text).split(' ')));
  const filler = fillerWords(rand, taken);
  const rules = generateRules(rand, keywords);
  const items = generateItems(rand, keywords, filler);

  // Compile (and warm): the engine vs building one RegExp per keyword.
  let heap0 = heapMiB(gc);
  let t0 = performance.now();
  const compiled = compileRules(rules);
  const compileMs = performance.now() - t0;
  runEngine(compiled, items.slice(0, 500));
  const engineHeap = heapMiB(gc) - heap0;

  heap0 = heapMiB(gc);
  t0 = performance.now();
  const naive = rules.map((r) => naiveCompile(r.when!, 'separators'));
  const naiveCompileMs = performance.now() - t0;
  runNaive(naive, items, 20);
  const naiveHeap = heapMiB(gc) - heap0;

  const engine = runEngine(compiled, items);
  const withLibrary = runEngine(compileRules(rules, { patternMatcher: modernAhoCorasick }), items);
  const naiveRun = runNaive(naive, items, NAIVE_SUBSET);
  const unicodeRun = runNaive(
    rules.map((r) => naiveCompile(r.when!, 'unicode')),
    items,
    UNICODE_NAIVE_SUBSET,
  );
  sameAnswers('modern-ahocorasick', engine.fired, withLibrary.fired);
  const firedOnSubset = sameAnswers('the naive engine', engine.fired, naiveRun.fired);
  sameAnswers('the naive engine with Unicode boundaries', engine.fired, unicodeRun.fired);
  const fired = engine.fired.reduce((a, b) => a + b, 0);

  const perAll = (r: EngineRun, n: number) => ((r.seconds / n) * items.length).toFixed(0);
  process.stderr.write(
    `  rules: ${RULES} rules, ${compiled.keywords.keywordCount} keywords, ${items.length} messages of ${WORDS_PER_MESSAGE} words; ` +
      `${fired} rule firings (${(fired / items.length).toFixed(2)} per message)\n` +
      `  engine ${engine.seconds.toFixed(2)} s; with modern-ahocorasick ${withLibrary.seconds.toFixed(2)} s; ` +
      `naive ${naiveRun.seconds.toFixed(1)} s for ${NAIVE_SUBSET} messages (≈ ${perAll(naiveRun, NAIVE_SUBSET)} s for all); ` +
      `naive with Unicode boundaries ${unicodeRun.seconds.toFixed(1)} s for ${UNICODE_NAIVE_SUBSET} (≈ ${perAll(unicodeRun, UNICODE_NAIVE_SUBSET)} s for all)\n` +
      `  same answers: all engines fired the same rules on every compared message (${firedOnSubset} firings on the first ${NAIVE_SUBSET})\n`,
  );
  const naiveName = `1 regex/keyword, first ${NAIVE_SUBSET} msgs, extrapolated`;
  const label = `${RULES} rules, ${compiled.keywords.keywordCount / 1000}k kw, ${items.length / 1000}k msgs`;
  return [
    result(`rules.evaluate (${label})`, 'msgs/s', engine.rate, naiveName, naiveRun.rate),
    result(
      `rules.evaluate (${label}), Unicode baseline`,
      'msgs/s',
      engine.rate,
      `same, Unicode word boundaries, first ${UNICODE_NAIVE_SUBSET} msgs`,
      unicodeRun.rate,
    ),
    result(`rules.evaluate, modern-ahocorasick automaton`, 'msgs/s', withLibrary.rate, naiveName, naiveRun.rate),
    result('rules.compile', 'ms', compileMs, 'new RegExp per keyword', naiveCompileMs),
    result('rules.compiled heap (heapUsed delta)', 'MiB', engineHeap, 'RegExp per keyword, warmed', naiveHeap),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run())
    console.log(
      `${r.name.padEnd(52)} ${r.value.toFixed(2).padStart(10)} ${r.unit.padEnd(6)} vs ${r.baselineName}: ${r.baseline.toFixed(2)} ${r.unit} (ratio ${r.ratio.toFixed(2)})`,
    );
}
