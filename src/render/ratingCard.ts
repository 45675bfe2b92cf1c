// Each answer card's rating buttons carry the card's own id, so that a second tap on the same card
// replaces the first rating rather than counting twice. Every renderer of a card (Adaptive Card,
// Viber keyboard, Messenger quick replies) stamps its buttons the same way.
import { randomBytes } from 'node:crypto';
import type { ActionValue, AnswerView, ViewAction } from './answerView.js';

/** Random bytes drawn for 256 card ids at once: a draw for each card took about ten times as long as cutting an id from the pool. */
const ID_BYTES = 6;
let pool = Buffer.alloc(0);
let next = 0;

export function newCardId(): string {
  if (next + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * 256);
    next = 0;
  }
  next += ID_BYTES;
  return pool.toString('base64url', next - ID_BYTES, next);
}

/** The view's rating buttons, stamped with the card's id. */
export function ratingActions(view: AnswerView, card: string): ViewAction[] {
  return (view.rating?.actions ?? []).map((a) => ({ ...a, value: stamped(a.value, card) }));
}

function stamped(value: ActionValue, card: string): ActionValue {
  return value.action === 'rate' ? { ...value, card } : value;
}
