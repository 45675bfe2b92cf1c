// Whether a button's value, as it comes back from a channel, is one of the bot's own actions. A
// channel hands back whatever a client sends, so everything is checked before it is trusted. Pure.
import { FACETS } from '../knowledge/lexiconSchema.js';
import type { ActionValue } from '../render/answerView.js';

/** A card id is a few random characters (bot/activityRenderer.ts); anything longer is not ours. */
const MAX_CARD_ID = 32;

export function isActionValue(value: unknown): value is ActionValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  switch (v.action) {
    case 'entry':
      return typeof v.id === 'string' && (v.facets === undefined || (Array.isArray(v.facets) && v.facets.every((f) => (FACETS as readonly unknown[]).includes(f))));
    case 'ask':
      return typeof v.text === 'string';
    case 'language':
      return v.lang === 'bg' || v.lang === 'en';
    case 'rate':
      return typeof v.id === 'string' && typeof v.useful === 'boolean' && (v.card === undefined || (typeof v.card === 'string' && v.card.length <= MAX_CARD_ID));
    case 'answer':
      return typeof v.yes === 'boolean';
    case 'feedback':
    case 'status':
    case 'report':
      return true;
    default:
      return false;
  }
}
