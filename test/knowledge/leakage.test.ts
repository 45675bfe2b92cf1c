// The quality sets measure understanding, not memory: none of their questions may stand in the
// knowledge base as an example (compared after normalisation, so case and punctuation do not hide a
// copy), and no run of words from a real message may stand anywhere in the knowledge files (word
// lists and signal phrases included), so the real messages are never special-cased.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTsv } from '../../src/cli/eval.js';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';
import { parseKnowledge } from '../../src/knowledge/parse.js';
import { canonical, tokenize } from '../../src/search/canonical.js';
import { liveKnowledgeDir, root } from '../support/paths.js';
import { bundledPipeline } from '../support/pipeline.js';

const pipeline = await bundledPipeline(liveKnowledgeDir);
const normalise = (text: string) => pipeline.analyzeText(text, 'bg').join(' ');

/** Runs of this many words in a row are long enough that sharing one means copying, not a common phrase. */
const RUN = 8;
const runs = (text: string): string[] => {
  const words = tokenize(text).map(canonical);
  return words.slice(0, Math.max(0, words.length - RUN + 1)).map((_, i) => words.slice(i, i + RUN).join(' '));
};

const sets = [join(root, 'eval/questions.tsv'), join(root, '../shared/eval/dev.tsv'), join(root, '../shared/eval/real-dev.tsv')].filter(existsSync);
/** The held-out sets (absent on a clone without ../shared, where their checks skip). */
const heldOut = sets.filter((f) => !f.startsWith(join(root, 'eval')));
const eachHeldOut = heldOut.length > 0 ? it.each(heldOut) : it.skip.each(['../shared/eval (absent)']);

describe('quality sets stay out of the knowledge base', () => {
  it.each(sets)('no question of %s is an example', async (file) => {
    const result = parseKnowledge(await readKnowledgeFiles(liveKnowledgeDir));
    if (!result.ok) throw new Error('knowledge base invalid');
    const examples = new Map<string, string>();
    for (const e of [...result.kb.entries, ...result.kb.intents]) {
      for (const ex of [...e.examples.bg, ...e.examples.en]) examples.set(normalise(ex), `${e.id}: ${ex}`);
    }
    const copies = parseTsv(readFileSync(file, 'utf8'))
      .map((c) => examples.get(normalise(c.question)))
      .filter((hit): hit is string => hit !== undefined && hit.length > 0);
    expect(copies).toEqual([]);
  });

  eachHeldOut('no page a message of %s came from is a source of the knowledge', async (file) => {
    const header = readFileSync(file, 'utf8').split(/\r?\n/)[0].split('\t');
    const column = header.indexOf('source');
    if (column < 0) return;
    const page = (url: string) => url.trim().replace(/^https?:\/\/(www\.)?/, '').replace(/\/+$/, '').toLowerCase();
    const pages = new Set(readFileSync(file, 'utf8').split(/\r?\n/).slice(1).map((line) => line.split('\t')[column]).filter(Boolean).map(page));
    const cited = (await readKnowledgeFiles(liveKnowledgeDir)).flatMap((f) => [...f.text.matchAll(/url:\s*(\S+)/g)].filter((m) => pages.has(page(m[1]))).map((m) => `${f.path}: ${m[1]}`));
    expect(cited).toEqual([]);
  });

  // The held-out sets only: the project's own set was written beside the knowledge base.
  eachHeldOut(`no run of ${RUN} words of %s stands in a knowledge file`, async (file) => {
    const files = await readKnowledgeFiles(liveKnowledgeDir);
    const known = new Map<string, string>();
    for (const f of files) for (const run of runs(f.text)) known.set(run, f.path);
    const shared = parseTsv(readFileSync(file, 'utf8')).flatMap((c) => runs(c.question).filter((r) => known.has(r)).map((r) => `${known.get(r)}: ${r}`));
    expect(shared).toEqual([]);
  });
});
