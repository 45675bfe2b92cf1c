import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The keys of the conversation states a running bot has written under DATA_DIR. */
export async function stateKeys(dataDir: string): Promise<string[]> {
  const folder = join(dataDir, 'conversations');
  const names = await readdir(folder).catch(() => [] as string[]);
  const keys: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) keys.push((JSON.parse(await readFile(join(folder, name), 'utf8')) as { key: string }).key);
  return keys;
}
