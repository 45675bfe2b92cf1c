// The forms in which clerks fill in fees, deadlines, hours and the bank account, and the edits they
// make to the YAML files: tables of what is accepted, what is refused (naming the field) and what
// the file looks like afterwards.
import { describe, expect, it } from '@jest/globals';
import { parseDocument } from 'yaml';
import { createI18n, translator } from '../../src/common/i18n.js';
import { callsUnconfirmed, setMunicipalityFacts, setSpeeds } from '../../src/staff/factsEdits.js';
import { z } from 'zod';
import { SPEEDS, SpeedOption, type ServiceEntry } from '../../src/knowledge/schema.js';
import { checkMunicipalityForm, checkSpeedsForm, municipalityValues, parsePeriods, type MunicipalityFacts } from '../../src/staff/factsForm.js';
import { speedsFields } from '../../src/staff/factsPages.js';
import { centsOf, centsText } from '../../src/staff/moneyInput.js';
import { paths } from '../support/paths.js';

const t = translator(createI18n(paths.localesDir), 'bg');
const TODAY = '2026-11-29';
const SOURCE = { source_title: 'Наредба за местните такси, приложение 1', source_date: '2026-11-20' };

describe('the speeds form', () => {
  it('reads deadlines and fees with a decimal comma, and leaves empty speeds out', () => {
    const checked = checkSpeedsForm({ ...SOURCE, regular_amount: '7', regular_unit: 'days', regular_days: 'working', regular_fee: '12,50', express_unit: 'immediately', express_fee: '30' }, TODAY, t);
    expect(checked).toEqual({
      ok: true,
      value: {
        items: [
          { speed: 'regular', deadline: { unit: 'days', amount: 7, days: 'working' }, fee: { cents: 1250 } },
          { speed: 'express', deadline: { unit: 'immediately' }, fee: { cents: 3000 } },
        ],
        source: { title: SOURCE.source_title, checked: '2026-11-20' },
      },
    });
  });

  it('takes a fee without a deadline (the card then asks to confirm the deadline)', () => {
    const checked = checkSpeedsForm({ ...SOURCE, regular_fee: '0' }, TODAY, t);
    expect(checked.ok && checked.value.items).toEqual([{ speed: 'regular', fee: { cents: 0 } }]);
  });

  it('takes a fee in leva, converted at 1.95583 and rounded to the cent, keeping the leva', () => {
    const checked = checkSpeedsForm({ ...SOURCE, regular_fee: '10 лв.' }, TODAY, t);
    expect(checked.ok && checked.value.items).toEqual([{ speed: 'regular', fee: { cents: 511, levaCents: 1000 } }]);
  });

  it.each([
    ['a fee in words', { regular_fee: 'десет лева' }, 'regular_fee'],
    ['a negative fee', { regular_fee: '-5' }, 'regular_fee'],
    ['a fee with a fraction of a cent', { regular_fee: '1,234' }, 'regular_fee'],
    ['a fee in dollars', { regular_fee: '5 USD' }, 'regular_fee'],
    ['a fee over 100 000 €', { regular_fee: '100000,01' }, 'regular_fee'],
    ['a deadline without its unit', { regular_amount: '7' }, 'regular_unit'],
    ['a unit without its number', { fast_unit: 'days', fast_fee: '5' }, 'fast_amount'],
    ['a zero deadline', { regular_amount: '0', regular_unit: 'days' }, 'regular_amount'],
    ['a unit the schema does not know', { regular_amount: '2', regular_unit: 'weeks' }, 'regular_unit'],
    ['working days on a deadline in months', { regular_amount: '1', regular_unit: 'months', regular_days: 'working' }, 'regular_days'],
    ['a speed the schema does not know', { urgent_fee: '50', regular_fee: '5' }, 'urgent_fee'],
    ['nothing filled in', {}, 'regular_fee'],
  ])('refuses %s, naming the field', (_case, fields, field) => {
    const checked = checkSpeedsForm({ ...SOURCE, ...fields }, TODAY, t);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.map((e) => e.field)).toContain(field);
  });

  it.each([
    ['no source', { source_title: ' ' }, 'source_title'],
    ['a date in the future', { source_date: '2026-12-01' }, 'source_date'],
    ['a date that does not exist', { source_date: '2026-02-30' }, 'source_date'],
    ['an address that is not a web page', { source_url: 'javascript:alert(1)' }, 'source_url'],
  ])('refuses values with %s', (_case, fields, field) => {
    const checked = checkSpeedsForm({ ...SOURCE, regular_fee: '5', ...fields }, TODAY, t);
    expect(!checked.ok && checked.errors.map((e) => e.field)).toContain(field);
  });

  it('words each error with the speed and the field, in Bulgarian', () => {
    const checked = checkSpeedsForm({ ...SOURCE, express_fee: 'abc' }, TODAY, t);
    expect(!checked.ok && checked.errors[0].message).toMatch(/^Такса – Експресна услуга: не е сума/);
  });

  it.each([
    ['-5', 'не може да е отрицателна'],
    ['5,1234', 'повече от два знака'],
    ['1.234', 'отделя хилядите, или стотинките'],
    ['1000000', 'повече от 100000,00 €'],
    ['5 долара', 'в евро (€, EUR) или в лева'],
  ])('names what is wrong with the fee %j', (fee, words) => {
    const checked = checkSpeedsForm({ ...SOURCE, regular_fee: fee }, TODAY, t);
    expect(!checked.ok && checked.errors.map((e) => e.message).join(' ')).toContain(words);
  });
});

describe('opening hours', () => {
  it.each([
    ['8:30-12:00, 13:00-17:30', [['08:30', '12:00'], ['13:00', '17:30']]],
    ['08.00 – 17.00', [['08:00', '17:00']]],
    ['', []],
    ['12:00-08:00', undefined],
    ['08:00-13:00, 12:00-17:00', undefined],
    ['25:00-26:00', undefined],
    ['от 8 до 5', undefined],
  ])('%j → %j', (text, periods) => {
    expect(parsePeriods(text)).toEqual(periods);
  });
});

describe('the municipality form', () => {
  const base = { phones: '0745 69112 | Централа | Switchboard', emails: '' };
  /** What the form showed: the phone above, nothing else filled in yet. */
  const BEFORE = municipalityValues({ phones: [{ number: '0745 69112', label: { bg: 'Централа', en: 'Switchboard' } }] });
  const sourceFor = (block: string, title = 'Заповед на кмета № 1', date = '2026-11-20') => ({ [`${block}_source_title`]: title, [`${block}_source_date`]: date });
  const check = (fields: Record<string, string>) => checkMunicipalityForm({ ...base, ...fields }, TODAY, t, BEFORE);

  it('reads hours, the reception day, the bank account with its codes and the contacts, each block with its own source', () => {
    const checked = check({
      hours_mon: '08:00-17:00',
      hours_tue: '08:00-17:00',
      reception_bg: 'Сряда 14–16 ч.',
      reception_en: 'Wednesday 2–4 pm',
      iban: 'bg80 bnbg 9661 1020 3456 78',
      bic: 'bnbgbgsd',
      codes: '442100 | Данък върху недвижимите имоти | Property tax',
      ...sourceFor('hours'),
      ...sourceFor('reception', 'Правилник на администрацията', '2026-11-21'),
      ...sourceFor('payment', 'По данни на общината', '2026-11-22'),
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.hours).toEqual({ mon: [['08:00', '17:00']], tue: [['08:00', '17:00']] });
    expect(checked.value.payment).toEqual({ iban: 'BG80BNBG96611020345678', bic: 'BNBGBGSD', codes: [{ code: '442100', label: { bg: 'Данък върху недвижимите имоти', en: 'Property tax' } }] });
    expect(checked.value.reception).toEqual({ bg: 'Сряда 14–16 ч.', en: 'Wednesday 2–4 pm' });
    expect(checked.value.phones).toEqual([{ number: '0745 69112', label: { bg: 'Централа', en: 'Switchboard' } }]);
    expect(checked.value.sources).toEqual({
      hours: { title: 'Заповед на кмета № 1', checked: '2026-11-20' },
      reception: { title: 'Правилник на администрацията', checked: '2026-11-21' },
      payment: { title: 'По данни на общината', checked: '2026-11-22' },
    });
  });

  it('leaves the hours unknown (not "closed every day") when no day is filled, and needs no source then', () => {
    const checked = check({});
    expect(checked).toEqual({ ok: true, value: { ...BEFORE, sources: {} } });
  });

  it('takes "as Monday" for a weekday, and an empty weekend day as closed', () => {
    const checked = check({ hours_mon: '08:00-12:00, 13:00-17:00', same_tue: '1', same_wed: '1', hours_thu: '08:00-12:00', same_fri: '1', hours_sat: '', ...sourceFor('hours') });
    expect(checked.ok && checked.value.hours).toEqual({
      mon: [['08:00', '12:00'], ['13:00', '17:00']],
      tue: [['08:00', '12:00'], ['13:00', '17:00']],
      wed: [['08:00', '12:00'], ['13:00', '17:00']],
      thu: [['08:00', '12:00']],
      fri: [['08:00', '12:00'], ['13:00', '17:00']],
    });
  });

  it('takes a weekday ticked "as Monday" whose own hours are the same as Monday', () => {
    const checked = check({ hours_mon: '08:00-17:00', hours_tue: '8:00-17:00', same_tue: '1', ...sourceFor('hours') });
    expect(checked.ok && checked.value.hours).toEqual({ mon: [['08:00', '17:00']], tue: [['08:00', '17:00']] });
  });

  it('records a source named for a block it did not change: the block was checked again', () => {
    const checked = check(sourceFor('contacts', 'Сайт на общината'));
    expect(checked.ok && checked.value.sources).toEqual({ contacts: { title: 'Сайт на общината', checked: '2026-11-20' } });
  });

  it.each([
    ['hours that do not parse', { hours_wed: '8-17' }, 'hours_wed'],
    ['a weekday ticked "as Monday" with other hours', { hours_mon: '08:00-17:00', same_wed: '1', hours_wed: '09:00-12:00', ...sourceFor('hours') }, 'hours_wed'],
    ['new hours without their source', { hours_mon: '08:00-17:00' }, 'hours_source_title'],
    ['a reception day without its source', { reception_bg: 'Сряда', reception_en: 'Wednesday' }, 'reception_source_title'],
    ['a changed phone without its source', { phones: '0745 69113 | Централа | Switchboard' }, 'contacts_source_title'],
    ['a source of the bank account dated in the future', { iban: 'BG80BNBG96611020345678', ...sourceFor('payment', 'Договор', '2026-12-01') }, 'payment_source_date'],
    ['a source address that is not a web page', { contacts_source_url: 'javascript:alert(1)', contacts_source_title: 'Сайт' }, 'contacts_source_url'],
    ['a source address without its title', { contacts_source_url: 'https://petrich.bg' }, 'contacts_source_title'],
    ['a reception day in one language only', { reception_bg: 'Сряда', ...sourceFor('reception') }, 'reception_en'],
    ['an IBAN that is not Bulgarian', { iban: 'DE89370400440532013000' }, 'iban'],
    ['payment codes without an IBAN', { codes: '442100 | Данък' }, 'iban'],
    ['a payment code that is not six digits', { iban: 'BG80BNBG96611020345678', codes: '4421 | Данък' }, 'codes'],
    ['no phone', { phones: '' }, 'phones'],
    ['a phone with letters', { phones: 'call me | Централа' }, 'phones'],
    ['an e-mail without its label', { emails: 'info@petrich.bg' }, 'emails'],
  ])('refuses %s, naming the field', (_case, fields, field) => {
    const checked = check(fields);
    expect(!checked.ok && checked.errors.map((e) => e.field)).toContain(field);
  });

  it('words a missing source with its block, in Bulgarian', () => {
    const checked = check({ hours_mon: '08:00-17:00' });
    expect(!checked.ok && checked.errors.map((e) => e.message)).toEqual(['Работно време – Източник: посочете документа или „по данни на общината“']);
  });
});

describe('editing the files', () => {
  const service = `# A comment the clerk wrote
id: dog-registration
notes:
  - bg: Ако кучето е с чип, носете паспорта му.
    en: Bring the dog's passport if it is chipped.
    source: a
  - bg: Таксата и срокът в Община Петрич не са потвърдени – уточнете ги в ЦАО.
    en: Petrich's fee and deadline are not confirmed; ask at the service centre.
    source: a
sources:
  - id: a
    title: Наредба
    checked: 2026-11-24
    scope: petrich
`;

  it('writes the speeds with a new source, keeps comments and takes out the note that called them unconfirmed', () => {
    const doc = parseDocument(service);
    setSpeeds([{ speed: 'regular', fee: { cents: 500 } }], { title: 'Решение на ОбС № 1', checked: '2026-11-28' })(doc);
    const text = doc.toString();
    expect(text).toContain('# A comment the clerk wrote');
    expect(text).toContain('eur: 5.00\n'); // money with its two decimals, as the files write it
    const data = doc.toJS() as { speeds: unknown; notes: Array<{ bg: string }>; sources: Array<{ id: string; scope: string; checked: string }> };
    expect(data.speeds).toEqual({ source: 'staff-2026-11-28', items: [{ speed: 'regular', fee: { eur: 5 } }] });
    expect(data.notes.map((n) => n.bg)).toEqual(['Ако кучето е с чип, носете паспорта му.']);
    expect(data.sources.at(-1)).toMatchObject({ id: 'staff-2026-11-28', scope: 'petrich', checked: '2026-11-28' });
  });

  it('gives a second save on the same day its own source id, and takes out the first one no fact cites any more', () => {
    const doc = parseDocument(service);
    setSpeeds([{ speed: 'regular', fee: { cents: 500 } }], { title: 'A', checked: '2026-11-28' })(doc);
    setSpeeds([{ speed: 'regular', fee: { cents: 600 } }], { title: 'B', checked: '2026-11-28' })(doc);
    const data = doc.toJS() as { speeds: { source: string }; sources: Array<{ id: string }> };
    expect(data.speeds.source).toBe('staff-2026-11-28-2');
    expect(data.sources.map((s) => s.id)).toEqual(['a', 'staff-2026-11-28-2']);
  });

  it('writes a fee given in leva with the leva of the source', () => {
    const doc = parseDocument(service);
    setSpeeds([{ speed: 'regular', fee: { cents: 511, levaCents: 1000 } }], { title: 'A', checked: '2026-11-28' })(doc);
    expect(doc.toString()).toMatch(/eur: 5\.11\n\s+bgn: 10\.00\n/);
  });

  const priced = `id: tree-felling
speeds:
  source: a
  items:
    - speed: regular
      fee:
        eur: 2.56
        bgn: 5.00
        per: { bg: 1 m³, en: m³ }
        note:
          bg: Цената е 5,00 лв.
          en: The price is 5.00 leva.
sources:
  - id: a
    title: Наредба
    checked: 2026-11-24
    scope: petrich
`;
  const feeAfter = (fee: { cents: number; levaCents?: number }) => {
    const doc = parseDocument(priced);
    setSpeeds([{ speed: 'regular', fee }], { title: 'B', checked: '2026-11-28' })(doc);
    return (doc.toJS() as { speeds: { items: Array<{ fee: unknown }> } }).speeds.items[0].fee;
  };

  it.each([
    ['the same amount in euro', { cents: 256 }, { eur: 2.56, bgn: 5, per: { bg: '1 m³', en: 'm³' }, note: { bg: 'Цената е 5,00 лв.', en: 'The price is 5.00 leva.' } }],
    ['the same amount in leva', { cents: 256, levaCents: 500 }, { eur: 2.56, bgn: 5, per: { bg: '1 m³', en: 'm³' }, note: { bg: 'Цената е 5,00 лв.', en: 'The price is 5.00 leva.' } }],
    ['another amount', { cents: 300 }, { eur: 3, per: { bg: '1 m³', en: 'm³' } }],
    ['another amount in leva', { cents: 307, levaCents: 600 }, { eur: 3.07, bgn: 6, per: { bg: '1 m³', en: 'm³' } }],
  ])('keeps what a fee is charged per, and its leva and note only with %s', (_case, fee, expected) => {
    expect(feeAfter(fee)).toEqual(expected);
  });

  it.each([
    [{ bg: 'Таксата не е потвърдена.' }, true],
    [{ en: 'The deadline has not been published.' }, true],
    [{ bg: 'Срокът е 7 дни.' }, false],
    [{ bg: 'Адресът не е потвърден.' }, false],
  ])('a note %j calls a fee or deadline unconfirmed: %s', (note, expected) => {
    expect(callsUnconfirmed(note)).toBe(expected);
  });

  const municipality = `name: { bg: Община, en: Municipality }
phones:
  - number: "0745 69112"
    label: { bg: Централа, en: Switchboard }
    source: old
emails: []
sources:
  - id: old
    title: Old
    checked: 2026-01-01
    scope: petrich
`;
  const facts: MunicipalityFacts = {
    phones: [{ number: '0745 69112', label: { bg: 'Централа', en: 'Switchboard' } }],
    emails: [],
    sources: {},
  };
  const order = { title: 'Заповед на кмета', checked: '2026-11-28' };
  type Data = { hours?: unknown; reception?: { source: string }; phones: Array<{ source: string }>; sources: Array<{ id: string; title: string }> };

  it('keeps the source of what the clerk did not change, and adds one for what changed', () => {
    const unchanged = parseDocument(municipality);
    setMunicipalityFacts(facts)(unchanged);
    expect(unchanged.toString()).toBe(parseDocument(municipality).toString());

    const changed = parseDocument(municipality);
    setMunicipalityFacts({ ...facts, hours: { mon: [['08:00', '17:00']] }, sources: { hours: order } })(changed);
    const data = changed.toJS() as Data;
    expect(data.hours).toEqual({ weekly: { mon: [['08:00', '17:00']] }, source: 'staff-2026-11-28' });
    expect(data.phones[0].source).toBe('old');
    expect(data.sources.map((s) => s.id)).toEqual(['old', 'staff-2026-11-28']);
  });

  it('gives each block the source named for it', () => {
    const doc = parseDocument(municipality);
    const reception = { bg: 'Сряда', en: 'Wednesday' };
    setMunicipalityFacts({ ...facts, hours: { mon: [['08:00', '17:00']] }, reception, sources: { hours: order, reception: { title: 'Правилник', checked: '2026-11-27' } } })(doc);
    const data = doc.toJS() as Data;
    expect(data.reception).toEqual({ ...reception, source: 'staff-2026-11-27' });
    expect(data.sources.map((s) => [s.id, s.title])).toEqual([['old', 'Old'], ['staff-2026-11-28', 'Заповед на кмета'], ['staff-2026-11-27', 'Правилник']]);
  });

  it('gives every phone the source named for unchanged contacts (checked again), and drops the source nothing cites', () => {
    const doc = parseDocument(municipality);
    setMunicipalityFacts({ ...facts, sources: { contacts: order } })(doc);
    const data = doc.toJS() as Data;
    expect(data.phones[0].source).toBe('staff-2026-11-28');
    expect(data.sources.map((s) => s.id)).toEqual(['old', 'staff-2026-11-28']); // "old" is not the console's: it stays
  });

  it('writes no changed block without its source', () => {
    const doc = parseDocument(municipality);
    setMunicipalityFacts({ ...facts, hours: { mon: [['08:00', '17:00']] } })(doc);
    expect(doc.toString()).toBe(parseDocument(municipality).toString());
  });
});

describe('every amount from 0.00 to 99.99 € from the form to the file and back', () => {
  // The form's three fee fields take three amounts a save; the HTTP test (factsAmountsHttp.test.ts)
  // posts a sample through the running console, this one every amount through the same functions.
  const service = `id: x
speeds:
  source: a
  items:
    - speed: regular
      fee: { eur: 1 }
sources:
  - id: a
    title: Наредба
    checked: 2026-11-24
    scope: petrich
`;
  // Each amount in one spelling here (the parser's test reads every amount in each); the three fields take turns.
  const spellings = [(cents: number) => centsText(cents), (cents: number) => centsText(cents).replace(',', '.'), (cents: number) => `${centsText(cents)} €`];
  const spell = (cents: number) => spellings[Math.trunc(cents / 3) % spellings.length](cents);
  it('is saved and read back exactly', () => {
    const wrong: string[] = [];
    for (let first = 0; first < 10_000; first += SPEEDS.length) {
      const amounts = SPEEDS.map((speed, i) => [speed, first + i] as const).filter(([, cents]) => cents < 10_000);
      const checked = checkSpeedsForm({ ...SOURCE, ...Object.fromEntries(amounts.map(([speed, cents]) => [`${speed}_fee`, spell(cents)])) }, TODAY, t);
      if (!checked.ok) {
        wrong.push(...checked.errors.map((e) => e.message));
        continue;
      }
      const doc = parseDocument(service);
      setSpeeds(checked.value.items, checked.value.source)(doc);
      const text = doc.toString();
      const saved = z.array(SpeedOption).parse((parseDocument(text).toJS() as { speeds: { items: unknown } }).speeds.items);
      const shown = speedsFields({ speeds: { source: 'a', items: saved } } as ServiceEntry);
      for (const [speed, cents] of amounts) {
        const yaml = `eur: ${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}\n`;
        const fee = saved.find((s) => s.speed === speed)?.fee;
        if (!text.includes(yaml) || fee === undefined || centsOf(fee.eur) !== cents || shown[`${speed}_fee`] !== centsText(cents)) wrong.push(spell(cents));
      }
    }
    expect(wrong).toEqual([]);
  });
});
