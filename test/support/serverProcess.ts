// The real server as a child process on a given port and DATA_DIR, as an operator runs it, so that
// a test can stop it as a service manager does (SIGTERM) and start it again on the same port and
// folder while the clients stay connected.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { projectRoot } from '../../src/config/config.js';
import { serverArgs } from './paths.js';

export interface ServerProcess {
  base: string;
  /** SIGTERM, and resolves when the process has exited (with its exit code). */
  stop(): Promise<number | null>;
  /** What the process wrote to stderr, for a failing test's message. */
  stderr(): string;
}

export async function startServerProcess(port: number, env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, serverArgs, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${err}`);
    if (await fetch(`${base}/healthz`).then((r) => r.status === 200, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    stderr: () => err,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
