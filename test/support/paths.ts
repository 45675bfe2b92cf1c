import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const paths = { knowledgeDir: join(root, 'knowledge'), localesDir: join(root, 'locales') };

/** How the tests start the real server in a child process: as `npm start` does (see package.json), from the sources. */
export const serverArgs = ['--disable-warning=DEP0111', '--import', 'tsx', join(root, 'src/server.ts')];
