// Word forms from a Hunspell dictionary: a small affix file written for this test, then the Bulgarian
// dictionary the bot uses (the dictionary-bg package).
import { describe, expect, it } from '@jest/globals';
import { bulgarianMorphology } from '../../src/search/bulgarianDictionary.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { canonical } from '../../src/search/canonical.js';
import { DerivationFile } from '../../src/knowledge/lexiconSchema.js';
import { derivationFamilies, lemmaTable, Morphology } from '../../src/search/morphology.js';

const AFF = ['SET UTF-8', 'SFX A Y 3', 'SFX A 0 а .', 'SFX A 0 ът .', 'SFX A 0 ове .', 'SFX Q Y 2', 'SFX Q я их я', 'SFX Q я ил я'].join('\n');
const DIC = ['3', 'данък/A', 'платя/Q', 'плат/A'].join('\n');

describe('a Hunspell dictionary', () => {
  const m = Morphology.parse(AFF, DIC);

  it('finds the lemma of a form by its suffix rules', () => {
    expect(m.lemmasOf('данъка')).toEqual(['данък']);
    expect(m.lemmasOf('платих')).toEqual(['платя']);
    expect(m.lemmasOf('данък')).toEqual(['данък']);
    expect(m.lemmasOf('данъци')).toEqual([]);
  });

  it('gives every form of a lemma', () => {
    expect(m.formsOf('данък').sort()).toEqual(['данък', 'данъка', 'данъкове', 'данъкът']);
    expect(m.formsOf('платя').sort()).toEqual(['платил', 'платих', 'платя']);
  });

  it('maps the forms of the vocabulary to their lemma, in the spelling key that Latin letters share', () => {
    const table = lemmaTable(m, ['данък', 'платя'], canonical);
    expect(table.get(canonical('данъка'))).toBe(canonical('данък'));
    expect(table.get('platih')).toBe(canonical('платя'));
    // A lemma is not mapped to itself, and words outside the vocabulary's paradigms are left alone.
    expect(table.has(canonical('данък'))).toBe(false);
    expect(table.has(canonical('плата'))).toBe(false);
  });

  it('leaves short forms and forms of two lemmas as they are', () => {
    // "кола" is a form of "кол" (+а) and of "ко" (+ла): it keeps its own key, even where only one of them is in the vocabulary.
    const twoLemmas = Morphology.parse(['SFX A Y 1', 'SFX A 0 а .', 'SFX B Y 1', 'SFX B 0 ла .'].join('\n'), ['2', 'кол/A', 'ко/B'].join('\n'));
    expect(twoLemmas.lemmasOf('кола').sort()).toEqual(['ко', 'кол']);
    expect(lemmaTable(twoLemmas, ['кол', 'ко'], canonical, 3).has(canonical('кола'))).toBe(false);
    expect(lemmaTable(twoLemmas, ['кол'], canonical, 3).has(canonical('кола'))).toBe(false);
    // Shorter than the minimum: left alone.
    expect(lemmaTable(m, ['данък'], canonical, 7).has(canonical('данъка'))).toBe(false);
  });
});

describe('derived words', () => {
  const aff = ['SFX A Y 1', 'SFX A 0 та .', 'SFX V Y 1', 'SFX V м х м'].join('\n');
  const dic = ['4', 'декларация/A', 'декларирам/V', 'деклариране/A', 'хам/V'].join('\n');
  const m = Morphology.parse(aff, dic);
  const groups = [['ирам', 'иране', 'ация'], ['ам', 'ане']];

  it('joins the lemmas one stem makes with the endings of a group, keyed by the shortest', () => {
    const families = derivationFamilies(m, ['декларация'], groups);
    expect(families.get('декларирам')).toBe('декларация');
    expect(families.get('деклариране')).toBe('декларация');
  });

  it('never makes a word the dictionary does not list, nor cuts a stem too short', () => {
    expect(derivationFamilies(m, ['хам'], groups).size).toBe(0);
    expect(derivationFamilies(m, ['декларация'], [['ация', 'ия']]).size).toBe(0);
  });

  it('reads every form of a family as its head', () => {
    const table = lemmaTable(m, ['декларация'], canonical, 4, groups);
    expect(table.get(canonical('декларирах'))).toBe(canonical('декларация'));
    expect(table.get(canonical('декларирам'))).toBe(canonical('декларация'));
    expect(lemmaTable(m, ['декларация'], canonical).has(canonical('декларирам'))).toBe(false);
  });
});

describe('the Bulgarian dictionary', () => {
  const bg = bulgarianMorphology();
  const derivation = DerivationFile.parse(parse(readFileSync(new URL('../../knowledge/lexicon/derivation.yaml', import.meta.url), 'utf8')));
  it.each([
    ['платих', 'платя'],
    ['кръщелното', 'кръщелен'],
    ['удостоверенията', 'удостоверение'],
    ['декларирах', 'декларирам'],
    ['скиците', 'скица'],
  ])('%s is a form of %s', (form, lemma) => {
    expect(bg.lemmasOf(form)).toContain(lemma);
  });

  it.each([
    ['променя', 'промяна'],
    ['променям', 'промяна'],
    ['декларирам', 'декларация'],
    ['плащам', 'плащане'],
  ])('with the bundled derivation groups, %s reads as %s', (word, head) => {
    const table = lemmaTable(bg, [head], canonical, 4, derivation.bg);
    expect(table.get(canonical(word)) ?? canonical(word)).toBe(table.get(canonical(head)) ?? canonical(head));
  });

  it('is read once per process', () => {
    expect(bulgarianMorphology()).toBe(bg);
  });
});
