// The few words a citizen types to steer the conversation rather than to ask: yes and no to an
// offer, "статус ПТ-…", the name of the other language, a button's number. The words come from
// locales/ (commands.*, bot.switchLanguage) and are read once. Pure after construction.
import { readStatusRequest, type StatusRequest } from '../feedback/statusRequest.js';
import type { I18n } from '../common/i18n.js';
import type { ActionValue } from '../render/answerView.js';
import type { Lang } from '../common/lang.js';
import { yesNoReader } from './offers.js';

export interface CommandReader {
  /** Yes or no in either language, typed or as a button's title. */
  yesNo(text: string): boolean | undefined;
  /** "статус ПТ-2026-000123", "status", a bare reference number, each possibly followed by the access code. */
  statusRequest(text: string, referencePrefix: string): StatusRequest | undefined;
  /** "English", "Български", "en", "bg": the labels of the language buttons, typed or tapped. */
  language(text: string): Lang | undefined;
}

export function commandReader(i18n: I18n): CommandReader {
  const list = (key: string) => ['bg', 'en'].flatMap((l) => i18n.getFixedT(l)(key, { returnObjects: true }) as unknown as string[]);
  const yesNo = yesNoReader({ yes: list('commands.yes'), no: list('commands.no') });
  const statusWords = list('commands.status');
  // Each language's button is labelled in the other language ("English" on the Bulgarian side).
  const labels = (['bg', 'en'] as const).map((lang) => ({ lang, label: i18n.getFixedT(lang === 'bg' ? 'en' : 'bg')('bot.switchLanguage').toLocaleLowerCase('bg') }));
  return {
    yesNo,
    statusRequest: (text, prefix) => readStatusRequest(text, prefix, statusWords),
    language(text) {
      const typed = text.toLocaleLowerCase('bg').replace(/[.!]+$/, '');
      return labels.find(({ lang, label }) => typed === label || typed === lang)?.lang;
    },
  };
}

/** "2" typed after a reply with buttons picks the second button (text-only channels list them numbered). */
export function numberedChoice(text: string | undefined, lastActions: readonly ActionValue[] | undefined): ActionValue | undefined {
  const n = /^\s*(\d{1,2})\s*\.?\s*$/.exec(text ?? '')?.[1];
  return n ? lastActions?.[Number(n) - 1] : undefined;
}
