// Part of `npm run build`: copies the one browser bundle of Web Chat and of Chart.js into
// public/vendor/, so pages load them from the bot's own files (no CDN) without serving the packages.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../config/config.js';

/** Package → its bundle, relative to the file the package's main entry resolves to. */
const BUNDLES: Array<{ pkg: string; fromMain: string[]; name: string }> = [
  // The packages' exports hide package.json; their main files sit beside dist/.
  { pkg: 'botframework-webchat', fromMain: ['..', 'dist', 'webchat.js'], name: 'webchat.js' },
  { pkg: 'chart.js', fromMain: ['..', 'dist', 'chart.umd.js'], name: 'chart.umd.js' },
];

export async function copyVendorBundles(root: string = projectRoot): Promise<void> {
  const require = createRequire(join(root, 'package.json'));
  for (const bundle of BUNDLES) {
    const main = require.resolve(bundle.pkg);
    const source = join(dirname(main), ...bundle.fromMain);
    const target = join(root, 'public', 'vendor', bundle.name);
    const [from, to] = await Promise.all([stat(source), stat(target).catch(() => undefined)]);
    if (!to || to.size !== from.size || to.mtimeMs < from.mtimeMs) {
      await mkdir(dirname(target), { recursive: true });
      await copyFile(source, target);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  copyVendorBundles().catch((err: unknown) => {
    console.error(`cannot copy the browser bundles: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
