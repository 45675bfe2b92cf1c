// The shape of the word lists in knowledge/lexicon/: the language data the bot reads messages
// with (stop words, facet words, the words of practical questions and of problem reports). They
// are data so that a linguist or a clerk extends them without a release; `npm run kb:check`
// validates them like the rest of the knowledge.
import { z } from 'zod';
import { HOLIDAY_IDS } from '../dates/holidays.js';
import { SPEEDS, WEEKDAYS } from './schema.js';

const word = z.string().trim().min(1, 'must not be empty');

/** Words or phrases of one list, in both languages; a language may be left empty. */
export const WordList = z.object({ bg: z.array(word).default([]), en: z.array(word).default([]) }).strict();

/** The parts of a service a question can ask about. */
export const FACETS = ['fee', 'documents', 'deadline', 'where', 'speed', 'when', 'who'] as const;
export type Facet = (typeof FACETS)[number];
/** Facets whose words the search still counts as the question's own: they are not parts that every service has. */
export const SEARCHED_FACETS: ReadonlySet<Facet> = new Set(['who']);

export const StopwordsFile = z
  .object({
    bg: z.array(word).min(1),
    en: z.array(word).min(1),
    /** A message made only of greetings and thanks gets a short reply, not a search. */
    greetings: z.array(word).min(1),
    thanks: z.array(word).min(1),
    /** A goodbye gets a goodbye ("довиждане", "чао", "bye"); optional. */
    goodbyes: z.array(word).default([]),
    /** Words that go with small talk without changing it ("много", "a lot", "ок", "супер"); optional. */
    fillers: z.array(word).default([]),
  })
  .strict();

/**
 * Endings that derive Bulgarian words from one another (lexicon/derivation.yaml): each group is the
 * endings one stem takes across a family ("ирам", "иране", "ация"). See morphology.ts.
 */
export const DerivationFile = z.object({ bg: z.array(z.array(word).min(2)) }).strict();

/** `who` (who may apply, whether one must come in person) came later: a knowledge folder may leave it out. */
export const FacetsFile = z
  .object({
    fee: WordList,
    documents: WordList,
    deadline: WordList,
    where: WordList,
    speed: WordList,
    when: WordList,
    who: WordList.default({ bg: [], en: [] }),
  } satisfies Record<Facet, z.ZodType>)
  .strict();

const weekdayLists = Object.fromEntries(WEEKDAYS.map((d) => [d, WordList])) as Record<(typeof WEEKDAYS)[number], typeof WordList>;
const speedLists = Object.fromEntries(SPEEDS.map((s) => [s, WordList])) as Record<(typeof SPEEDS)[number], typeof WordList>;

export const PracticalFile = z
  .object({
    hours: z
      .object({
        state: WordList,
        hours: WordList,
        self: WordList,
        filler: WordList,
        until: WordList,
        how_late: WordList,
        now: WordList,
        today: WordList,
        tomorrow: WordList,
        weekdays: z.object(weekdayLists).strict(),
        holidays: z.partialRecord(z.enum(HOLIDAY_IDS), WordList),
        months: z.object({ bg: z.array(word).length(12, 'list the twelve months, January first'), en: z.array(word).length(12, 'list the twelve months, January first') }).strict(),
        ordinals: WordList,
      })
      .strict(),
    service: z
      .object({
        speeds: z.object(speedLists).strict(),
        price: WordList,
        ready: WordList,
        apply: WordList,
        which_day: WordList,
        generic: WordList,
      })
      .strict(),
  })
  .strict();

/**
 * The language of problem reports in general, whatever the object (lexicon/reports.yaml).
 * A category of signals/ adds the words of its own objects and faults.
 */
export const ReportsFile = z
  .object({
    /** What is wrong, said of any object: "счупен*", "не работи", "опасн*". */
    faults: WordList,
    /** Asking the municipality to act, on their own: "моля да", "нека общината", "да се вземат мерки". */
    requests: WordList,
    /** Questions and wishes that ask for action when an action follows: "кога ще" + "почистят". */
    request_forms: WordList,
    /** What the municipality does about a problem: "почист*", "ремонтир*", "извоз*". */
    actions: WordList,
    /** The citizen's own property ("в двора ми"): the matter is then more likely a permit than a report. */
    own_property: WordList,
    /** Words of indignation that mark a complaint: "безобразие", "недопустимо". */
    complaints: WordList,
    /** "от два месеца", "for three weeks": a number or number word followed by a unit of time. */
    durations: z.object({ units: WordList, numbers: WordList }).strict(),
    /** Words that only open a complaint ("Искам да подам жалба срещу служител"): such a message is not yet its description. */
    openers: WordList,
    /** Words that introduce a place: "ул.", "кв.", "с.", "street". */
    place_markers: WordList,
    /**
     * How a problem is told, whatever the thing that is wrong: a message with enough of these cues
     * (see `narrative_cues` in lexicon/decisions.yaml) is a report even when no category names it.
     */
    narrative: z
      .object({
        /** A state that lasts or repeats: "все още", "от години", "всеки ден", "отново". */
        ongoing: WordList,
        /** Something missing or nobody acting: "няма", "никой не", "нищо не". */
        absence: WordList,
        /** The people affected: "живеем", "съседите", "нашата улица", "децата ни". */
        residents: WordList,
        /** The municipality or those in charge addressed: "общината", "кмете", "отговорните". */
        addressee: WordList,
      })
      .strict(),
    /** Words that make a message a question: "как", "къде", "може ли", "трябва ли", "how". */
    questions: WordList,
    /** Words that ask whether something holds ("полага ли ми се", "can I"): a question about one detail. Optional. */
    whether: WordList.default({ bg: [], en: [] }),
  })
  .strict();

/**
 * The numbers the bot decides with (lexicon/decisions.yaml): written by `npm run fit` from the tuning
 * part of the real-message corpus (eval/real/tuning.tsv), not by hand. See understand.ts.
 */
export const DecisionsFile = z
  .object({
    thresholds: z
      .object({
        suggest: z.number().min(0).max(1),
        answerCoverage: z.number().min(0).max(1),
        tieRatio: z.number().min(0).max(1),
        keyPhraseCoverage: z.number().min(0).max(1),
        leadCoverage: z.number().min(0).max(1),
        leadRatio: z.number().min(0).max(1),
        // Above 1: a report is never answered with a service.
        serviceOverReport: z.number().min(0).max(2),
        // Above 1: never.
        focusSuggest: z.number().min(0).max(2),
        questionSuggest: z.number().min(0).max(2),
        // Above 1: never.
        redirectLead: z.number().min(0).max(2),
        // Added later, so optional: above 1 (the default), never.
        redirectFocus: z.number().min(0).max(2).default(1.01),
        redirectRival: z.number().min(0).max(1).default(0.5),
      })
      .strict(),
    /** How many kinds of narrative cue make a message a report that no category names. */
    narrative_cues: z.number().int().min(1),
    /** How many content words make a statement that asks nothing and that no entry answers a report. */
    /** How many content words make a question long enough to be offered entries that explain little of it. */
    long_question_words: z.number().int().min(1),
    statement_words: z.number().int().min(1),
    /** …and how many kinds of narrative cue it must show. */
    statement_cues: z.number().int().min(0),
    /** How many kinds of narrative cue make a "did you mean" offer to register the message as a problem too. */
    report_option_cues: z.number().int().min(0),
    /** How much a word explains that an entry has only in its example questions, against a word of its title, summary or keywords. */
    example_credit: z.number().min(0).max(1),
    /** What the values were fitted on, and how well they did there (for the record). */
    fitted: z.object({ on: z.string(), date: z.string(), cases: z.number().int(), score: z.number() }).strict().optional(),
  })
  .strict();

export type WordList = z.infer<typeof WordList>;
export type DecisionsFile = z.infer<typeof DecisionsFile>;
export type ReportsFile = z.infer<typeof ReportsFile>;
export type StopwordsFile = z.infer<typeof StopwordsFile>;
export type DerivationFile = z.infer<typeof DerivationFile>;
export type FacetsFile = z.infer<typeof FacetsFile>;
export type PracticalFile = z.infer<typeof PracticalFile>;

/** Every word list the bot reads messages with. */
export interface Lexicon {
  stopwords: StopwordsFile;
  facets: FacetsFile;
  practical: PracticalFile;
  reports: ReportsFile;
  /** Modifiers and frames: words that help a match but never carry an answer alone (weak.yaml). */
  weak: WordList;
  /** Endings of derived words, read as one word (derivation.yaml; optional: without it, none). */
  derivation: DerivationFile;
  /** The fitted thresholds of answer / "did you mean" / abstain and of narrative reports (decisions.yaml). */
  decisions: DecisionsFile;
}
