// npm run bench:http: turns a second through /api/messages at 50 concurrent conversations, for the
// bot after 100 and after 10,000 earlier conversations, beside a bare CloudAdapter echo bot measured
// in the same run, in alternating rounds. Both run as their own processes and reply to a loopback
// stand-in of the Bot Framework connector in this process. Bounded in count (BENCH_* variables) and
// in time. A benchmark, not a test: the machine is shared, so read the ratios and the medians.
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, load, median, percentile, startConnector, waitHealthy } from './load.js';
import { parseTsv } from '../src/cli/eval.js';
import { projectRoot } from '../src/config/config.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const EARLIER = [Number(process.env.BENCH_EARLIER_FIRST ?? 100), Number(process.env.BENCH_EARLIER ?? 10_000)];
const TURNS_PER_ROUND = Number(process.env.BENCH_TURNS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The whole run stops after this, whatever it has measured. */
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_S ?? 900) * 1000;
const started = Date.now();

function row(cells: Array<string | number>): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 28 : 10)).join(' ');
}

async function main(): Promise<void> {
  const questions = parseTsv(await readFile(join(projectRoot, 'eval', 'questions.tsv'), 'utf8')).map((q) => q.question);
  const connector = await startConnector();
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-http-'));
  const [botPort, echoPort] = [await freePort(), await freePort()];
  // BENCH_CPU_PROF=<folder> writes a CPU profile of the bot's process there when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // BENCH_NODE_FLAGS (for example --max-semi-space-size=16) go to both bots alike.
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const bot = spawn(process.execPath, [...flags, ...profile, '--import', 'tsx', join(projectRoot, 'src/server.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(botPort), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const echo = fork(join(projectRoot, 'bench/echoBot.ts'), [], { execArgv: [...flags, '--import', 'tsx'], env: { ...process.env, PORT: String(echoPort) }, stdio: 'ignore' });
  const targets = { bot: { name: 'bot', base: `http://127.0.0.1:${botPort}` }, echo: { name: 'echo', base: `http://127.0.0.1:${echoPort}` } };
  const results: Array<{ earlier: number; bot: number[]; echo: number[]; botLatency: number[]; echoLatency: number[] }> = [];
  try {
    await waitHealthy(`${targets.bot.base}/healthz`, bot);
    await waitHealthy(`${targets.echo.base}/api/messages`, echo);
    console.log(`bench:http: ${CONCURRENCY} concurrent conversations, ${TURNS_PER_ROUND} turns a round, ${ROUNDS} alternating rounds each, node ${process.version}`);
    let seeded = 0;
    for (const earlier of EARLIER) {
      // Earlier conversations: one question each, as most citizens ask.
      if (earlier > seeded) {
        const s0 = performance.now();
        await load(targets.bot, connector.url, questions, `earlier-${earlier}`, earlier - seeded, CONCURRENCY, 1);
        console.log(`  seeded ${earlier - seeded} earlier conversations in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
        seeded = earlier;
      }
      // Warm-up (compilation, caches), not counted, in the conversations that are already there.
      await load(targets.bot, connector.url, questions, `earlier-${EARLIER[0]}`, CONCURRENCY * 20, CONCURRENCY, 20);
      await load(targets.echo, connector.url, questions, `earlier-${EARLIER[0]}`, CONCURRENCY * 20, CONCURRENCY, 20);
      const result = { earlier, bot: [] as number[], echo: [] as number[], botLatency: [] as number[], echoLatency: [] as number[] };
      for (let round = 0; round < ROUNDS; round += 1) {
        if (Date.now() - started > DEADLINE_MS) throw new Error('bench deadline reached');
        for (const name of ['bot', 'echo'] as const) {
          // Each conversation asks 10 questions in a row, then a new one starts.
          const { perSecond, latencies } = await load(targets[name], connector.url, questions, `${name}-${earlier}-${round}`, TURNS_PER_ROUND, CONCURRENCY, 10);
          result[name].push(perSecond);
          result[name === 'bot' ? 'botLatency' : 'echoLatency'].push(...latencies);
        }
      }
      results.push(result);
      seeded += (ROUNDS * TURNS_PER_ROUND) / 10 + CONCURRENCY; // the measured rounds' conversations count as earlier ones too
    }

    console.log('');
    // The machine is shared: each bot round is compared with the echo round right after it, and the
    // median of those ratios is the figure (the ratio of medians is printed too).
    const pairRatio = (r: (typeof results)[number]) => median(r.bot.map((b, i) => b / r.echo[i]));
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
    const [small, large] = results;
    const ratio = pairRatio(large);
    const kept = pairRatio(large) / pairRatio(small);
    console.log('');
    console.log(`after ${large.earlier} earlier conversations: ${ratio.toFixed(2)} of the echo bot (target ≥ 0.50) ${ratio >= 0.5 ? 'ok' : 'MISSED'}`);
    console.log(`bot after ${large.earlier} vs after ${small.earlier}, each against the echo bot: ${kept.toFixed(2)} (target ≥ 0.80) ${kept >= 0.8 ? 'ok' : 'MISSED'}`);
  } finally {
    bot.kill('SIGTERM');
    echo.kill('SIGTERM');
    await Promise.all([once(bot, 'exit'), once(echo, 'exit')]).catch(() => undefined);
    connector.server.close();
    connector.server.closeAllConnections();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('bench:http failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
