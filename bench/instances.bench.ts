// npm run bench:instances: turns a second through /api/messages at 50 concurrent conversations for
// one instance on lowdb, one on PostgreSQL, and three on PostgreSQL behind a round-robin proxy (the
// load balancer an operator would put in front; the single instances sit behind one too, so that
// its cost is the same for all), in alternating rounds so that the shared machine's
// noise falls on all three alike. Each instance is its own process; PostgreSQL is the local server
// (or TEST_DATABASE_URL), each setup in a schema of its own, dropped at the end. Bounded in count
// (BENCH_* variables) and time. A benchmark, not a test: read the medians and the ratios.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTsv } from '../src/cli/eval.js';
import { projectRoot } from '../src/config/config.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../test/support/postgres.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../test/support/roundRobinProxy.js';
import { freePort, load, median, percentile, startConnector, waitHealthy, type Target } from './load.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const TURNS_PER_ROUND = Number(process.env.BENCH_TURNS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_S ?? 900) * 1000;
const started = Date.now();

async function startBot(dataDir: string, env: Record<string, string>): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  await mkdir(dataDir, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', join(projectRoot, 'src/server.ts')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', HASH_SALT: 'bench', ...env },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(`${base}/healthz`, child);
  return { base, child };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 where there is none. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

/** CPU seconds of every PostgreSQL server process (all its connections), read the same way. */
async function postgresCpuSeconds(): Promise<number> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
  const comms = await Promise.all(pids.map((p) => readFile(`/proc/${p}/comm`, 'utf8').catch(() => '')));
  const seconds = await Promise.all(pids.filter((_, i) => comms[i].trim() === 'postgres').map((p) => cpuSeconds(Number(p))));
  return seconds.reduce((a, b) => a + b, 0);
}

function row(cells: Array<string | number>): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 24 : 10)).join(' ');
}

async function main(): Promise<void> {
  if (!(await postgresAvailable())) throw new Error('no PostgreSQL server answers (127.0.0.1:5432 or TEST_DATABASE_URL)');
  const questions = parseTsv(await readFile(join(projectRoot, 'eval', 'questions.tsv'), 'utf8')).map((q) => q.question);
  const connector = await startConnector();
  const dir = await mkdtemp(join(tmpdir(), 'bench-instances-'));
  const children: ChildProcess[] = [];
  const schemas: TestSchema[] = [];
  const proxies: RoundRobinProxy[] = [];
  try {
    const [one, three] = [await freshSchema(), await freshSchema()];
    schemas.push(one, three);
    const bots = await Promise.all([
      startBot(join(dir, 'lowdb'), {}),
      startBot(join(dir, 'pg1'), { DATABASE_URL: one.url }),
      ...['a', 'b', 'c'].map((n) => startBot(join(dir, `pg3-${n}`), { DATABASE_URL: three.url })),
    ]);
    children.push(...bots.map((b) => b.child));
    // Every setup behind the same kind of proxy, so that its cost (in this process) falls on all alike.
    proxies.push(await startRoundRobinProxy([bots[0].base]), await startRoundRobinProxy([bots[1].base]), await startRoundRobinProxy(bots.slice(2).map((b) => b.base)));
    const targets: Target[] = [
      { name: '1 instance, lowdb', base: proxies[0].url },
      { name: '1 instance, PostgreSQL', base: proxies[1].url },
      { name: '3 instances, PostgreSQL', base: proxies[2].url },
    ];
    console.log(`bench:instances: ${CONCURRENCY} concurrent conversations, ${TURNS_PER_ROUND} turns a round, ${ROUNDS} alternating rounds each, node ${process.version}`);
    for (const t of targets) await load(t, connector.url, questions, `warm-${t.name}`, CONCURRENCY * 10, CONCURRENCY, 10);
    const results = targets.map(() => ({ perSecond: [] as number[], latencies: [] as number[], botCpu: 0, pgCpu: 0, turns: 0 }));
    // Which bot processes serve each setup, for the CPU they use.
    const servers = [[bots[0]], [bots[1]], bots.slice(2)].map((group) => group.map((b) => b.child.pid));
    const botCpu = async (i: number) => (await Promise.all(servers[i].map(cpuSeconds))).reduce((a, b) => a + b, 0);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [i, t] of targets.entries()) {
        if (Date.now() - started > DEADLINE_MS) throw new Error('bench deadline reached');
        const [bot0, pg0] = [await botCpu(i), await postgresCpuSeconds()];
        const r = await load(t, connector.url, questions, `r${round}-${i}`, TURNS_PER_ROUND, CONCURRENCY, 10);
        results[i].botCpu += (await botCpu(i)) - bot0;
        results[i].pgCpu += (await postgresCpuSeconds()) - pg0;
        results[i].turns += TURNS_PER_ROUND;
        results[i].perSecond.push(r.perSecond);
        results[i].latencies.push(...r.latencies);
      }
    }
    console.log('');
    console.log(row(['setup', 'turns/s', 'vs lowdb', 'p50', 'p95', 'p99', 'bot CPU/turn', 'pg CPU/turn', 'rounds']));
    const base = median(results[0].perSecond);
    for (const [i, t] of targets.entries()) {
      const l = [...results[i].latencies].sort((a, b) => a - b);
      const m = median(results[i].perSecond);
      console.log(row([t.name, m.toFixed(0), (m / base).toFixed(2), `${percentile(l, 50).toFixed(0)} ms`, `${percentile(l, 95).toFixed(0)} ms`, `${percentile(l, 99).toFixed(0)} ms`, `${((results[i].botCpu / results[i].turns) * 1000).toFixed(1)} ms`, `${((results[i].pgCpu / results[i].turns) * 1000).toFixed(1)} ms`, results[i].perSecond.map((x) => x.toFixed(0)).join('/')]));
    }
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? once(c, 'exit') : undefined))).catch(() => undefined);
    await Promise.all(schemas.map((s) => s.drop().catch(() => undefined)));
    connector.server.close();
    connector.server.closeAllConnections();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('bench:instances failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
