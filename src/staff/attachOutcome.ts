// What a citizen gets for the questions a clerk has just attached to an entry: the console asks the
// real assistant again, so its message is true ("Ботът вече отговаря…" only when it does). Pure.
import type { Decision } from '../answer/understand.js';

export interface AttachOutcome {
  /** Questions answered with the entry outright. */
  answered: string[];
  /** Questions still met with "Имате предвид…?" that offers the entry. */
  offered: string[];
  /** Questions answered with another entry, or not at all. */
  missed: string[];
}

export function attachOutcome(questions: Array<{ text: string; decision: Decision }>, entryId: string): AttachOutcome {
  const outcome: AttachOutcome = { answered: [], offered: [], missed: [] };
  for (const { text, decision } of questions) {
    if (decision.type === 'answer' && decision.entryId === entryId) outcome.answered.push(text);
    else if (decision.type === 'clarify' && decision.options.includes(entryId)) outcome.offered.push(text);
    else outcome.missed.push(text);
  }
  return outcome;
}
