// The quality sets measure understanding, not memory: none of their questions may stand in the
// knowledge base as an example (compared after normalisation, so case and punctuation do not hide a copy).
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTsv } from '../../src/cli/eval.js';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';
import { parseKnowledge } from '../../src/knowledge/parse.js';
import { paths, root } from '../support/paths.js';
import { bundledPipeline } from '../support/pipeline.js';

const pipeline = await bundledPipeline();
const normalise = (text: string) => pipeline.analyzeText(text, 'bg').join(' ');

describe('quality sets stay out of the knowledge base', () => {
  const sets = [join(root, 'eval/questions.tsv'), join(root, '../shared/eval/dev.tsv')].filter(existsSync);

  it.each(sets)('%s', async (file) => {
    const result = parseKnowledge(await readKnowledgeFiles(paths.knowledgeDir));
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
});
