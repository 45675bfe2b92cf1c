// "Отворено ли е сега?", "кога ще е готово?", "колко струва експресно?" through the real
// MainDialog at fixed clock times. Petrich's hours are not known, so the open-now logic is tested
// on a copy of the knowledge folder with hours added (Mon–Fri 08:00–17:00); the bundled one must
// keep saying that the hours are not confirmed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import type { DialogTestClient } from 'botbuilder-testing';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Assistant } from '../../src/answer/assistant.js';
import { fallbackText, tableRows, visibleText } from '../support/cards.js';
import { createHarness, type Harness } from '../support/dialogHarness.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

/** The clock every assistant here reads; each test sets it. */
let clock = new Date('2026-11-25T08:00:00Z');
/** Sofia is UTC+2 in winter: "2026-11-25 10:00" is 08:00 UTC. */
const sofia = (local: string) => new Date(`${local.replace(' ', 'T')}:00+02:00`);

const HOURS = `
  - id: test-hours
    title: Test fixture – opening hours
    checked: 2026-11-25
    scope: petrich
hours:
  source: test-hours
  weekly:
    mon: [["08:00", "17:00"]]
    tue: [["08:00", "17:00"]]
    wed: [["08:00", "17:00"]]
    thu: [["08:00", "17:00"]]
    fri: [["08:00", "17:00"]]
`;

let bundled: Assistant;
let withHours: Assistant;
let removeFixture: () => Promise<void>;
const harnesses: Harness[] = [];

beforeAll(async () => {
  bundled = await Assistant.load(paths, { now: () => clock });
  const { dir, cleanup } = await withTempDir();
  removeFixture = cleanup;
  const knowledgeDir = join(dir, 'knowledge');
  await cp(paths.knowledgeDir, knowledgeDir, { recursive: true });
  const municipality = join(knowledgeDir, 'municipality.yaml');
  // municipality.yaml ends with its sources list: the fixture's source joins it, then the hours follow.
  await writeFile(municipality, `${(await readFile(municipality, 'utf8')).trimEnd()}\n${HOURS}`);
  withHours = await Assistant.load({ ...paths, knowledgeDir }, { now: () => clock });
});

afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.cleanup()));
});

afterAll(async () => removeFixture());

async function chat(assistant: Assistant): Promise<(text: string) => Promise<Partial<Activity>>> {
  const harness = await createHarness(assistant);
  harnesses.push(harness);
  const client: DialogTestClient = harness.client();
  return (text) => client.sendActivity(text);
}

async function ask(assistant: Assistant, at: string, text: string): Promise<string> {
  clock = sofia(at);
  return visibleText(await (await chat(assistant))(text));
}

describe('"Отворено ли е сега?" with known hours (fixture: Mon–Fri 08:00–17:00)', () => {
  it.each([
    ['before hours', '2026-11-25 07:30', ['Сега е затворено.', 'Отваря днес в 08:00.']],
    ['during hours', '2026-11-25 10:00', ['Сега е отворено – до 17:00.']],
    ['after hours', '2026-11-25 18:00', ['Сега е затворено.', 'Работно време днес: 08:00–17:00.', 'Отваря утре в 08:00.']],
    ['on Friday evening', '2026-11-27 18:00', ['Отваря на 30 ноември (понеделник) в 08:00.']],
    ['on a holiday', '2026-12-25 10:00', ['Днес, 25 декември (петък), е официален празник (Рождество Христово) и общината не работи.', 'Отваря на 29 декември (вторник) в 08:00.']],
    ['on a day off moved from a weekend holiday', '2026-12-28 10:00', ['почивен ден вместо празника „Рождество Христово“', 'Отваря утре в 08:00.']],
    ['on a day off declared by the government', '2026-01-02 10:00', ['обявен за неработен ден (Неработен ден заради въвеждането на еврото)', 'Отваря на 5 януари (понеделник) в 08:00.']],
  ])('%s', async (_, at, expected) => {
    const text = await ask(withHours, at, 'Отворено ли е сега?');
    for (const sentence of expected) expect(text).toContain(sentence);
    expect(text).toContain('Понеделник – петък: 08:00–17:00');
    expect(text).toContain('Събота – неделя: затворено');
  });

  it('"до колко часа сте днес?" gives the closing time', async () => {
    expect(await ask(withHours, '2026-11-25 10:00', 'до колко часа сте днес?')).toContain('Сега е отворено – до 17:00.');
  });

  it('"работите ли в събота?" answers for the coming Saturday and the next opening', async () => {
    const text = await ask(withHours, '2026-11-25 10:00', 'работите ли в събота?');
    expect(text).toContain('Не работи на 28 ноември (събота).');
    expect(text).toContain('Отваря отново на 30 ноември (понеделник) в 08:00.');
  });

  it('"работите ли утре?" on a Monday', async () => {
    expect(await ask(withHours, '2026-11-30 18:00', 'Работи ли общината утре?')).toContain('Работи утре: 08:00–17:00.');
  });

  it('answers in English with English dates', async () => {
    expect(await ask(withHours, '2026-11-25 10:00', 'Is the office open now?')).toContain('It is open now, until 17:00.');
    expect(await ask(withHours, '2026-11-27 18:00', 'are you open on saturday?')).toContain('It opens again on Monday 30 November at 08:00.');
  });

  it('links the topic about the office', async () => {
    clock = sofia('2026-11-25 10:00');
    const reply = await (await chat(withHours))('Отворено ли е сега?');
    expect(reply.suggestedActions?.actions.map((a) => a.title)).toContain('Работно време и адрес на общината (ЦАО)');
  });
});

describe('"Отворено ли е сега?" in the bundled knowledge, where the hours are not known', () => {
  it('says the hours are not confirmed and gives the phone, never an invented time', async () => {
    const text = await ask(bundled, '2026-11-25 10:00', 'Отворено ли е сега?');
    expect(text).toContain('Работното време на Община Петрич не е потвърдено в източниците ни');
    expect(text).toContain('0745 12345');
    expect(text).toContain('Работното време потвърдете по телефона.');
    expect(text).not.toMatch(/Сега е (отворено|затворено)|\d\d:\d\d/);
  });

  it('on a holiday it can still say that the municipality does not work, from the Labour Code', async () => {
    const text = await ask(bundled, '2026-12-25 10:00', 'работите ли днес?');
    expect(text).toContain('официален празник (Рождество Христово) и общината не работи');
    expect(text).toContain('0745 12345');
  });

});

describe('a day off is closed even while the hours are unknown, with the next working day (the working calendar)', () => {
  it.each([
    ['on a Sunday', '2026-11-29 10:00', 'Отворено ли е сега?', ['Днес, 29 ноември (неделя), е почивен ден и общината не работи.', 'Следващият работен ден е 30 ноември (понеделник).']],
    ['asked on Wednesday about Saturday', '2026-11-25 10:00', 'работите ли в събота?', ['28 ноември (събота) е почивен ден и общината не работи.', 'Следващият работен ден е 30 ноември (понеделник).']],
    ['on Christmas, before a weekend and a moved day off', '2026-12-25 10:00', 'Отворено ли е сега?', ['официален празник (Рождество Христово) и общината не работи', 'Следващият работен ден е 29 декември (вторник).']],
    ['on a day off declared by the government', '2026-01-02 10:00', 'Отворено ли е сега?', ['обявен за неработен ден', 'Следващият работен ден е 5 януари (понеделник).']],
    ['in English, on a Saturday', '2026-11-28 10:00', 'Is the office open now?', ['Today, Saturday 28 November, is a weekend day and the municipality is closed.', 'The next working day is Monday 30 November.']],
  ])('%s', async (_name, at, question, expected) => {
    const text = await ask(bundled, at, question);
    for (const sentence of expected) expect(text).toContain(sentence);
    expect(text).not.toMatch(/не мога да кажа|cannot tell/);
    expect(text).toContain('0745 12345');
    expect(text).not.toMatch(/\d\d:\d\d/); // still no invented hours
  });

  it('a working day is still not claimed open or closed', async () => {
    const text = await ask(bundled, '2026-11-26 10:00', 'работите ли утре?');
    expect(text).toContain('не мога да кажа дали работи утре');
    expect(text).not.toContain('Следващият работен ден');
  });
});

describe('"кога ще е готово?" after a service answer', () => {
  it('gives the ready dates of each speed, as a range marked as an estimate where the source does not say which days count', async () => {
    clock = sofia('2026-11-25 10:00');
    const say = await chat(bundled);
    await say('удостоверение за факти и обстоятелства по териториално устройство');
    const reply = await say('ако подам днес, кога ще е готово?');
    const text = fallbackText(reply);
    expect(text).toContain('Удостоверение за факти и обстоятелства по териториално и селищно устройство');
    expect(text).toContain('Обикновена услуга (14 дни): ориентировъчно между 9 декември (сряда) и 15 декември (вторник)');
    expect(text).toContain('Бърза услуга (7 дни): ориентировъчно между 2 декември (сряда) и 4 декември (петък)');
    expect(text).toContain('Експресна услуга (3 дни): ориентировъчно 30 ноември (понеделник)');
    expect(text).toContain('Източникът не казва дали дните са работни или календарни');
    expect(text).toContain('Работното време не е потвърдено: ако подадете след края му, заявлението се завежда на 26 ноември (четвъртък)');
    expect(tableRows(reply)).toEqual([
      ['Услуга', 'Срок', 'Готово на'],
      ['Обикновена', '14 дни', '≈ 9.12 – 15.12'],
      ['Бърза', '7 дни', '≈ 2.12 – 4.12'],
      ['Експресна', '3 дни', '≈ пн, 30.11'],
    ]);
  });

  it('a follow-up "кога ще е готово?" works after any service with speeds', async () => {
    clock = sofia('2026-11-25 10:00');
    const say = await chat(bundled);
    await say('Как да регистрирам сдружение на собствениците?');
    const text = fallbackText(await say('кога ще е готово?'));
    expect(text).toContain('Вписване на сдружение на собствениците (етажна собственост) в общинския регистър');
    expect(text).toContain('Обикновена услуга (7 дни): ориентировъчно между 2 декември (сряда) и 4 декември (петък)');
  });

  it('names the service in the same question', async () => {
    clock = sofia('2026-11-25 10:00');
    const text = fallbackText(await (await chat(bundled))('ако подам днес заявление за достъп до обществена информация, кога ще е готово?'));
    expect(text).toContain('Достъп до обществена информация (заявление по ЗДОИ)');
    expect(text).toContain('Обикновена услуга (14 дни): ориентировъчно между 9 декември (сряда) и 15 декември (вторник)');
  });

  it('filed on Friday after closing (known hours), counts from Monday', async () => {
    clock = sofia('2026-11-27 18:00');
    const say = await chat(withHours);
    await say('удостоверение за факти и обстоятелства по териториално устройство');
    const text = fallbackText(await say('кога ще е готово?'));
    expect(text).toContain('Днешното работно време приключи: заявление, подадено сега, се завежда на 30 ноември (понеделник)');
    expect(text).toContain('Експресна услуга (3 дни): ориентировъчно 3 декември (четвъртък)');
  });

  it('in English', async () => {
    clock = sofia('2026-11-25 10:00');
    const say = await chat(bundled);
    await say('certificate of facts on spatial planning');
    const text = fallbackText(await say('If I apply today, when will it be ready?'));
    expect(text).toContain('Express service (3 days): about Monday 30 November');
    expect(text).toContain('Regular service (14 days): between Wednesday 9 December and Tuesday 15 December (estimate)');
  });
});

describe('"колко струва експресно?"', () => {
  it('gives the express fee and the difference from the regular one', async () => {
    clock = sofia('2026-11-25 10:00');
    const say = await chat(bundled);
    await say('удостоверение за факти и обстоятелства по териториално устройство');
    const text = visibleText(await say('колко струва експресно?'));
    expect(text).toContain('Експресна услуга: 20,45 € (по източника 40,00 лв., превърнати по курс 1,95583).');
    expect(text).toContain('Това е с 10,22 € повече от обикновената услуга (10,23 €); по източника разликата е 20,00 лв.');
    expect(text).toContain('Срок: 3 дни. Очаквана дата: ориентировъчно 30 ноември (понеделник).');
  });

  it('in English, and "the express service" after a service answer is about that service', async () => {
    clock = sofia('2026-11-25 10:00');
    const say = await chat(bundled);
    await say('certificate of facts on spatial planning');
    expect(visibleText(await say('how much is the express service?'))).toContain('That is €10.22 more than the regular service (€10.23); in the source the difference is BGN 20.00.');
  });

  it('says when the service has no such speed in the sources', async () => {
    const say = await chat(bundled);
    await say('Как да поискам достъп до обществена информация?');
    expect(visibleText(await say('колко струва експресно?'))).toContain(
      'Източниците ни не посочват експресна услуга за „Достъп до обществена информация (заявление по ЗДОИ)“; посочват: обикновена услуга.',
    );
  });

  it('does not guess when the service has no published fees', async () => {
    const say = await chat(bundled);
    await say('Как да получа удостоверение за наследници?');
    expect(visibleText(await say('колко струва експресно?'))).toMatch(/не са публикувани в източниците ни.*0745 12345/);
  });
});
