// The Bulgarian Hunspell dictionary (the `dictionary-bg` package, from the LibreOffice spelling
// project), read once per process: it is the same for every knowledge base, and parsing its 78,000
// words takes tens of milliseconds that no second Assistant should pay again.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Morphology } from './morphology.js';

let loaded: Morphology | undefined;

export function bulgarianMorphology(): Morphology {
  if (!loaded) {
    const folder = dirname(createRequire(import.meta.url).resolve('dictionary-bg'));
    loaded = Morphology.parse(readFileSync(join(folder, 'index.aff'), 'utf8'), readFileSync(join(folder, 'index.dic'), 'utf8'));
  }
  return loaded;
}
