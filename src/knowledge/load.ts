import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseKnowledge, type KnowledgeFile, type ParseResult } from './parse.js';

/** Reads every YAML file of a knowledge folder (one level of sub-folders). */
export async function readKnowledgeFiles(dir: string): Promise<KnowledgeFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name));
  return Promise.all(
    files.map(async (e) => {
      const full = join(e.parentPath, e.name);
      return { path: relative(dir, full).split(sep).join('/'), text: await readFile(full, 'utf8') };
    }),
  );
}

export async function loadKnowledge(dir: string): Promise<ParseResult> {
  return parseKnowledge(await readKnowledgeFiles(dir));
}
