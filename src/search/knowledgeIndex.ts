// The search over the knowledge base: a minisearch index with one field set per
// language, the Bulgarian pipeline on *_bg fields and the English one on *_en
// fields, and per-candidate coverage (the share of the question's content words
// that the candidate matched), which is what separates answerable questions
// from out-of-scope ones (docs/research.md §5.3).
import MiniSearch from 'minisearch';
import type { KnowledgeBase, EntryKind } from '../knowledge/types.js';
import { canonical, hasCyrillic, letterCount, tokenize } from './canonical.js';
import type { Message } from './message.js';
import { bulgarianMorphology } from './bulgarianDictionary.js';
import { lemmaTable } from './morphology.js';
import { TextPipeline } from './analyze.js';
import type { Lang } from '../common/lang.js';
import { FACETS, SEARCHED_FACETS, type Facet } from '../knowledge/lexiconSchema.js';
import { buildVocabulary, detectLanguage, type Vocabulary } from './language.js';
import { compileSynonyms, expandSynonyms, type SynonymTable } from './synonyms.js';

export type DocKind = EntryKind | 'intent';

interface IndexedDoc {
  id: string;
  kind: DocKind;
  title_bg: string;
  title_en: string;
  summary_bg: string;
  summary_en: string;
  examples_bg: string;
  examples_en: string;
  keywords_bg: string;
  keywords_en: string;
}

const FIELDS: Record<Lang, string[]> = {
  bg: ['title_bg', 'summary_bg', 'examples_bg', 'keywords_bg'],
  en: ['title_en', 'summary_en', 'examples_en', 'keywords_en'],
};

/** Field weights: a word in the title or keywords says more than one in an example question. */
const BOOST: Record<string, number> = {
  title_bg: 2, title_en: 2, keywords_bg: 1.5, keywords_en: 1.5, examples_bg: 1, examples_en: 1, summary_bg: 0.7, summary_en: 0.7,
};

/** Weight of a synonym's words against the words the citizen typed. */
const SYNONYM_WEIGHT = 0.5;

/** Weight of facet words ("колко струва", "документи") and bare numbers ("акт 16"): they help rank but name no service. */
const FACET_WEIGHT = 0.3;

/** How many top results are re-ranked by coverage. */
const RERANK_POOL = 10;

/** How much a key phrase of an entry found in the question ("акт 16", "такса смет") raises it in the ranking. */
const KEY_PHRASE_BOOST = 1.5;

const rankOf = (c: Candidate) => c.score * c.coverage * c.coverage * (c.keyPhrase ? KEY_PHRASE_BOOST : 1);

/** Coverage credit for a word matched only approximately (typo or prefix) rather than exactly. */
const APPROXIMATE_CREDIT = 0.6;

/** How much a modifier or a frame (lexicon/weak.yaml) weighs in coverage against a word that names the matter. */
const WEAK_WEIGHT = 0.5;

/** How many of a question's rarest known words say what it is about (`focus`). */
const FOCUS_WORDS = 3;

/** The words no entry knows count together at most as much as this many such words (see attempt()). */
const UNKNOWN_CAP = 2;

/**
 * Each entry's key phrases and their variants with one synonym put in ("данък кола" is also
 * "данък автомобил" and "данък мпс"), so a citizen's everyday word finds the entry's own term.
 */
function withSynonyms(phrases: Map<string, string[][]>, table: SynonymTable): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const [id, list] of phrases) {
    const variants = new Map(list.map((p) => [p.join(' '), p]));
    for (const phrase of list) {
      for (const group of table) {
        for (const member of group) {
          for (let at = 0; at + member.length <= phrase.length; at += 1) {
            if (!member.every((k, j) => phrase[at + j] === k)) continue;
            for (const other of group) {
              if (other === member) continue;
              const variant = [...phrase.slice(0, at), ...other, ...phrase.slice(at + member.length)];
              if (variant.length >= 2) variants.set(variant.join(' '), variant);
            }
          }
        }
      }
    }
    out.set(id, [...variants.values()]);
  }
  return out;
}

/** Where a sequence of keys occurs, in order and next to each other, in another. */
function positionsOf(keys: string[], phrase: string[]): number[] {
  return keys.flatMap((_, i) => (phrase.every((k, j) => keys[i + j] === k) ? [i] : []));
}

function containsSequence(keys: string[], phrase: string[]): boolean {
  return positionsOf(keys, phrase).length > 0;
}

const isNumberKey = (key: string) => /^\d+$/.test(key);

export interface Candidate {
  id: string;
  kind: DocKind;
  score: number;
  /** Share of the question's content words this candidate matched, 0–1 (approximate matches count for less). */
  coverage: number;
  /** Share of the question's few most informative known words (rarest in the knowledge base) it matched. */
  focus: number;
  /** How many of the question's content words it matched at all. */
  matchedWords: number;
  /** How many of them can carry an answer (modifiers and frames not counted). */
  carriers: number;
  /** The question contains one of the entry's key phrases (a keyword or title of two words or more). */
  keyPhrase: boolean;
  /** The candidate matched a word that can carry an answer: not only a modifier or a frame. */
  carried: boolean;
}

export interface SearchResult {
  lang: Lang;
  /** False when the words did not tell the language and it was inferred. */
  langCertain: boolean;
  /** Parts of a service the question asks about (fee, documents, …). */
  facets: Facet[];
  /** Number of distinct content words in the question (after stop and facet words). */
  contentWords: number;
  /** Those content words as search keys, in order: what the answer may look for in an entry's lines. */
  contentKeys: string[];
  /** How many of them no entry of the knowledge base has at all. */
  unknownWords: number;
  /** Best first. */
  candidates: Candidate[];
}

export interface SearchOptions {
  /** Language to assume when the question's words do not tell (the conversation's). */
  fallbackLang?: Lang;
  /** How many candidates to return; default 5. */
  limit?: number;
}

const isEnglishField = (field?: string) => field?.endsWith('_en') ?? false;
const fuzzy = (term: string) => (letterCount(term) >= 5 ? 0.2 : false);
const prefix = (term: string) => letterCount(term) >= 4;

function toDoc(kb: KnowledgeBase): IndexedDoc[] {
  const join = (xs: string[]) => xs.join(' \n ');
  const docs: IndexedDoc[] = kb.entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    title_bg: e.title.bg,
    title_en: e.title.en,
    summary_bg: e.summary.bg,
    summary_en: e.summary.en,
    examples_bg: join(e.examples.bg),
    examples_en: join(e.examples.en),
    keywords_bg: join(e.keywords.bg),
    keywords_en: join(e.keywords.en),
  }));
  for (const intent of kb.intents) {
    docs.push({
      id: intent.id, kind: 'intent', title_bg: '', title_en: '', summary_bg: '', summary_en: '',
      examples_bg: join(intent.examples.bg), examples_en: join(intent.examples.en),
      keywords_bg: join(intent.keywords.bg), keywords_en: join(intent.keywords.en),
    });
  }
  return docs;
}

/** The Cyrillic words of the knowledge base's Bulgarian texts and word lists: whose forms the pipeline brings to one key. */
function bulgarianWords(kb: KnowledgeBase, docs: IndexedDoc[]): Set<string> {
  const texts = [
    ...docs.flatMap((d) => [d.title_bg, d.summary_bg, d.examples_bg, d.keywords_bg]),
    ...kb.synonyms.flat(),
    ...FACETS.flatMap((f) => kb.lexicon.facets[f].bg),
    ...kb.lexicon.weak.bg,
  ];
  return new Set(texts.flatMap(tokenize).filter(hasCyrillic).map((w) => w.toLowerCase()));
}

interface Attempt {
  lang: Lang;
  facets: Facet[];
  contentWords: number;
  contentKeys: string[];
  unknownWords: number;
  candidates: Candidate[];
}

/** Whether the sentence the word at `i` stands in ends with a question mark. */
function endsInQuestion(message: Message, i: number): boolean {
  const end = /[.!?…\n]/u.exec(message.text.slice(message.spans[i].end));
  return end?.[0] === '?';
}

export class KnowledgeIndex {
  private constructor(
    private readonly mini: MiniSearch<IndexedDoc>,
    /** The text pipeline of this knowledge base's word lists; everyone who reads messages uses it. */
    readonly pipeline: TextPipeline,
    private readonly synonyms: Record<Lang, SynonymTable>,
    /** Each entry's key phrases as search keys: keywords and title parts of two words or more. */
    private readonly phrases: Record<Lang, Map<string, string[][]>>,
    /** Each entry's words that rule it out (`excludes`), as search keys. */
    private readonly excludes: Record<Lang, Map<string, string[][]>>,
    /** Modifiers and frames (lexicon/weak.yaml), as search keys. */
    private readonly weak: Record<Lang, Set<string>>,
    readonly vocabulary: Vocabulary,
    readonly documentCount: number,
    /** Coverage credit for a word an entry has only in its example questions (lexicon/decisions.yaml). */
    private readonly exampleCredit: number,
  ) {
    const numbered = (lang: Lang) => [...phrases[lang].values()].flat().filter((p) => p.some(isNumberKey));
    this.numberedPhrases = { bg: numbered('bg'), en: numbered('en') };
  }

  /** Key phrases with a number in them ("акт 16", "Act 16"): there the number names the matter. */
  private readonly numberedPhrases: Record<Lang, string[][]>;

  static build(kb: KnowledgeBase): KnowledgeIndex {
    const docs = toDoc(kb);
    const pipeline = new TextPipeline(kb.lexicon, lemmaTable(bulgarianMorphology(), bulgarianWords(kb, docs), canonical, undefined, kb.lexicon.derivation.bg));
    const mini = new MiniSearch<IndexedDoc>({
      fields: [...FIELDS.bg, ...FIELDS.en],
      storeFields: ['kind'],
      processTerm: (term, field) => pipeline.termKey(term, isEnglishField(field) ? 'en' : 'bg'),
    });
    mini.addAll(docs);
    const vocabulary = buildVocabulary(
      docs.flatMap((d) => [d.title_bg, d.summary_bg, d.examples_bg, d.keywords_bg]),
      docs.flatMap((d) => [d.title_en, d.summary_en, d.examples_en, d.keywords_en]),
      kb.lexicon.stopwords,
    );
    const synonyms = { bg: compileSynonyms(kb.synonyms, 'bg', pipeline), en: compileSynonyms(kb.synonyms, 'en', pipeline) };
    const perEntry = (lang: Lang, texts: (e: KnowledgeBase['entries'][number]) => string[], min: number) =>
      new Map(kb.entries.map((e) => [e.id, texts(e).map((t) => pipeline.analyzeText(t, lang)).filter((keys) => keys.length >= min)]));
    // A title's parts ("Разрешение за строеж (разрешително за строеж)") are phrases of their own.
    const titleParts = (title: string) => title.split(/[()–—,;:]/).map((p) => p.trim()).filter(Boolean);
    const keyPhrases = (lang: Lang) => withSynonyms(perEntry(lang, (e) => [...e.keywords[lang], ...titleParts(e.title[lang])], 2), synonyms[lang]);
    const exclusions = (lang: Lang) => perEntry(lang, (e) => e.excludes?.[lang] ?? [], 1);
    const weak = (lang: Lang) => new Set(kb.lexicon.weak[lang].map((w) => pipeline.termKey(w, lang)).filter((k): k is string => k !== null));
    return new KnowledgeIndex(
      mini,
      pipeline,
      synonyms,
      { bg: keyPhrases('bg'), en: keyPhrases('en') },
      { bg: exclusions('bg'), en: exclusions('en') },
      { bg: weak('bg'), en: weak('en') },
      vocabulary,
      docs.length,
      kb.lexicon.decisions.example_credit,
    );
  }

  search(message: Message, options: SearchOptions = {}): SearchResult {
    const limit = options.limit ?? 5;
    const detected = detectLanguage(message, this.vocabulary);
    const attempts = message.cyrillic ? [this.attempt(message, 'bg', limit)] : [this.attempt(message, 'bg', limit), this.attempt(message, 'en', limit)];
    // Latin text may be English or Bulgarian typed in Latin letters: keep the reading that explains more of it.
    const rank = (a: Attempt) => (a.candidates[0]?.coverage ?? -1) + (a.lang === detected ? 0.001 : 0);
    const best = attempts.reduce((a, b) => (rank(b) > rank(a) ? b : a));
    const lang = detected ?? (best.candidates.length > 0 ? best.lang : options.fallbackLang ?? 'bg');
    return { lang, langCertain: detected !== undefined, facets: best.facets, contentWords: best.contentWords, contentKeys: best.contentKeys, unknownWords: best.unknownWords, candidates: best.candidates };
  }

  private attempt(message: Message, lang: Lang, limit: number): Attempt {
    const tokens = this.pipeline.queryTokens(message, lang);
    const words = tokens.filter((t) => !t.stop);
    const keys = words.map((w) => w.key);
    const expansions = expandSynonyms(keys, this.synonyms[lang]);
    const inPhrase = new Set(expansions.flatMap((e) => e.covers));
    // A facet word that is part of a known phrase ("такса смет") names the matter, not a facet.
    // A number is a date, an amount or a duration ("от 40 години"), except in a phrase that a number
    // names ("акт 16"): there it is what the message is about, and rare in the knowledge.
    const named = new Set(this.numberedPhrases[lang].flatMap((p) => positionsOf(keys, p).flatMap((at) => p.flatMap((k, j) => (isNumberKey(k) ? [at + j] : [])))));
    const isNumber = (i: number) => isNumberKey(keys[i]) && !named.has(i);
    // A facet word is asked of whatever service is meant, so it is not searched for, except a facet
    // that no entry names in its own words ("двамата", "лично"): taking such a word out would only
    // make the rest of a long story look better explained than it is.
    const asksPart = (i: number) => words[i].facet !== undefined && !inPhrase.has(i) && !SEARCHED_FACETS.has(words[i].facet!);
    const content = words.map((w, i) => i).filter((i) => !asksPart(i) && !isNumber(i));
    // A question word that asks for a part ("къде", "where") is a stop word for the search, yet says
    // which part is asked, when it stands in a question ("нямат къде да играят." asks nothing).
    const asks = message.sentences.some((s) => s.type === 'question');
    const askedByStopWords = tokens.flatMap((t, i) => (t.stop && t.facet && (!asks || endsInQuestion(message, i)) ? [t.facet] : []));
    const facets = [...new Set([...words.filter((w, i) => w.facet && !inPhrase.has(i)).map((w) => w.facet!), ...askedByStopWords])];
    if (content.length === 0) return { lang, facets, contentWords: 0, contentKeys: [], unknownWords: 0, candidates: [] };

    const weights = new Map<string, number>();
    words.forEach((w, i) => {
      if (asksPart(i) || isNumber(i)) weights.set(w.key, FACET_WEIGHT);
    });
    for (const e of expansions) for (const k of e.keys) weights.set(k, SYNONYM_WEIGHT);
    for (const i of content) weights.set(keys[i], 1);

    const results = this.mini.search([...weights.keys()].join(' '), {
      fields: FIELDS[lang],
      tokenize: (s) => s.split(' '),
      processTerm: (t) => t,
      boost: BOOST,
      boostTerm: (term) => weights.get(term) ?? 1,
      fuzzy,
      prefix,
      maxFuzzy: 2,
    });

    // How much each content word says: rare in the knowledge base, much (BM25's idf); in every
    // entry, little. A word that no entry has at all counts fully against every candidate, but the
    // unknown words of a long message together count at most as UNKNOWN_CAP words do: a long,
    // chatty message has many words that are about nothing the bot could answer.
    const unique = [...new Map(content.map((i) => [keys[i], i])).values()];
    // Each word with the synonyms that stand for it: what an entry may match in its place.
    const forms = unique.map((i) => [keys[i], ...expansions.filter((e) => e.covers.includes(i)).flatMap((e) => e.keys)]);
    const df = forms.map((f) => results.reduce((count, r) => count + (f.some((k) => r.queryTerms.includes(k)) ? 1 : 0), 0));
    const n = this.documentCount;
    // A modifier or a frame ("нов", "автомобил", "permission") says less about the matter than its rarity suggests.
    const idf = df.map((d, j) => Math.log(1 + (n - d + 0.5) / (d + 0.5)) * (this.weak[lang].has(keys[unique[j]]) ? WEAK_WEIGHT : 1));
    const unknown = df.map((d) => d === 0);
    const unknownMass = idf.reduce((sum, w, j) => sum + (unknown[j] ? w : 0), 0);
    const unknownCount = unknown.filter(Boolean).length;
    const cappedUnknown = unknownCount > UNKNOWN_CAP ? (unknownMass * UNKNOWN_CAP) / unknownCount : unknownMass;
    const knownMass = idf.reduce((sum, w, j) => sum + (unknown[j] ? 0 : w), 0);
    const mass = knownMass + cappedUnknown;
    // The message's most informative words that the knowledge base knows: what it is about.
    const focusWords = unique
      .map((_, j) => j)
      .filter((j) => !unknown[j] && !this.weak[lang].has(keys[unique[j]]))
      .sort((a, b) => idf[b] - idf[a])
      .slice(0, FOCUS_WORDS);
    const focusMass = focusWords.reduce((sum, j) => sum + idf[j], 0);
    const phrases = this.phrases[lang];
    const excluded = this.excludes[lang];

    // Coverage is computed for a wider pool than is returned, because re-ranking may promote from it.
    const pool = results.slice(0, Math.max(limit, RERANK_POOL)).flatMap((r) => {
      const id = String(r.id);
      if ((excluded.get(id) ?? []).some((p) => containsSequence(keys, p))) return [];
      const matched = new Set(r.queryTerms);
      const exact = new Set(r.terms);
      // A word an entry has only in its example questions may be a word of their stories ("почина в
      // болницата"), not of the matter: it explains less than a word of the title, summary or keywords.
      const named = new Set(Object.entries(r.match).filter(([, fields]) => fields.some((f) => !f.startsWith('examples_'))).map(([term]) => term));
      const credit = (k: string) => (named.has(k) ? 1 : this.exampleCredit);
      const credits = forms.map((f): number => {
        const hit = f.find((k) => exact.has(k));
        if (hit) return credit(hit);
        const near = f.find((k) => matched.has(k));
        return near ? APPROXIMATE_CREDIT * credit(near) : 0;
      });
      const explained = credits.reduce((sum, c, j) => sum + c * (unknown[j] ? 0 : idf[j]), 0);
      const coverage = mass > 0 ? explained / mass : 0;
      const focus = focusMass > 0 ? focusWords.reduce((sum, j) => sum + credits[j] * idf[j], 0) / focusMass : 0;
      const keyPhrase = (phrases.get(id) ?? []).some((p) => containsSequence(keys, p));
      // A modifier or a frame ("дървен", "permission") matched alone carries no answer.
      const carriers = unique.filter((i, j) => credits[j] > 0 && !this.weak[lang].has(keys[i])).length;
      const carried = keyPhrase || carriers > 0;
      return [{ id, kind: r.kind as DocKind, score: r.score, coverage, focus, matchedWords: credits.filter((c) => c > 0).length, carriers, keyPhrase, carried }];
    });
    // BM25 says how strongly a candidate matches, coverage how much of the question it explains:
    // an entry that explains the whole question beats one that repeats a single word often.
    const candidates = pool.sort((a, b) => rankOf(b) - rankOf(a)).slice(0, limit);
    return { lang, facets, contentWords: unique.length, contentKeys: unique.map((i) => keys[i]), unknownWords: unknownCount, candidates };
  }
}
