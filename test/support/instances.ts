// Several bot server processes on one PostgreSQL schema, each with its own data folder and its own
// copy of the knowledge folder (so nothing is shared through the disk), as an operator would run
// them behind a load balancer.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/config.js';
import { paths } from './paths.js';

export interface Instance {
  base: string;
  port: number;
  knowledgeDir: string;
  process: ChildProcess;
  /** What the process wrote to stderr, for a failing test's message. */
  stderr(): string;
}

export async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function waitHealthy(base: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${base}: the process exited with ${child.exitCode}: ${stderr()}`);
    if (await fetch(`${base}/healthz`).then((r) => r.status === 200, () => false)) return;
    if (Date.now() > deadline) throw new Error(`${base} did not start: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs a command-line tool of the project (src/cli/<name>.ts) with the given environment and input. */
export async function runCli(name: string, args: string[], env: Record<string, string>, input = ''): Promise<{ code: number; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', join('src', 'cli', `${name}.ts`), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(input);
  const [code] = (await once(child, 'exit')) as [number];
  return { code, out };
}

export async function startInstance(dir: string, name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const knowledgeDir = join(dir, name, 'knowledge');
  const dataDir = join(dir, name, 'data');
  await mkdir(dataDir, { recursive: true });
  await cp(paths.knowledgeDir, knowledgeDir, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', join('src', 'server.ts')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(base, child, () => err);
  } catch (failed) {
    // A server that never became healthy must not outlive the test: jest would wait for it for ever.
    child.kill('SIGKILL');
    throw failed;
  }
  return { base, port, knowledgeDir, process: child, stderr: () => err };
}

/** Longer than the server's own grace for running turns (SHUTDOWN_GRACE_SECONDS, 30 by default). */
const STOP_WAIT_MS = 45_000;

/** SIGTERM, and SIGKILL when the process has not exited within STOP_WAIT_MS, so that jest never waits for it for ever. */
export async function stopInstance(instance: Instance): Promise<void> {
  if (instance.process.exitCode !== null || instance.process.signalCode !== null) return;
  const exited = once(instance.process, 'exit');
  instance.process.kill('SIGTERM');
  const late = setTimeout(() => instance.process.kill('SIGKILL'), STOP_WAIT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(late);
  }
}
