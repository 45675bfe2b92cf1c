// Kills the real server process (SIGKILL) while it writes feedback records in a loop. On restart the
// data file must parse, and every record whose reference number reached a citizen must be there.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BotConversation, COMPLAINT_SCRIPT, REFERENCE } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { paths, root, serverArgs } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

let connector: CaptureServer;
beforeAll(async () => {
  connector = await startCaptureServer();
});
afterAll(async () => connector.close());

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, serverArgs, {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, KNOWLEDGE_DIR: paths.knowledgeDir, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return child;
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('crash safety', () => {
  it('loses no acknowledged record when the process is killed mid-write', async () => {
    const { dir, cleanup } = await withTempDir();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(dir, port);
    const acknowledged: string[] = [];
    let running = true;
    const loops = Array.from({ length: 20 }, async (_, worker) => {
      for (let round = 0; running; round += 1) {
        const citizen = new BotConversation(base, connector, `crash-${worker}-${round}`);
        try {
          let last = '';
          for (const line of COMPLAINT_SCRIPT) last = await citizen.say(line);
          const reference = REFERENCE.exec(last)?.[1];
          if (reference) acknowledged.push(reference);
        } catch {
          return; // the server is gone
        }
      }
    });
    const enough = Date.now() + 20_000;
    while (acknowledged.length < 40 && Date.now() < enough) await new Promise((r) => setTimeout(r, 50));
    server.kill('SIGKILL');
    running = false;
    await Promise.all(loops);
    expect(acknowledged.length).toBeGreaterThan(0);

    try {
      server = await startServer(dir, port); // starts only if every data file parses
      const file = JSON.parse(await readFile(join(dir, 'feedback.json'), 'utf8')) as { records: Array<{ reference: string }> };
      const saved = new Set(file.records.map((r) => r.reference));
      expect(acknowledged.filter((r) => !saved.has(r))).toEqual([]);
    } finally {
      server.kill('SIGKILL');
      await cleanup();
    }
  }, 90_000);
});
