import { describe, expect, it } from '@jest/globals';
import { canonical, letterCount, tokenize } from '../../src/search/canonical.js';
import { bundledKnowledge } from '../support/pipeline.js';
import { TextPipeline } from '../../src/search/analyze.js';
import { stemBulgarian, stemEnglish } from '../../src/search/stem.js';
import { compileSynonyms, expandSynonyms } from '../../src/search/synonyms.js';
import { buildVocabulary, detectLanguage } from '../../src/search/language.js';

const kb = await bundledKnowledge();
const pipeline = new TextPipeline(kb.lexicon);
const key = (word: string) => pipeline.termKey(word, 'bg');
const analyzeText = (text: string, lang: 'bg' | 'en') => pipeline.analyzeText(text, lang);
const analyzeQuery = (text: string, lang: 'bg' | 'en') => pipeline.analyzeQuery(text, lang);
const smalltalkOf = (text: string) => pipeline.smalltalkOf(pipeline.read(text));

describe('canonical spelling', () => {
  it.each([
    [['платя', 'platya', 'platia', 'platq', 'PLATQ'], 'platia'],
    [['наследници', 'naslednici', 'naslednitsi', 'НАСЛЕДНИЦИ'], 'naslednitsi'],
    [['куче', 'kuche', 'ku4e'], 'kuche'],
    [['щипка', 'shtipka', '6tipka'], 'shtipka'],
    [['шапка', 'shapka', '6apka'], 'shapka'],
    [['жалба', 'zhalba', 'jalba'], 'zhalba'],
    [['юли', 'yuli', 'iuli'], 'iuli'],
    [['вода', 'voda', 'woda'], 'voda'],
  ])('%j all become %s', (variants, expected) => {
    for (const v of variants) expect(canonical(v)).toBe(expected);
  });

  it('keeps numbers as numbers: 4 and 6 are letters only inside words', () => {
    expect(canonical('2024')).toBe('2024');
    expect(canonical('4')).toBe('4');
    expect(canonical('ku4e')).toBe('kuche');
  });

  it('keeps й (NFD would split it into и and a breve)', () => {
    expect(canonical('район')).toBe('raion');
    expect(canonical('ра\u0438\u0306он')).toBe('raion'); // decomposed input is recomposed first
  });

  it('reads mixed-script words', () => {
    expect(canonical('данъk')).toBe('danak');
  });

  it('counts letters as Bulgarian letters', () => {
    expect(letterCount(canonical('щипка'))).toBe(5);
  });

  it('tokenizes on punctuation and keeps digits inside words', () => {
    expect(tokenize('Препис-извлечение, ku4e 2026!')).toEqual(['Препис', 'извлечение', 'ku4e', '2026']);
  });
});

describe('Bulgarian stemmer', () => {
  it.each([
    [['удостоверение', 'удостоверения', 'удостоверението', 'udostoverenieto']],
    [['наследник', 'наследника', 'наследникът', 'наследници', 'naslednici']],
    [['данък', 'данъка', 'данъкът', 'данъци', 'danaka', 'danatsi']],
    [['такса', 'таксата', 'таксите']],
    [['регистрация', 'регистрации', 'регистрацията', 'registraciq']],
    [['куче', 'кучета', 'кучето']],
    [['отпадък', 'отпадъци', 'отпадъците']],
  ])('%j share one stem', (words) => {
    const stems = new Set(words.map((w) => key(w)));
    expect(stems.size).toBe(1);
  });

  it('keeps такси (taxi) apart from такса (fee)', () => {
    expect(key('такси')).not.toBe(key('такса'));
    expect(key('taksi')).toBe(key('такси'));
  });

  it('leaves ъ typed as u to fuzzy matching rather than folding u into a', () => {
    expect(key('danuk')).not.toBe(key('данък'));
  });

  it('leaves short words and numbers alone', () => {
    expect(stemBulgarian('dom')).toBe('dom');
    expect(stemBulgarian('2026')).toBe('2026');
  });

  it('stems English plurals and verb forms', () => {
    expect(stemEnglish('certificates')).toBe(stemEnglish('certificate'));
    expect(stemEnglish('married')).toBe(stemEnglish('marry'));
    expect(stemEnglish('taxes')).toBe(stemEnglish('tax'));
    expect(stemEnglish('status')).toBe('status');
  });
});

describe('stop words and facets', () => {
  it('removes question and filler words in both scripts', () => {
    expect(analyzeText('Как да си платя данъка', 'bg')).toEqual(analyzeText('kak da si platq danaka', 'bg'));
    expect(analyzeText('Искам да попитам нещо', 'bg')).toEqual([]);
  });

  it('keeps content words that generic stop-word lists drop', () => {
    expect(analyzeText('нова година време', 'bg')).toHaveLength(3);
  });

  it('marks words that ask about a part of a service', () => {
    const facets = analyzeQuery('а колко струва?', 'bg').filter((t) => t.facet).map((t) => t.facet);
    expect(facets).toEqual(['fee']);
    expect(analyzeQuery('how long does it take', 'en').some((t) => t.facet === 'deadline')).toBe(true);
    expect(analyzeQuery('какви документи', 'bg').some((t) => t.facet === 'documents')).toBe(true);
  });

  it('recognises greetings and thanks only when the message is nothing else', () => {
    expect(smalltalkOf('Здравейте!')).toBe('hello');
    expect(smalltalkOf('Благодаря ви')).toBe('thanks');
    expect(smalltalkOf('thank you')).toBe('thanks');
    expect(smalltalkOf('Здравейте, трябва ми скица')).toBeNull();
  });
});

describe('synonyms', () => {
  const table = compileSynonyms([['такса смет', 'такса за битови отпадъци'], ['кола', 'автомобил']], 'bg', pipeline);

  it('expands a colloquial phrase into the official one, tied to the words it stands for', () => {
    const keys = analyzeText('кога се плаща такса смет', 'bg');
    const [expansion] = expandSynonyms(keys, table);
    expect(expansion.keys).toEqual(expect.arrayContaining(analyzeText('битови отпадъци', 'bg')));
    expect(expansion.covers.map((i) => keys[i])).toEqual(analyzeText('такса смет', 'bg'));
  });

  it('matches phrases typed in Latin letters too', () => {
    expect(expandSynonyms(analyzeText('danak za kolata', 'bg'), table)).toHaveLength(1);
  });

  it('finds nothing when no phrase is present', () => {
    expect(expandSynonyms(analyzeText('скица на имот', 'bg'), table)).toEqual([]);
  });
});

describe('language detection', () => {
  const vocabulary = buildVocabulary(['Удостоверение за наследници', 'данък върху превозните средства'], ['Certificate of heirs', 'vehicle tax'], kb.lexicon.stopwords);

  it.each([
    ['Как да получа удостоверение?', 'bg'],
    ['kak da si platq danaka', 'bg'],
    ['udostoverenie za naslednici', 'bg'],
    ['How do I get a certificate of heirs?', 'en'],
    ['vehicle tax please', 'en'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(pipeline.read(text), vocabulary)).toBe(lang);
  });

  it('says nothing when the words do not tell', () => {
    expect(detectLanguage(pipeline.read('xyz 123'), vocabulary)).toBeUndefined();
  });
});
