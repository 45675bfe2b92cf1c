// Recognising problem reports in the citizen's own words, the place they name, and the answers to
// the bot's offers. Messages written for this test, in the ways citizens write (not evaluation messages).
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { yesNoReader } from '../../src/answer/offers.js';
import { findPlace } from '../../src/search/place.js';
import { tokenSpans } from '../../src/search/canonical.js';
import { categoryEmailsFrom, ConfigError } from '../../src/config/config.js';
import { canonical } from '../../src/search/canonical.js';
import { englishKey } from '../../src/search/analyze.js';
import { paths } from '../support/paths.js';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await Assistant.load(paths);
});
const read = (text: string) => assistant.reports.readText(text).report;

describe('a report is its object with a fault, a request to act, indignation or a duration, and no service answers it', () => {
  it.each([
    ['Кофите на нашата улица не са изпразвани от десет дни', 'waste'],
    ['контейнерите преливат, боклукът е навсякъде', 'waste'],
    ['Лампите по улицата не светят и вечер е тъмно', 'street-lighting'],
    ['lampata pred bloka ne sveti ot sedmica', 'street-lighting'],
    ['След ремонта на водопровода асфалтът остана разкопан вече месец', 'roads-and-pavements'],
    ['Голяма дупка на пътя пред училището', 'roads-and-pavements'],
    ['Глутница бездомни кучета гони децата в парка', 'stray-animals'],
    ['Огромен клон виси над тротоара и ще падне', 'trees-and-green-areas'],
    ['Тревата в междублоковото пространство е до кръста, моля окосете я', 'trees-and-green-areas'],
    ['Люлката на детската площадка е счупена и децата могат да се наранят', 'playgrounds-and-parks'],
    ['Коли паркират на тротоара и с количката минаваме по платното', 'parking'],
    ['Заведението под нас пуска музика до сутринта', 'noise'],
    ['Някой изхвърля строителни отпадъци край реката', 'illegal-building-and-dumping'],
    ['Улицата не е почистена от снега и е заледена', 'snow-and-ice'],
    ['Съседите горят гуми и целият квартал е в дим', 'burning-and-air'],
    ['Автобусът за селото не дойде днес и сутрешният курс отпадна', 'public-transport'],
    ['Служителката на гишето беше много груба с мен', 'administration'],
    ['The street lights on our road are not working', 'street-lighting'],
    ['Bins have not been emptied for two weeks, please do something', 'waste'],
  ])('%s → %s', (text, category) => {
    expect(assistant.understand(text).decision).toMatchObject({ type: 'report', report: { category: { id: category } } });
  });

  it('names the body that deals with a matter of another body, and 112 for an emergency', () => {
    expect(read('От сутринта няма вода в целия квартал, спукана тръба на улицата')).toMatchObject({ category: { id: 'water-and-sewerage', handled_by: 'other' } });
    expect(read('Няма ток в цялото село от снощи')).toMatchObject({ category: { id: 'electricity', handled_by: 'other' } });
    expect(read('Мирише на газ във входа ни')).toMatchObject({ category: { id: 'emergency', handled_by: 'emergency' } });
  });

  it('keeps the kind the message names: a proposal or praise about the same things is not a complaint', () => {
    expect(read('Имам предложение: да сложат още пейки в парка')).toMatchObject({ category: { id: 'playgrounds-and-parks' }, kind: 'proposal' });
    expect(read('Благодаря на екипа, който днес почисти снега на нашата улица')).toMatchObject({ kind: 'praise' });
  });

  it('is weak when only a general fault goes with the object, and when it is about the citizen\'s own yard', () => {
    expect(read('опасно дърво')).toMatchObject({ strength: 'weak' });
    expect(read('Искам да отсека изсъхнало дърво в двора си')).toMatchObject({ strength: 'weak' });
  });

  it('is no report when nothing is wrong, or when a question asks about a service', () => {
    for (const text of ['Как да регистрирам кучето си?', 'Колко е такса смет за тази година?', 'Кога ще вали сняг?', 'Кой има право на освобождаване от такса смет?', 'Трябва ли разрешение за строеж на ограда?', 'До кога се плаща данък сгради?', 'Искам да платя данъка на колата си', 'Какъв е бюджетът на общината за 2027 година?']) {
      expect(read(text)).toBeUndefined();
    }
  });

  it('asks for action only when an action follows the question: "кога ще почистят", not "кога ще вали"', () => {
    expect(read('Кога ще почистят боклука от ъгъла на улицата?')?.evidence.requests).toContain('кога ще … почист*');
    expect(read('Кога ще вали сняг?')).toBeUndefined();
  });
});

describe('a message that only opens a complaint', () => {
  const openerOf = (text: string, lang: 'bg' | 'en' = 'bg') => assistant.reports.openerOf(assistant.index.pipeline.read(text), lang);
  it.each(['Искам да подам жалба срещу служител', 'жалба', 'Искам да подам сигнал', 'Имам оплакване от обслужването'])('%s is an opener', (text) => {
    expect(openerOf(text)).toBe('pure');
  });
  it.each(['Искам да се оплача от служител на гишето', 'Искам да подам жалба за обслужването в деловодството'])('%s is an opener that says whom or what about', (text) => {
    expect(openerOf(text)).toBe('framed');
  });
  it('I want to complain is an opener in English', () => {
    expect(openerOf('I want to complain', 'en')).toBe('pure');
  });
  it.each(['Искам да подам жалба: служител ми поиска пари', 'Искам да подам жалба. Служител ми поиска пари.', 'Контейнерите не са извозени'])('%s tells the matter', (text) => {
    expect(openerOf(text)).toBeUndefined();
  });
});

describe('the place named in a message', () => {
  const markers = {
    bg: new Set(['ул', 'улица', 'бул', 'кв', 'жк', 'с', 'село', 'бл', 'блок', 'вх', 'парк'].map(canonical)),
    en: new Set(['street', 'road', 'park'].map(englishKey)),
  };
  it.each([
    ['Не свети лампата на ул. „Рила“ 12 от седмица', 'ул. „Рила“ 12'],
    ['Дупка на улица Свобода пред номер 5', 'улица Свобода'],
    ['В с. Марино, ул. "Хан Аспарух" 3А няма кофи', 'с. Марино, ул. "Хан Аспарух" 3А'],
    ['на ул.Кирил и Методий има дупки', 'ул.Кирил и Методий'],
    ['кв. Запад, бл. 10, вх. Г', 'кв. Запад, бл. 10, вх. Г'],
    ['ne sveti lampata na ul. Rila 5', 'ul. Rila 5'],
    ['ул. рила 5 няма осветление', 'ул. рила 5'],
    ['the lamp on Rila Street is out', 'Rila Street'],
  ])('%s → %s', (text, place) => {
    expect(findPlace(text, tokenSpans(text), markers)).toBe(place);
  });
  it.each(['с децата сме в парка и люлките са счупени', 'на улицата пред нас е тъмно'])('%s names no place', (text) => {
    expect(findPlace(text, tokenSpans(text), markers)).toBeUndefined();
  });
});

describe('yes or no to an offer', () => {
  const yesNoOf = yesNoReader({ yes: ['да', 'Да, регистрирай', 'yes'], no: ['не', 'Не, благодаря', 'no'] });
  it.each([
    ['да', true],
    ['Да!', true],
    ['да, регистрирай', true],
    ['YES', true],
    ['не', false],
    ['Не, благодаря.', false],
    ['да, но първо кажете колко струва', undefined],
    ['не знам', undefined],
  ])('%s → %s', (text, answer) => {
    expect(yesNoOf(text)).toBe(answer);
  });
});

describe('CATEGORY_EMAILS', () => {
  it('maps categories to addresses', () => {
    expect(categoryEmailsFrom(' waste = chistota@example.bg ,street-lighting=svetlina@example.bg')).toEqual({ waste: 'chistota@example.bg', 'street-lighting': 'svetlina@example.bg' });
    expect(categoryEmailsFrom('')).toEqual({});
  });
  it.each(['waste', 'waste=not-an-address', 'waste=a@b.bg=c'])('refuses %s with one line naming the variable', (value) => {
    expect(() => categoryEmailsFrom(value)).toThrow(ConfigError);
    expect(() => categoryEmailsFrom(value)).toThrow(/^CATEGORY_EMAILS: /);
  });
});

describe('what a message does, whatever its topic', () => {
  const act = (text: string) => assistant.reports.read(assistant.index.pipeline.read(text)).act;

  it.each(['Как да си извадя скица?', 'трябва ли разрешение за навес', 'Where do I pay the tax'])('%s asks', (text) => {
    expect(act(text).question).toBe(true);
  });

  it('reads the cues of a problem told as a narrative', () => {
    const cues = act('От години никой не е оправил стълбището пред блока на ул. „Липа“ 4! Всеки ден децата ни падат там.').narrative;
    expect(cues).toEqual(expect.arrayContaining(['ongoing', 'absence', 'residents', 'place', 'exclamation']));
    expect(act('Как да си извадя скица?').narrative).toEqual([]);
  });

  it('offers a narrative that no category names as a report of the fallback category, with its place', () => {
    const u = assistant.understand('От години никой не е боядисал оградата на старата баня на ул. „Липа“ 4! Всеки ден минаваме оттам с децата.');
    expect(u.decision).toMatchObject({ type: 'report', report: { category: { id: 'other' }, place: 'ул. „Липа“ 4', evidence: { narrative: expect.arrayContaining(['ongoing', 'absence']) } } });
    // Told as a question about a service, the same words are not a report.
    expect(assistant.understand('Трябва ли разрешение, за да боядисам оградата на къщата си?').decision.type).not.toBe('report');
  });

  it('answers a question with the service that explains it, though it names an object and a fault', () => {
    const u = assistant.understand('Искам да разкопая тротоара пред къщата си за водопровод, какво разрешение трябва да извадя?');
    expect(u.decision.type).not.toBe('report');
  });
});
