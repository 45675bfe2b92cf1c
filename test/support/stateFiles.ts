import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Files read at once: enough to read 10,000 state files in a moment, few enough for any file limit. */
const READS_AT_ONCE = 64;

/** The keys of the conversation states a running bot has written under DATA_DIR. */
export async function stateKeys(dataDir: string): Promise<string[]> {
  const folder = join(dataDir, 'conversations');
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  const keys: string[] = [];
  let next = 0;
  const reader = async () => {
    for (let i = next++; i < names.length; i = next++) keys.push((JSON.parse(await readFile(join(folder, names[i]), 'utf8')) as { key: string }).key);
  };
  await Promise.all(Array.from({ length: READS_AT_ONCE }, reader));
  return keys;
}
