// Issue 22, item 1: the claims a check against public sources found wrong in the live knowledge, and
// the matters it found untold. Each case reads the entry as a clerk left it: the wrong claim is gone and
// the right one is there, in Bulgarian and in English; each report reaches the body that deals with it.
import { describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import type { Lang } from '../../src/common/lang.js';
import { liveKnowledgeDir, paths } from '../support/paths.js';

const assistant = await Assistant.load({ ...paths, knowledgeDir: liveKnowledgeDir });

/** The parts of an entry that are not its facts: how citizens ask, and where the facts come from. */
const NOT_FACTS = new Set(['examples', 'keywords', 'excludes', 'sources']);

/** Every text of an entry in one language: its title, summary, documents, notes, body, … */
function textsOf(id: string, lang: Lang): string[] {
  const entry = assistant.kb.byId.get(id);
  if (!entry) throw new Error(`no entry ${id}`);
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o[lang] === 'string') out.push(o[lang]);
      Object.entries(o).forEach(([k, x]) => k !== 'bg' && k !== 'en' && !NOT_FACTS.has(k) && walk(x));
    }
  };
  walk(entry);
  return out;
}

const sentencesOf = (id: string, lang: Lang) => textsOf(id, lang).flatMap((t) => t.split(/(?<=[.;])\s+(?=\p{Lu})/u));
const some = (id: string, lang: Lang, ...patterns: RegExp[]) => textsOf(id, lang).some((t) => patterns.every((p) => p.test(t)));

describe('a. acquisition-tax: a gift of real estate or a vehicle', () => {
  it('is not given the 2-month declaration, which applies only to other property', () => {
    const months = { bg: /2 месеца|2-месечен|двумесечен/, en: /2 months|2-month|two months/ };
    const other = { bg: /друго|различно от недвижим/, en: /other property|other than real estate|not to real estate/ };
    for (const lang of ['bg', 'en'] as const) {
      const offending = sentencesOf('acquisition-tax', lang).filter((s) => months[lang].test(s) && !other[lang].test(s));
      expect(offending).toEqual([]);
    }
  });

  it('has its tax paid at the notary or the transfer, without a declaration', () => {
    expect(some('acquisition-tax', 'bg', /дарение на (?:недвижим )?имот/, /декларация не се подава/)).toBe(true);
    expect(some('acquisition-tax', 'bg', /дарение/, /преди (?:изповядването|прехвърлянето)|при прехвърлянето/)).toBe(true);
    expect(some('acquisition-tax', 'en', /gift of (?:real estate|a property)/, /no declaration is filed/)).toBe(true);
    expect(some('acquisition-tax', 'en', /gift/, /before the notary executes|at the transfer/)).toBe(true);
  });
});

describe('b. tourism-categorization: code 3122', () => {
  it('is class "В", not "Б"', () => {
    const bg = textsOf('tourism-categorization', 'bg').filter((t) => t.includes('3122'));
    const en = textsOf('tourism-categorization', 'en').filter((t) => t.includes('3122'));
    expect(bg.length).toBeGreaterThan(0);
    expect(en.length).toBeGreaterThan(0);
    for (const t of bg) expect(t).toMatch(/3122[^;]*клас „В“/);
    for (const t of bg) expect(t).not.toMatch(/3122[^;]*„Б“/);
    for (const t of en) expect(t).toMatch(/3122[^;]*class "V" \(В\)/);
    for (const t of en) expect(t).not.toMatch(/3122[^;]*class B\b/);
  });
});

describe('c. death-registration: the grave place', () => {
  it('is not said to be paid for as such', () => {
    expect(some('death-registration', 'bg', /гробното място се заплаща/)).toBe(false);
    expect(some('death-registration', 'en', /grave plot is paid for/)).toBe(false);
  });

  it('is free for the first 8 years; the fee is for longer use, for all time or a family grave', () => {
    expect(some('death-registration', 'bg', /безплатно през първите 8 години/)).toBe(true);
    expect(some('death-registration', 'bg', /до 15 години/, /вечни времена/, /семейно гробно място/)).toBe(true);
    expect(some('death-registration', 'en', /free of charge for the first 8 years/)).toBe(true);
    expect(some('death-registration', 'en', /up to 15 years/, /for all time/, /family grave/)).toBe(true);
  });
});

describe('d. foreigner-marriage: the foreigner’s capacity to marry', () => {
  it('names the certificate of legal capacity under КМЧП чл. 77', () => {
    expect(some('foreigner-marriage', 'bg', /правоспособност за сключване на брак/, /чл\. 77/)).toBe(true);
    expect(some('foreigner-marriage', 'en', /capacity to marry/, /Art\. 77/)).toBe(true);
  });

  it('names service 2073, the certificate for a foreign citizen to obtain a document for marrying in Bulgaria', () => {
    expect(some('foreigner-marriage', 'bg', /2073/, /снабдяване на чужд гражданин с документ за сключване на граждански брак/)).toBe(true);
    expect(some('foreigner-marriage', 'en', /2073/, /foreign citizen to obtain a document/)).toBe(true);
  });
});

describe('e. redirect-migration: a foreigner’s address', () => {
  it('is not said never to be registered at the municipality', () => {
    expect(some('redirect-migration', 'bg', /адресната регистрация на чужденци[^.]*а не в общината/i)).toBe(false);
    expect(some('redirect-migration', 'en', /address registration of foreigners[^.]*not by the municipality/i)).toBe(false);
  });

  it('is registered at the municipality by a holder of a permanent-residence permit', () => {
    expect(some('redirect-migration', 'bg', /разрешение за постоянно пребиваване/, /в общината/)).toBe(true);
    expect(some('redirect-migration', 'en', /permanent-residence permit/, /at the municipality/)).toBe(true);
  });
});

describe('routing of reports the municipality does not handle', () => {
  const category = (id: string) => assistant.kb.signals.find((c) => c.id === id);

  it('gives the water company with the switchboard, and no phone or e-mail no source gives', () => {
    const water = category('water-and-sewerage');
    expect(water?.institution?.name.bg).toMatch(/„ВиК“ ЕООД – Петрич/);
    expect(water?.institution?.phone).toBeUndefined();
    expect(water?.institution?.note?.bg).toMatch(/не са намерени[^.]*0745 69112/);
    expect(water?.institution?.note?.en).toMatch(/switchboard, 0745 69112/);
  });

  it.each([
    ['Огромна дупка на главния път за Кулата, опасно е за колите', 'state-roads', /АПИ/],
    ['potholes on the struma motorway near Petrich, someone will crash', 'state-roads', /АПИ/],
    ['Цехът за мебели до нас изпуска прах и смърди на лак', 'industrial-pollution', /РИОСВ/],
    ['Заводът в края на града пуши черен дим, не може да се диша', 'industrial-pollution', /РИОСВ/],
    ['Строят незаконно многоетажен блок без разрешение', 'large-construction', /РДНСК/],
    ['Пияни крещят под блока посред нощ', 'night-disturbance', /МВР/],
    ['Съседите правят купон до 3 през нощта, не можем да спим', 'night-disturbance', /МВР/],
  ])('"%s" goes to %s', (message, id, institution) => {
    const { decision } = assistant.understand(message);
    expect(decision.type).toBe('report');
    const report = decision.type === 'report' ? decision.report : undefined;
    expect(report?.category.id).toBe(id);
    expect(report?.category.handled_by).toBe('other');
    expect(report?.category.institution?.name.bg).toMatch(institution);
  });

  it.each([
    ['Има дупка на улица „Рила“ пред номер 5', 'roads-and-pavements'],
    ['Съседите горят боклук в двора и всичко е в дим', 'burning-and-air'],
    ['Съседът строи незаконна постройка в двора', 'illegal-building-and-dumping'],
    ['Заведението под нас пуска музика до сутринта', 'noise'],
  ])('"%s" stays with the municipality (%s)', (message, id) => {
    const { decision } = assistant.understand(message);
    expect(decision.type === 'report' ? decision.report.category.id : decision.type).toBe(id);
  });
});
