// Offers the bot makes and the citizen answers with yes or no on the next turn: registering a
// recognised report, and "Имате предвид X?" when a "did you mean" has a single candidate. The
// offer waits in the conversation's state; any other message sets it aside. Pure.
import type { Facet } from '../knowledge/lexiconSchema.js';
import type { FeedbackKind } from '../knowledge/schema.js';
import type { ReportReading } from './reports.js';

/** A problem report recognised in a message, waiting for the citizen's yes to be registered. */
export interface ReportOffer {
  kind: 'report';
  category: string;
  feedbackKind: FeedbackKind;
  /** The citizen's own message: it becomes the description, never asked for again. */
  description: string;
  location?: string;
  /** The entry of the question log that holds the message, so staff see it until it is registered. */
  questionId?: string;
}

/** "Имате предвид X?": the one candidate of a "did you mean", waiting for yes or no. */
export interface EntryOffer {
  kind: 'entry';
  entryId: string;
  facets: Facet[];
}

export type PendingOffer = ReportOffer | EntryOffer;

export function reportOffer(report: ReportReading, message: string, questionId?: string): ReportOffer {
  return {
    kind: 'report',
    category: report.category.id,
    feedbackKind: report.kind,
    description: message.trim(),
    ...(report.place ? { location: report.place } : {}),
    ...(questionId ? { questionId } : {}),
  };
}

const normalise = (text: string) =>
  text
    .toLocaleLowerCase('bg')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Reads yes (true), no (false) or neither (undefined), with the words for each (locales: commands.yes, commands.no). */
export function yesNoReader(words: { yes: string[]; no: string[] }): (text: string) => boolean | undefined {
  const yes = new Set(words.yes.map(normalise));
  const no = new Set(words.no.map(normalise));
  return (text) => {
    const typed = normalise(text);
    if (yes.has(typed)) return true;
    if (no.has(typed)) return false;
    return undefined;
  };
}
