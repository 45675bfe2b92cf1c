// Usage events in a file of JSON lines under DATA_DIR, appended in batches: an event is in memory at
// once and its line is appended within a second, with every other event of that second in one
// write. The file is never rewritten for an event (a whole-file rewrite every second made the cost
// grow with the log); it is rewritten only when the retention drops the events older than the
// cutoff (pruneBefore, daily). Only the events not yet appended are held in memory: list() reads the
// file. A line cut short by a hard kill is dropped when the file is opened.
import { appendFile, open, readFile, rm, stat, truncate } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { writeFileAtomically } from '../common/atomicWrite.js';
import type { UsageEvent, UsageLog } from '../insights/usage.js';
import { StoreError } from './jsonStore.js';
import { WriteBehind } from './writeBehind.js';

/** The whole-file store this one replaced ({ "events": [...] }); its events are moved into the lines at open. */
export interface UsageFile {
  events: UsageEvent[];
}

/** Events held at most while the file cannot be written; later ones are dropped (they are statistics). */
const MAX_BUFFERED = 100_000;

const lineOf = (event: UsageEvent) => `${JSON.stringify(event)}\n`;

function parseLine(line: string): UsageEvent | undefined {
  if (!line) return undefined;
  try {
    const event = JSON.parse(line) as UsageEvent;
    return typeof event === 'object' && event !== null && typeof event.time === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}

/** Every event of a JSON-lines usage file, oldest first (none when it does not exist). */
export async function readUsageLines(file: string): Promise<UsageEvent[]> {
  const events: UsageEvent[] = [];
  try {
    await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return events;
    throw err;
  }
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    const event = parseLine(line);
    if (event) events.push(event);
  }
  return events;
}

/** The events of a legacy whole-file usage log, or undefined when there is none. */
export async function readLegacyUsageFile(file: string): Promise<UsageEvent[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreError(`${file} could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); fix or move it, then start again`);
  }
  try {
    const { events } = JSON.parse(text) as Partial<UsageFile>;
    if (!Array.isArray(events)) throw new Error('"events" must be a list');
    return events;
  } catch (err) {
    throw new StoreError(`${file} could not be read (${err instanceof Error ? err.message : String(err)}); fix or move it, then start again`);
  }
}

/** Cuts a last line that a hard kill left without its newline. */
async function dropCutLine(file: string): Promise<void> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return;
  }
  if (size === 0) return;
  const handle = await open(file, 'r');
  try {
    const tail = Buffer.alloc(Math.min(size, 64 * 1024));
    await handle.read(tail, 0, tail.length, size - tail.length);
    if (tail[tail.length - 1] === 0x0a) return;
    const lastNewline = tail.lastIndexOf(0x0a);
    await truncate(file, lastNewline < 0 ? Math.max(0, size - tail.length) : size - tail.length + lastNewline + 1);
  } finally {
    await handle.close();
  }
}

export class FileUsageLog implements UsageLog {
  /** Lines not yet appended. */
  private buffered: string[] = [];
  private readonly writer: WriteBehind;
  /** File work (appends, reads, the retention's rewrite) runs one piece at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly now: () => Date,
  ) {
    this.writer = new WriteBehind({ write: () => this.serially(() => this.appendBuffered()) });
  }

  /** Opens the JSON-lines file, moving the events of a legacy whole-file log (`legacyFile`) into it. */
  static async open(file: string, legacyFile?: string, now: () => Date = () => new Date()): Promise<FileUsageLog> {
    await dropCutLine(file);
    const legacy = legacyFile ? await readLegacyUsageFile(legacyFile) : undefined;
    if (legacyFile && legacy) {
      // The legacy events come first: they are older than anything in the lines file.
      const lines = await readFile(file, 'utf8').catch(() => '');
      await writeFileAtomically(file, legacy.map(lineOf).join('') + lines);
      await rm(legacyFile);
    }
    return new FileUsageLog(file, now);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendBuffered(): Promise<void> {
    if (this.buffered.length === 0) return;
    const lines = this.buffered;
    this.buffered = [];
    try {
      await appendFile(this.file, lines.join(''), 'utf8');
    } catch (err) {
      this.buffered = [...lines, ...this.buffered];
      throw err;
    }
  }

  async add(event: Omit<UsageEvent, 'time'>): Promise<void> {
    if (this.buffered.length >= MAX_BUFFERED) return;
    this.buffered.push(lineOf({ time: this.now().toISOString(), ...event }));
    this.writer.schedule();
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** The events on file and those waiting to be appended, oldest first. */
  list(): Promise<readonly UsageEvent[]> {
    return this.serially(async () => [...(await readUsageLines(this.file)), ...this.buffered.map((l) => parseLine(l.trimEnd())).filter((e): e is UsageEvent => e !== undefined)]);
  }

  /** Drops the events before `cutoff` (the file is rewritten once); returns how many. */
  pruneBefore(cutoff: Date): Promise<number> {
    const limit = cutoff.toISOString();
    return this.serially(async () => {
      await this.appendBuffered();
      const events = await readUsageLines(this.file);
      const kept = events.filter((e) => e.time >= limit);
      if (kept.length === events.length) return 0;
      await writeFileAtomically(this.file, kept.map(lineOf).join(''));
      return events.length - kept.length;
    });
  }
}
