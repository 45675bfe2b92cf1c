// Changes staff make to knowledge/ from the console: a question becomes an example of an entry, or
// the start of a draft topic. YAML is edited as a document, so comments and layout stay as far as
// the yaml library allows; the result is validated as a whole knowledge base before it replaces
// the file, and the file is replaced atomically (temporary file, then rename).
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isSeq, parseDocument } from 'yaml';
import { readKnowledgeFiles } from '../knowledge/load.js';
import { parseKnowledge } from '../knowledge/parse.js';
import { formatProblem, type KnowledgeBase } from '../knowledge/types.js';

export class KnowledgeEditError extends Error {}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, file);
}

const FOLDER = { service: 'services', topic: 'topics', redirect: 'redirects' } as const;

/** Adds a question as an example of an entry; returns the relative path of the changed file. */
export async function addExample(knowledgeDir: string, kb: KnowledgeBase, entryId: string, lang: 'bg' | 'en', question: string): Promise<string> {
  const entry = kb.byId.get(entryId);
  if (!entry) throw new KnowledgeEditError(`no entry has the id "${entryId}"`);
  const relative = `${FOLDER[entry.kind]}/${entryId}.yaml`;
  const file = join(knowledgeDir, relative);
  const original = await readFile(file, 'utf8');
  const doc = parseDocument(original);
  const list = doc.getIn(['examples', lang]);
  if (!isSeq(list)) throw new KnowledgeEditError(`${relative}: examples.${lang} is not a list`);
  const text = question.replace(/\s+/g, ' ').trim();
  if (list.items.some((item) => String((item as { value?: unknown }).value ?? item).trim() === text)) return relative;
  list.add(doc.createNode(text));
  // No line folding and no padding in [a, b]: the file keeps the layout staff wrote.
  const updated = doc.toString({ lineWidth: 0, flowCollectionPadding: false });

  // Check the whole knowledge base with the change before it replaces the file.
  const files = (await readKnowledgeFiles(knowledgeDir)).map((f) => (f.path === relative ? { ...f, text: updated } : f));
  const result = parseKnowledge(files);
  if (!result.ok) throw new KnowledgeEditError(result.problems.map(formatProblem).join('\n'));
  await writeAtomically(file, updated);
  return relative;
}

/** Starts a draft topic in knowledge/drafts/ (not loaded by the bot until staff complete and move it). */
export async function createDraftTopic(knowledgeDir: string, question: string, lang: 'bg' | 'en', today: string): Promise<string> {
  const id = `draft-${today}-${randomUUID().slice(0, 8)}`;
  const relative = `drafts/${id}.yaml`;
  const quoted = JSON.stringify(question.replace(/\s+/g, ' ').trim());
  const text = [
    `# Draft topic started from an unanswered question on ${today}. Complete every field, add a source`,
    `# for each fact, rename the file to its final id and move it to topics/; then run npm run kb:check.`,
    `id: ${id}`,
    'title: { bg: "", en: "" }',
    'summary: { bg: "", en: "" }',
    'body: []',
    'examples:',
    `  ${lang}: [${quoted}]`,
    `  ${lang === 'bg' ? 'en' : 'bg'}: []`,
    'keywords: { bg: [], en: [] }',
    'sources: []',
    '',
  ].join('\n');
  await writeAtomically(join(knowledgeDir, relative), text);
  return relative;
}
