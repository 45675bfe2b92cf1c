// Changes staff make to knowledge/ from the console: a question becomes an example of an entry, or
// the start of a draft topic. YAML is edited as a document, so comments and layout stay as far as
// the yaml library allows; the result is validated as a whole knowledge base before it replaces
// the file, and the file is replaced atomically (temporary file, then rename).
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSeq, parseDocument, type Document } from 'yaml';
import { readKnowledgeFiles } from '../knowledge/load.js';
import { parseKnowledge } from '../knowledge/parse.js';
import { writeFileAtomically } from '../common/atomicWrite.js';
import { formatProblem, type KnowledgeBase, type KnowledgeProblem } from '../knowledge/types.js';

export class KnowledgeEditError extends Error {}

const FOLDER = { service: 'services', topic: 'topics', redirect: 'redirects' } as const;

/** The file of an entry, relative to the knowledge folder. */
export function entryFile(kb: KnowledgeBase, entryId: string): string {
  const entry = kb.byId.get(entryId);
  if (!entry) throw new KnowledgeEditError(`no entry has the id "${entryId}"`);
  return `${FOLDER[entry.kind]}/${entryId}.yaml`;
}

/** A change to one knowledge file: it edits the parsed document in place. */
export type DocumentEdit = (doc: Document) => void;

/** A knowledge file after an edit, and the whole knowledge base checked with it. */
export interface EditedKnowledge {
  relative: string;
  text: string;
  changed: boolean;
  problems: KnowledgeProblem[];
  /** The knowledge base with the change, when it has no problems (for a preview). */
  kb?: KnowledgeBase;
}

/** A path inside the knowledge folder: segments of letters, digits, '_', '-' and '.', none starting with '.' (so no '..'). */
const KNOWLEDGE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.ya?ml$/;

/** Refuses a path that could leave the knowledge folder or is not a YAML file. */
export function checkKnowledgePath(relative: string): void {
  if (relative.length > 200 || !KNOWLEDGE_PATH.test(relative)) throw new KnowledgeEditError(`not a knowledge file: ${JSON.stringify(relative.slice(0, 200))}`);
}

/**
 * Applies an edit to `original`, the text of a knowledge file, and checks the whole knowledge base
 * (the folder's other files) with the result; writes nothing. The file must be one of the folder's.
 */
export async function editText(knowledgeDir: string, relative: string, original: string, edit: DocumentEdit): Promise<EditedKnowledge> {
  checkKnowledgePath(relative);
  const folder = await readKnowledgeFiles(knowledgeDir);
  if (!folder.some((f) => f.path === relative)) throw new KnowledgeEditError(`not a knowledge file: ${relative}`);
  const doc = parseDocument(original);
  edit(doc);
  // No line folding and no padding in [a, b]: the file keeps the layout staff wrote.
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const result = parseKnowledge(folder.map((f) => (f.path === relative ? { ...f, text } : f)));
  return { relative, text, changed: text !== original, problems: result.ok ? [] : result.problems, ...(result.ok ? { kb: result.kb } : {}) };
}

/** Applies an edit to a copy of a file and checks the whole knowledge base with it; writes nothing. */
export async function tryEdit(knowledgeDir: string, relative: string, edit: DocumentEdit): Promise<EditedKnowledge> {
  checkKnowledgePath(relative);
  return editText(knowledgeDir, relative, await readFile(join(knowledgeDir, relative), 'utf8'), edit);
}

/**
 * Changes one knowledge file, checked as a whole knowledge base first: in the folder (one instance),
 * or in the database and then the folder (several instances, storage/postgres/knowledgeFiles.ts).
 * `by` is the clerk's account, kept with the change.
 */
export type KnowledgeFileEditor = (relative: string, edit: DocumentEdit, by?: string) => Promise<EditedKnowledge>;

/** The editor of one instance: the file in the folder, one edit at a time. */
export const folderEditor =
  (knowledgeDir: string): KnowledgeFileEditor =>
  (relative, edit) =>
    editKnowledgeFile(knowledgeDir, relative, edit);

/** Edits run one at a time, so two clerks saving at once cannot lose each other's change. */
let queue: Promise<unknown> = Promise.resolve();

/** Edits a knowledge file: the whole knowledge base is checked with the change before it replaces the file. */
export function editKnowledgeFile(knowledgeDir: string, relative: string, edit: DocumentEdit): Promise<EditedKnowledge> {
  const run = queue.then(async () => {
    const edited = await tryEdit(knowledgeDir, relative, edit);
    if (edited.problems.length > 0) throw new KnowledgeEditError(edited.problems.map(formatProblem).join('\n'));
    if (edited.changed) await writeFileAtomically(join(knowledgeDir, relative), edited.text);
    return edited;
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Adds a question as an example of an entry; returns the relative path of the changed file. */
export async function addExample(knowledgeDir: string, kb: KnowledgeBase, entryId: string, lang: 'bg' | 'en', question: string, editor: KnowledgeFileEditor = folderEditor(knowledgeDir), by?: string): Promise<string> {
  const relative = entryFile(kb, entryId);
  const text = question.replace(/\s+/g, ' ').trim();
  await editor(relative, (doc) => {
    const list = doc.getIn(['examples', lang]);
    if (!isSeq(list)) throw new KnowledgeEditError(`${relative}: examples.${lang} is not a list`);
    if (!list.items.some((item) => String((item as { value?: unknown }).value ?? item).trim() === text)) list.add(doc.createNode(text));
  }, by);
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
  await writeFileAtomically(join(knowledgeDir, relative), text);
  return relative;
}
