// All user-facing sentences come from locales/<lang>.json through i18next.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { LRUCache } from 'lru-cache';
import { LANGUAGES, type Lang } from './lang.js';


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
  // The resources never change after loading, so a translation is a pure function of its key and
  // options: each language's translate function is made once and remembers its answers (a card
  // takes some forty translations, most of them the same on every card).
  const plain = instance.getFixedT.bind(instance);
  const fixed = new Map<string, TFunction>();
  instance.getFixedT = ((lng: unknown, ...rest: unknown[]) => {
    if (typeof lng !== 'string' || rest.some((r) => r !== undefined && r !== null)) return (plain as (...a: unknown[]) => TFunction)(lng, ...rest);
    let t = fixed.get(lng);
    if (!t) fixed.set(lng, (t = remembering(plain(lng))));
    return t;
  }) as typeof instance.getFixedT;
  return instance;
}

const REMEMBERED = 20_000;

/** Options that are a flat record of strings, numbers and booleans (or none): safe to key a memo on. */
function isPlain(options: unknown): boolean {
  if (options === undefined) return true;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return false;
  return Object.values(options).every((v) => v === undefined || v === null || ['string', 'number', 'boolean'].includes(typeof v));
}

function remembering(t: TFunction): TFunction {
  const memo = new LRUCache<string, { value: unknown }>({ max: REMEMBERED });
  const call = t as unknown as (...args: unknown[]) => unknown;
  const wrapped = (key: unknown, options?: unknown, ...rest: unknown[]) => {
    if (typeof key !== 'string' || rest.length > 0 || !isPlain(options)) return call(key, options, ...rest);
    const id = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`;
    const hit = memo.get(id);
    if (hit) return hit.value;
    const value = call(key, options);
    memo.set(id, { value });
    return value;
  };
  return Object.assign(wrapped, t) as unknown as TFunction;
}

export type I18n = ReturnType<typeof createI18n>;

const translators = new WeakMap<I18n, Map<Lang, Translate>>();

/** The translate function of one language, made once per instance and language. */
export function translator(i18n: I18n, lang: Lang): Translate {
  let byLang = translators.get(i18n);
  if (!byLang) translators.set(i18n, (byLang = new Map()));
  let t = byLang.get(lang);
  if (!t) byLang.set(lang, (t = i18n.getFixedT(lang)));
  return t;
}
