// The languages the bot speaks, Bulgarian first, and the one locale each is formatted in. Every
// layer uses these, so they sit below all of them.
export type Lang = 'bg' | 'en';

export const LANGUAGES: readonly Lang[] = ['bg', 'en'];

/** The locale for dates, numbers and lists, and for outgoing activities (British English: day before month). */
export const LOCALE: Record<Lang, string> = { bg: 'bg-BG', en: 'en-GB' };
