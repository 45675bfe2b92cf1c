// All user-facing sentences come from locales/<lang>.json through i18next.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import type { Lang } from './search/analyze.js';

export const LANGUAGES: readonly Lang[] = ['bg', 'en'];

export type Translate = TFunction;

/** A ready i18next instance with every language loaded synchronously. */
export function createI18n(localesDir: string) {
  const instance = i18next.createInstance();
  const resources = Object.fromEntries(
    LANGUAGES.map((lang) => [lang, { translation: JSON.parse(readFileSync(join(localesDir, `${lang}.json`), 'utf8')) }]),
  );
  void instance.init({
    resources,
    lng: 'bg',
    fallbackLng: 'bg',
    initAsync: false,
    interpolation: { escapeValue: false }, // renderers escape for their own medium
    returnNull: false,
  });
  return instance;
}

export type I18n = ReturnType<typeof createI18n>;

/** The translate function of one language. */
export function translator(i18n: I18n, lang: Lang): Translate {
  return i18n.getFixedT(lang);
}
