import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const paths = { knowledgeDir: join(root, 'knowledge'), localesDir: join(root, 'locales') };
