// The text pipeline built from the word lists of a knowledge folder (lexicon/): the fixture's,
// unless a test of the live folder names knowledge/.
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { TextPipeline } from '../../src/search/analyze.js';
import { paths } from './paths.js';

export async function bundledKnowledge(dir: string = paths.knowledgeDir): Promise<KnowledgeBase> {
  const result = await loadKnowledge(dir);
  if (!result.ok) throw new Error(`the knowledge base in ${dir} has problems: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return result.kb;
}

export async function bundledPipeline(dir: string = paths.knowledgeDir): Promise<TextPipeline> {
  return new TextPipeline((await bundledKnowledge(dir)).lexicon);
}
