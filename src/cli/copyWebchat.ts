// Part of `npm run build`: copies Web Chat's one browser bundle into public/vendor/, so the page
// serves it from the bot's own files (no CDN) without shipping the whole 185 MB package.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../config/config.js';

export async function copyWebchatBundle(root: string = projectRoot): Promise<string> {
  const require = createRequire(join(root, 'package.json'));
  // The package's exports hide package.json; its main file is lib/index.js, beside dist/.
  const source = join(dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
  const target = join(root, 'public', 'vendor', 'webchat.js');
  const [from, to] = await Promise.all([stat(source), stat(target).catch(() => undefined)]);
  if (!to || to.size !== from.size || to.mtimeMs < from.mtimeMs) {
    await mkdir(dirname(target), { recursive: true });
    await copyFile(source, target);
  }
  return target;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  copyWebchatBundle().catch((err: unknown) => {
    console.error(`cannot copy the Web Chat bundle: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
