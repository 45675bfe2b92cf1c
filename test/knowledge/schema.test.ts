import { describe, expect, it } from '@jest/globals';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';
import { parseKnowledge, type KnowledgeFile } from '../../src/knowledge/parse.js';
import { formatProblem } from '../../src/knowledge/types.js';
import { paths } from '../support/paths.js';

const municipality = `
name: { bg: Община Тест, en: Municipality of Test }
address: { bg: ул. Първа 1, en: 1 First St., source: s1 }
service_centre: { bg: Партер, en: Ground floor, source: s1 }
phones: [{ number: "0700 1", label: { bg: Централа, en: Switchboard }, source: s1 }]
website: { url: "https://example.org", source: s1 }
sources: [{ id: s1, title: Сайт, checked: 2026-11-24, scope: petrich }]
`;

const service = (id: string, extra = '') => `
id: ${id}
title: { bg: Услуга, en: Service }
summary: { bg: Кратко, en: Short }
documents: { source: s1, items: [{ bg: Заявление, en: Application }] }
where: { bg: В ЦАО, en: At the centre, source: s1 }
examples: { bg: [Как?], en: [How?] }
keywords: { bg: [дума], en: [word] }
sources: [{ id: s1, title: Наредба, checked: 2026-11-24, scope: national }]
${extra}`;

const feedback = `
reference_prefix: ТС
kinds: { complaint: {}, signal: { response: { amount: 2, unit: months }, source: s1 }, proposal: {}, praise: {} }
anonymous_rule: { bg: Анонимни не се разглеждат, en: Anonymous ones are not examined, source: s1 }
sources: [{ id: s1, title: АПК, checked: 2026-11-24, scope: national }]
`;

/** The bundled word lists: a knowledge base cannot be read without them. */
const lexicon = (await readKnowledgeFiles(paths.knowledgeDir)).filter((f) => f.path.startsWith('lexicon/'));

const kb = (...files: KnowledgeFile[]): KnowledgeFile[] => [{ path: 'municipality.yaml', text: municipality }, { path: 'feedback.yaml', text: feedback }, ...lexicon, ...files];

function problemsOf(files: KnowledgeFile[]): string[] {
  const result = parseKnowledge(files);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('knowledge schema', () => {
  it('accepts a minimal, sourced knowledge base', () => {
    const result = parseKnowledge(kb({ path: 'services/test-service.yaml', text: service('test-service') }));
    expect(result.ok).toBe(true);
  });

  it('names a missing or malformed word list', () => {
    const files = kb({ path: 'services/test-service.yaml', text: service('test-service') }).filter((f) => f.path !== 'lexicon/facets.yaml');
    const broken = files.map((f) => (f.path === 'lexicon/practical.yaml' ? { ...f, text: f.text.replace(/^ {2}months:\n {4}bg: \[януари, /m, '  months:\n    bg: [') } : f));
    expect(problemsOf(broken).sort()).toEqual([
      'lexicon/facets.yaml: (file): file is missing: copy it from the bundled knowledge/lexicon/',
      'lexicon/practical.yaml: hours.months.bg: list the twelve months, January first',
    ]);
  });

  it('accepts the bundled knowledge base', async () => {
    const result = parseKnowledge(await readKnowledgeFiles(paths.knowledgeDir));
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });

  it('names file, field and problem for a missing required field', () => {
    const text = service('a').replace(/^documents:.*$/m, '');
    expect(problemsOf(kb({ path: 'services/a.yaml', text }))).toContainEqual(expect.stringMatching(/^services\/a\.yaml: documents: /));
  });

  it('refuses a fact whose source is not listed', () => {
    const text = service('a').replace('where: { bg: В ЦАО, en: At the centre, source: s1 }', 'where: { bg: В ЦАО, en: At the centre, source: nowhere }');
    expect(problemsOf(kb({ path: 'services/a.yaml', text }))).toEqual([
      'services/a.yaml: where.source: names source "nowhere", which is not in this file\'s sources list',
    ]);
  });

  it('refuses a source scoped to another municipality (only petrich or national)', () => {
    const text = service('a').replace('scope: national', 'scope: typical');
    expect(problemsOf(kb({ path: 'services/a.yaml', text }))[0]).toMatch(/^services\/a\.yaml: sources\[0\]\.scope: /);
  });

  it('requires the id to match the file name', () => {
    expect(problemsOf(kb({ path: 'services/b.yaml', text: service('a') }))).toContain(
      'services/b.yaml: id: is "a" but the file is named "b.yaml": make them the same',
    );
  });

  it('reports related ids that do not exist', () => {
    const text = service('a', 'related: [ghost]');
    expect(problemsOf(kb({ path: 'services/a.yaml', text }))).toEqual(['services/a.yaml: related[0]: no entry has the id "ghost"']);
  });

  it('reports invalid YAML with the file name', () => {
    expect(problemsOf(kb({ path: 'services/a.yaml', text: 'id: [unclosed' }))[0]).toMatch(/^services\/a\.yaml: \(file\): not valid YAML/);
  });

  it('checks deadlines and fees', () => {
    const bad = service('a', `speeds:
  source: s1
  items:
    - speed: regular
      deadline: { unit: days }
    - speed: urgent
      fee: { eur: -1 }`);
    const problems = problemsOf(kb({ path: 'services/a.yaml', text: bad }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/speeds\.items\[0\]\.deadline\.amount: amount is required/),
      expect.stringMatching(/speeds\.items\[1\]\.speed: /),
      expect.stringMatching(/speeds\.items\[1\]\.fee\.eur: /),
    ]));
  });

  it('requires redirect ids to start with redirect-', () => {
    const text = service('moi').replace(/^documents:.*$/m, '').replace(/^where:.*$/m, 'institution: { name: { bg: МВР, en: Interior }, source: s1 }');
    expect(problemsOf(kb({ path: 'redirects/moi.yaml', text }))).toContainEqual(expect.stringMatching(/redirects\/moi\.yaml: id: a redirect id starts with "redirect-"/));
  });

  it('takes a short title of at most 20 characters in each language, for buttons', () => {
    const result = parseKnowledge(kb({ path: 'services/a.yaml', text: service('a', 'short_title: { bg: Услуга, en: Service }') }));
    expect(result.ok && result.kb.byId.get('a')?.short_title).toEqual({ bg: 'Услуга', en: 'Service' });
    const long = service('a', 'short_title: { bg: Удостоверение за наследници, en: Heirs }');
    expect(problemsOf(kb({ path: 'services/a.yaml', text: long }))).toContain('services/a.yaml: short_title.bg: at most 20 characters: it is shown on a button');
  });

  it('warns, without failing, about a title longer than a button with no short title', () => {
    const text = service('a').replace('title: { bg: Услуга, en: Service }', 'title: { bg: Удостоверение за наследници, en: Certificate of heirs }');
    const result = parseKnowledge(kb({ path: 'services/a.yaml', text }));
    expect(result.ok && result.warnings.map(formatProblem)).toEqual([expect.stringMatching(/^services\/a\.yaml: short_title: the title is longer than a button shows/)]);
    const shortened = parseKnowledge(kb({ path: 'services/a.yaml', text: `${text}\nshort_title: { bg: Наследници, en: Heirs certificate }` }));
    expect(shortened.ok && shortened.warnings).toEqual([]);
  });

  it('reports a missing municipality file', () => {
    expect(problemsOf([{ path: 'services/a.yaml', text: service('a') }])).toContain('municipality.yaml: (file): file is missing');
  });
});
