// A file replaced in one step: written to a temporary file beside it and renamed over it, so a
// reader (or a crash) sees the old content or the new, never half of it. The temporary file is
// removed when the write fails.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeFileAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined); // the write's own error is the one to report
    throw err;
  }
}
