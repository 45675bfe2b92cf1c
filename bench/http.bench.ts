// npm run bench:http: turns a second through /api/messages at 50 concurrent conversations, for the
// bot after 100 and after 10,000 earlier conversations, beside a bare CloudAdapter echo bot measured
// in the same run, on lowdb and, when DATABASE_URL is set, on PostgreSQL (in a schema of its own,
// dropped at the end). Each size runs 3 rounds, and within a round the echo bot and the bot take
// turns going first (bot, echo; echo, bot; bot, echo), so that neither always runs on a machine the
// other has just warmed up; the figures are the medians. Both bots run as their own processes and
// reply to a loopback stand-in of the Bot Framework connector in this process. Bounded in count
// (BENCH_* variables) and in time. A benchmark, not a test: the machine is shared, so read the
// ratios and the medians.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { freePort, load, median, percentile, startConnector, waitHealthy } from './load.js';
import { parseTsv } from '../src/cli/eval.js';
import { projectRoot } from '../src/config/config.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const EARLIER = [Number(process.env.BENCH_EARLIER_FIRST ?? 100), Number(process.env.BENCH_EARLIER ?? 10_000)];
const TURNS_PER_ROUND = Number(process.env.BENCH_TURNS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The whole run stops after this, whatever it has measured. */
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_S ?? 1800) * 1000;
const started = Date.now();

function row(cells: Array<string | number>): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 28 : 10)).join(' ');
}

interface SizeResult {
  earlier: number;
  bot: number[];
  echo: number[];
  botLatency: number[];
  echoLatency: number[];
}

/** What the bench compares the bot with on each store: its share of the echo bot's turns a second. */
const TARGETS = { lowdb: 0.6, postgres: 0.5 } as const;
type Store = keyof typeof TARGETS;

/** A schema of its own on DATABASE_URL for the PostgreSQL run, and the URL that works in it. */
async function benchSchema(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    url: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Which goes first in a round: the bot in even rounds, the echo bot in odd ones. */
const roundOrder = (round: number): Array<'bot' | 'echo'> => (round % 2 === 0 ? ['bot', 'echo'] : ['echo', 'bot']);

async function measureStore(store: Store, databaseUrl: string, questions: string[], connector: { url: string }, echo: { name: string; base: string }): Promise<SizeResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-http-'));
  const botPort = await freePort();
  // BENCH_CPU_PROF=<folder> writes a CPU profile of the bot's process there when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const bot = spawn(process.execPath, [...nodeFlags(), ...profile, '--import', 'tsx', join(projectRoot, 'src/server.ts')], {
    cwd: projectRoot,
    // The load comes from one address: above the per-address connection cap of a production server.
    env: { ...process.env, PORT: String(botPort), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, MAX_CONNECTIONS_PER_ADDRESS: String(CONCURRENCY * 4) },
    stdio: 'ignore',
  });
  const targets = { bot: { name: `bot (${store})`, base: `http://127.0.0.1:${botPort}` }, echo };
  const results: SizeResult[] = [];
  try {
    await waitHealthy(`${targets.bot.base}/healthz`, bot);
    let seeded = 0;
    for (const earlier of EARLIER) {
      // Earlier conversations: one question each, as most citizens ask.
      if (earlier > seeded) {
        const s0 = performance.now();
        await load(targets.bot, connector.url, questions, `${store}-earlier-${earlier}`, earlier - seeded, CONCURRENCY, 1);
        console.log(`  ${store}: seeded ${earlier - seeded} earlier conversations in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
        seeded = earlier;
      }
      // Warm-up (compilation, caches), not counted, in the conversations that are already there.
      await load(targets.bot, connector.url, questions, `${store}-earlier-${EARLIER[0]}`, CONCURRENCY * 20, CONCURRENCY, 20);
      await load(targets.echo, connector.url, questions, `${store}-earlier-${EARLIER[0]}`, CONCURRENCY * 20, CONCURRENCY, 20);
      const result: SizeResult = { earlier, bot: [], echo: [], botLatency: [], echoLatency: [] };
      for (let round = 0; round < ROUNDS; round += 1) {
        if (Date.now() - started > DEADLINE_MS) throw new Error('bench deadline reached');
        for (const name of roundOrder(round)) {
          // Each conversation asks 10 questions in a row, then a new one starts.
          const { perSecond, latencies } = await load(targets[name], connector.url, questions, `${store}-${name}-${earlier}-${round}`, TURNS_PER_ROUND, CONCURRENCY, 10);
          result[name].push(perSecond);
          result[name === 'bot' ? 'botLatency' : 'echoLatency'].push(...latencies);
        }
      }
      results.push(result);
      seeded += (ROUNDS * TURNS_PER_ROUND) / 10 + CONCURRENCY; // the measured rounds' conversations count as earlier ones too
    }
  } finally {
    bot.kill('SIGTERM');
    await once(bot, 'exit').catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
  return results;
}

// The machine is shared: each bot round is compared with the echo round beside it, and the median
// of those ratios is the figure (the ratio of medians is printed too).
const pairRatio = (r: SizeResult) => median(r.bot.map((b, i) => b / r.echo[i]));

function report(store: Store, results: SizeResult[]): void {
  console.log('');
  console.log(`${store}:`);
  console.log(row(['earlier conversations', 'bot t/s', 'echo t/s', 'ratio', 'pair ratio', 'bot p50', 'bot p95', 'bot p99', 'echo p50', 'echo p95']));
  for (const r of results) {
    const b = [...r.botLatency].sort((x, y) => x - y);
    const e = [...r.echoLatency].sort((x, y) => x - y);
    console.log(
      row([
        r.earlier,
        median(r.bot).toFixed(0),
        median(r.echo).toFixed(0),
        (median(r.bot) / median(r.echo)).toFixed(2),
        pairRatio(r).toFixed(2),
        `${percentile(b, 50).toFixed(0)} ms`,
        `${percentile(b, 95).toFixed(0)} ms`,
        `${percentile(b, 99).toFixed(0)} ms`,
        `${percentile(e, 50).toFixed(0)} ms`,
        `${percentile(e, 95).toFixed(0)} ms`,
      ]),
    );
    console.log(row(['  rounds (bot | echo t/s)', r.bot.map((x) => x.toFixed(0)).join('/'), r.echo.map((x) => x.toFixed(0)).join('/')]));
  }
  const target = TARGETS[store];
  for (const r of results) {
    const ratio = pairRatio(r);
    console.log(`${store}, after ${r.earlier} earlier conversations: ${ratio.toFixed(2)} of the echo bot (target ≥ ${target.toFixed(2)}) ${ratio >= target ? 'ok' : 'MISSED'}`);
  }
  const [small, large] = [results[0], results[results.length - 1]];
  const kept = pairRatio(large) / pairRatio(small);
  console.log(`${store}, after ${large.earlier} vs after ${small.earlier}, each against the echo bot: ${kept.toFixed(2)} (flat: target ≥ 0.80) ${kept >= 0.8 ? 'ok' : 'MISSED'}`);
}

// BENCH_NODE_FLAGS (for example --max-semi-space-size=16) go to both bots alike.
const nodeFlags = () => (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

async function main(): Promise<void> {
  const questions = parseTsv(await readFile(join(projectRoot, 'eval', 'questions.tsv'), 'utf8')).map((q) => q.question);
  const connector = await startConnector();
  const echoPort = await freePort();
  const echo = fork(join(projectRoot, 'bench/echoBot.ts'), [], { execArgv: [...nodeFlags(), '--import', 'tsx'], env: { ...process.env, PORT: String(echoPort) }, stdio: 'ignore' });
  const echoTarget = { name: 'echo', base: `http://127.0.0.1:${echoPort}` };
  const databaseUrl = process.env.DATABASE_URL ?? '';
  const stores: Store[] = databaseUrl ? ['lowdb', 'postgres'] : ['lowdb'];
  try {
    await waitHealthy(`${echoTarget.base}/api/messages`, echo);
    console.log(`bench:http: ${CONCURRENCY} concurrent conversations, ${TURNS_PER_ROUND} turns a round, ${ROUNDS} rounds each in alternating order, ${stores.join(' and ')}, node ${process.version}`);
    if (!databaseUrl) console.log('  (DATABASE_URL is not set: lowdb only)');
    for (const store of stores) {
      const schema = store === 'postgres' ? await benchSchema(databaseUrl) : undefined;
      try {
        const results = await measureStore(store, schema?.url ?? '', questions, connector, echoTarget);
        report(store, results); // at once: a later store's failure does not lose this one's figures
      } finally {
        await schema?.drop();
      }
    }
  } finally {
    echo.kill('SIGTERM');
    await once(echo, 'exit').catch(() => undefined);
    connector.server.close();
    connector.server.closeAllConnections();
  }
}

main().catch((err: unknown) => {
  console.error('bench:http failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
