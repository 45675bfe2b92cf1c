// The forms in which clerks fill in fees, deadlines, hours and the bank account, and the edits they
// make to the YAML files: tables of what is accepted, what is refused (naming the field) and what
// the file looks like afterwards.
import { describe, expect, it } from '@jest/globals';
import { parseDocument } from 'yaml';
import { createI18n, translator } from '../../src/common/i18n.js';
import { callsUnconfirmed, setMunicipalityFacts, setSpeeds } from '../../src/staff/factsEdits.js';
import { checkMunicipalityForm, checkSpeedsForm, parsePeriods } from '../../src/staff/factsForm.js';
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
          { speed: 'regular', deadline: { unit: 'days', amount: 7, days: 'working' }, fee: { eur: 12.5 } },
          { speed: 'express', deadline: { unit: 'immediately' }, fee: { eur: 30 } },
        ],
        source: { title: SOURCE.source_title, checked: '2026-11-20' },
      },
    });
  });

  it('takes a fee without a deadline (the card then asks to confirm the deadline)', () => {
    const checked = checkSpeedsForm({ ...SOURCE, regular_fee: '0' }, TODAY, t);
    expect(checked.ok && checked.value.items).toEqual([{ speed: 'regular', fee: { eur: 0 } }]);
  });

  it.each([
    ['a fee in words', { regular_fee: 'десет лева' }, 'regular_fee'],
    ['a negative fee', { regular_fee: '-5' }, 'regular_fee'],
    ['a fee with a fraction of a cent', { regular_fee: '1.234' }, 'regular_fee'],
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
    expect(!checked.ok && checked.errors[0].message).toMatch(/^Такса – Експресна услуга: /);
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
  const base = { ...SOURCE, phones: '0745 69112 | Централа | Switchboard', emails: '' };

  it('reads hours, the reception day, the bank account with its codes and the contacts', () => {
    const checked = checkMunicipalityForm(
      { ...base, hours_mon: '08:00-17:00', hours_tue: '08:00-17:00', reception_bg: 'Сряда 14–16 ч.', reception_en: 'Wednesday 2–4 pm', iban: 'bg80 bnbg 9661 1020 3456 78', bic: 'bnbgbgsd', codes: '442100 | Данък върху недвижимите имоти | Property tax' },
      TODAY,
      t,
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.hours).toEqual({ mon: [['08:00', '17:00']], tue: [['08:00', '17:00']] });
    expect(checked.value.payment).toEqual({ iban: 'BG80BNBG96611020345678', bic: 'BNBGBGSD', codes: [{ code: '442100', label: { bg: 'Данък върху недвижимите имоти', en: 'Property tax' } }] });
    expect(checked.value.reception).toEqual({ bg: 'Сряда 14–16 ч.', en: 'Wednesday 2–4 pm' });
    expect(checked.value.phones).toEqual([{ number: '0745 69112', label: { bg: 'Централа', en: 'Switchboard' } }]);
  });

  it('leaves the hours unknown (not "closed every day") when no day is filled', () => {
    const checked = checkMunicipalityForm(base, TODAY, t);
    expect(checked.ok && checked.value.hours).toBeUndefined();
  });

  it.each([
    ['hours that do not parse', { hours_wed: '8-17' }, 'hours_wed'],
    ['a reception day in one language only', { reception_bg: 'Сряда' }, 'reception'],
    ['an IBAN that is not Bulgarian', { iban: 'DE89370400440532013000' }, 'iban'],
    ['payment codes without an IBAN', { codes: '442100 | Данък' }, 'iban'],
    ['a payment code that is not six digits', { iban: 'BG80BNBG96611020345678', codes: '4421 | Данък' }, 'codes'],
    ['no phone', { phones: '' }, 'phones'],
    ['a phone with letters', { phones: 'call me | Централа' }, 'phones'],
    ['an e-mail without its label', { emails: 'info@petrich.bg' }, 'emails'],
  ])('refuses %s, naming the field', (_case, fields, field) => {
    const checked = checkMunicipalityForm({ ...base, ...fields }, TODAY, t);
    expect(!checked.ok && checked.errors.map((e) => e.field)).toContain(field);
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
    setSpeeds([{ speed: 'regular', fee: { eur: 5 } }], { title: 'Решение на ОбС № 1', checked: '2026-11-28' })(doc);
    const text = doc.toString();
    expect(text).toContain('# A comment the clerk wrote');
    const data = doc.toJS() as { speeds: unknown; notes: Array<{ bg: string }>; sources: Array<{ id: string; scope: string; checked: string }> };
    expect(data.speeds).toEqual({ source: 'staff-2026-11-28', items: [{ speed: 'regular', fee: { eur: 5 } }] });
    expect(data.notes.map((n) => n.bg)).toEqual(['Ако кучето е с чип, носете паспорта му.']);
    expect(data.sources.at(-1)).toMatchObject({ id: 'staff-2026-11-28', scope: 'petrich', checked: '2026-11-28' });
  });

  it('gives a second save on the same day its own source id', () => {
    const doc = parseDocument(service);
    setSpeeds([{ speed: 'regular', fee: { eur: 5 } }], { title: 'A', checked: '2026-11-28' })(doc);
    setSpeeds([{ speed: 'regular', fee: { eur: 6 } }], { title: 'B', checked: '2026-11-28' })(doc);
    expect((doc.toJS() as { speeds: { source: string } }).speeds.source).toBe('staff-2026-11-28-2');
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
  const facts = {
    phones: [{ number: '0745 69112', label: { bg: 'Централа', en: 'Switchboard' } }],
    emails: [],
    source: { title: 'Заповед на кмета', checked: '2026-11-28' },
  };

  it('keeps the source of what the clerk did not change, and adds one for what changed', () => {
    const unchanged = parseDocument(municipality);
    setMunicipalityFacts(facts)(unchanged);
    expect(unchanged.toString()).toBe(parseDocument(municipality).toString());

    const changed = parseDocument(municipality);
    setMunicipalityFacts({ ...facts, hours: { mon: [['08:00', '17:00']] } })(changed);
    const data = changed.toJS() as { hours: unknown; phones: Array<{ source: string }>; sources: Array<{ id: string }> };
    expect(data.hours).toEqual({ weekly: { mon: [['08:00', '17:00']] }, source: 'staff-2026-11-28' });
    expect(data.phones[0].source).toBe('old');
    expect(data.sources.map((s) => s.id)).toEqual(['old', 'staff-2026-11-28']);
  });
});
