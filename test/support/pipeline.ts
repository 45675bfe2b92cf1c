// The text pipeline built from the bundled word lists (knowledge/lexicon/), for unit tests of
// the pieces that read text.
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { TextPipeline } from '../../src/search/analyze.js';
import { paths } from './paths.js';

export async function bundledKnowledge(): Promise<KnowledgeBase> {
  const result = await loadKnowledge(paths.knowledgeDir);
  if (!result.ok) throw new Error(`the bundled knowledge base has problems: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return result.kb;
}

export async function bundledPipeline(): Promise<TextPipeline> {
  return new TextPipeline((await bundledKnowledge()).lexicon);
}
