// Recognising the practical questions, and not stealing ordinary ones.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { paths } from '../support/paths.js';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await Assistant.load(paths);
});

describe('opening-hours questions', () => {
  it.each([
    ['Отворено ли е сега?', { kind: 'now' }],
    ['otvoreno li e sega', { kind: 'now' }],
    ['работите ли в събота?', { kind: 'weekday', weekday: 'sat' }],
    ['rabotite li v subota', { kind: 'weekday', weekday: 'sat' }],
    ['до колко часа сте днес?', { kind: 'today' }],
    ['до колко часа работи общината', { kind: 'today' }],
    ['Работи ли общината в Петрич утре?', { kind: 'tomorrow' }],
    ['работите ли на 24 май?', { kind: 'date', day: 24, month: 5 }],
    ['Отворена ли е общината на 2.01.2027?', { kind: 'date', day: 2, month: 1, year: 2027 }],
    ['Отворено ли е на Коледа?', { kind: 'holiday', holiday: 'christmas' }],
    ['Is the office open now?', { kind: 'now' }],
    ['are you open on saturdays?', { kind: 'weekday', weekday: 'sat' }],
    ['what time do you close today', { kind: 'today' }],
    ['is the municipality open on May 24th', { kind: 'date', day: 24, month: 5 }],
  ])('%s', (question, day) => {
    expect(assistant.practical.hoursQuestionOf(assistant.index.pipeline.read(question), ['Община Петрич'])).toEqual(day);
  });

  it.each([
    'Какво е работното време на общината?', // no day: the topic answers it
    'what time does the bank open',
    'permit for my bar to stay open late',
    'Как да получа разрешение заведението да работи след 23 часа?',
    'Колко е часът в Токио?',
    'Колко служители работят в общината?',
    'Има ли свободни работни места в общината?',
    'Работи ли ГРАО в събота?',
  ])('not: %s', (question) => {
    expect(assistant.practical.hoursQuestionOf(assistant.index.pipeline.read(question), ['Община Петрич'])).toBeNull();
  });

  it('keeps the topic about opening hours as the answer id, so tools see the same entry', () => {
    const { decision } = assistant.understand('до колко часа работи общината');
    expect(decision).toEqual({ type: 'hours', day: { kind: 'today' }, entryId: 'office-hours' });
  });
});

describe('ready-date and fee-by-speed questions', () => {
  it.each([
    ['колко струва експресно?', ['fee', 'speed'], { kind: 'speedFee', speed: 'express' }],
    ['колко по-скъпо е бързо', ['speed'], { kind: 'speedFee', speed: 'fast' }],
    ['how much is express?', ['speed'], { kind: 'speedFee', speed: 'express' }],
    ['ако подам днес, кога ще е готово?', ['where', 'when', 'deadline'], { kind: 'readyDate' }],
    ['When will it be ready?', ['deadline'], { kind: 'readyDate' }],
    ['if I apply today how long will it take', ['where', 'when', 'deadline'], { kind: 'readyDate' }],
  ] as const)('%s', (question, facets, expected) => {
    expect(assistant.practical.practicalOf(assistant.index.pipeline.read(question), [...facets])).toEqual(expected);
  });

  it.each([
    ['кога е срокът за плащане на данъка', ['deadline']],
    ['Каква е разликата между обикновена, бърза и експресна услуга?', ['speed']],
    ['how long does it take?', ['deadline']],
  ] as const)('not: %s', (question, facets) => {
    expect(assistant.practical.practicalOf(assistant.index.pipeline.read(question), [...facets])).toBeNull();
  });

  it('attaches to the answer about a service named in the same question', () => {
    expect(assistant.understand('колко струва експресна скица на имот?').decision).toMatchObject({ type: 'answer', entryId: 'property-sketch', practical: { kind: 'speedFee', speed: 'express' } });
  });

  it('"the express service" after a service is a follow-up; without one it is the topic about speeds', () => {
    expect(assistant.understand('how much is the express service?', { lastEntryId: 'spatial-planning-certificate' }).decision).toMatchObject({
      type: 'answer',
      entryId: 'spatial-planning-certificate',
      followUp: true,
    });
    expect(assistant.understand('how much is the express service?').decision).toMatchObject({ type: 'answer', entryId: 'service-speed' });
  });
});
