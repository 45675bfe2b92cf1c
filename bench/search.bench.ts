// npm run bench: index build time, per-question latency (p50/p95/p99) in-process, and RSS,
// for the bundled knowledge base and for a synthetic one of 5,000 entries built from its words.
// A benchmark, not a test: these machines are shared, so read ratios and percentiles, not one run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Assistant } from '../src/answer/assistant.js';
import { parseTsv } from '../src/cli/eval.js';
import { projectRoot } from '../src/config/config.js';
import type { KnowledgeBase, KnowledgeEntry } from '../src/knowledge/types.js';

const SYNTHETIC_SIZE = Number(process.env.BENCH_ENTRIES ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A deterministic pseudo-random generator, so every run benchmarks the same synthetic knowledge base. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Entries made of the real entries' words, shuffled: the vocabulary and lengths of the real thing at scale. */
function syntheticKnowledge(kb: KnowledgeBase, size: number): KnowledgeBase {
  const rnd = random(42);
  const services = kb.entries.filter((e) => e.kind === 'service');
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const words = (lang: 'bg' | 'en') => services.flatMap((e) => `${e.title[lang]} ${e.summary[lang]}`.split(/\s+/));
  const bgWords = words('bg');
  const enWords = words('en');
  const phrase = (pool: string[], n: number) => Array.from({ length: n }, () => pick(pool)).join(' ');
  const entries: KnowledgeEntry[] = [...kb.entries];
  for (let i = entries.length; i < size; i += 1) {
    const base = pick(services);
    entries.push({
      ...base,
      id: `synthetic-${i}`,
      related: [],
      title: { bg: phrase(bgWords, 5), en: phrase(enWords, 5) },
      summary: { bg: phrase(bgWords, 18), en: phrase(enWords, 18) },
      examples: { bg: [phrase(bgWords, 8), phrase(bgWords, 8), phrase(bgWords, 8)], en: [phrase(enWords, 8)] },
      keywords: { bg: [phrase(bgWords, 1), phrase(bgWords, 1)], en: [phrase(enWords, 1)] },
    });
  }
  return { ...kb, entries, byId: new Map(entries.map((e) => [e.id, e])) };
}

interface Measurement {
  name: string;
  entries: number;
  buildMs: number;
  p50: number;
  p95: number;
  p99: number;
  rssMb: number;
}

/** Builds a whole assistant (index and word lists) over a knowledge base and times its understanding. */
function measure(name: string, kb: KnowledgeBase, questions: string[], i18n: Assistant['i18n']): Measurement {
  const builds: number[] = [];
  let bot = new Assistant(kb, i18n);
  for (let r = 0; r < ROUNDS; r += 1) {
    const t0 = performance.now();
    bot = new Assistant(kb, i18n);
    builds.push(performance.now() - t0);
  }
  for (const q of questions) bot.understand(q); // warm-up
  const latencies: number[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const q of questions) {
      const t0 = performance.now();
      bot.understand(q);
      latencies.push(performance.now() - t0);
    }
  }
  latencies.sort((a, b) => a - b);
  builds.sort((a, b) => a - b);
  return {
    name,
    // The number the start log and /healthz say (the index also holds the feedback intent's document).
    entries: kb.entries.length,
    buildMs: builds[Math.floor(builds.length / 2)],
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rssMb: process.memoryUsage().rss / 1024 / 1024,
  };
}

const assistant = await Assistant.load({ knowledgeDir: join(projectRoot, 'knowledge'), localesDir: join(projectRoot, 'locales') });
const questions = parseTsv(readFileSync(join(projectRoot, 'eval/questions.tsv'), 'utf8')).map((c) => c.question);

const bundled = measure('bundled', assistant.kb, questions, assistant.i18n);
const synthetic = measure(`synthetic-${SYNTHETIC_SIZE}`, syntheticKnowledge(assistant.kb, SYNTHETIC_SIZE), questions, assistant.i18n);

const f = (n: number) => n.toFixed(2);
console.log(`questions: ${questions.length} × ${ROUNDS} rounds; node ${process.version}`);
console.log('knowledge base     entries   build ms   p50 ms   p95 ms   p99 ms   RSS MB');
for (const m of [bundled, synthetic]) {
  console.log(`${m.name.padEnd(20)} ${String(m.entries).padStart(5)}  ${f(m.buildMs).padStart(9)}  ${f(m.p50).padStart(7)}  ${f(m.p95).padStart(7)}  ${f(m.p99).padStart(7)}  ${f(m.rssMb).padStart(7)}`);
}
console.log(`ratio synthetic/bundled: build ×${f(synthetic.buildMs / bundled.buildMs)}, p95 ×${f(synthetic.p95 / bundled.p95)}`);
