// Each answer card's rating buttons carry the card's own id, so that a second tap on the same card
// replaces the first rating rather than counting twice. Every renderer of a card (Adaptive Card,
// Viber keyboard, Messenger quick replies) stamps its buttons the same way.
import { randomBytes } from 'node:crypto';
import type { ActionValue, AnswerView, ViewAction } from './answerView.js';

export const newCardId = (): string => randomBytes(6).toString('base64url');

/** The view's rating buttons, stamped with the card's id. */
export function ratingActions(view: AnswerView, card: string): ViewAction[] {
  return (view.rating?.actions ?? []).map((a) => ({ ...a, value: stamped(a.value, card) }));
}

function stamped(value: ActionValue, card: string): ActionValue {
  return value.action === 'rate' ? { ...value, card } : value;
}
