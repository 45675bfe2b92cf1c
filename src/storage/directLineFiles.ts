// The self-hosted Direct Line's transcripts on the default store: kept in memory as before
// (ConversationStore, with all its bounds) and written behind to one small file per conversation
// under DATA_DIR/directline, so that a restart keeps every open web chat: the page reconnects to
// its conversation and reads on from its watermark. A changed conversation is written at most once
// per interval (each file written to a temporary file and renamed into place), and at stop. A
// conversation forgotten for the bounds or for being idle loses its file in the same way; idle
// files are not read back at start. What the citizen typed is in these files, so the idle limit is
// at most the conversation retention (app.ts).
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { ConversationStore, type SavedConversation, type TranscriptLimits } from '../channels/directline/conversationStore.js';
import { MemoryDirectLineStore, type DirectLineConversation } from '../channels/directline/directLineStore.js';
import { writeFileAtomically } from '../common/atomicWrite.js';

/** The folder under DATA_DIR. */
export const DIRECTLINE_DIR = 'directline';
/** How long a changed conversation may wait before it is written. */
export const TRANSCRIPT_WRITE_INTERVAL_MS = 500;

const HOUR_MS = 60 * 60 * 1000;

/** The transcript limits with the idle time cut to the conversation retention, when that is shorter. */
export function retainedLimits(limits: TranscriptLimits, retentionHours: number): TranscriptLimits {
  return { ...limits, idleMs: Math.min(limits.idleMs, retentionHours * HOUR_MS) };
}

function isSaved(value: unknown): value is SavedConversation {
  const v = value as Partial<SavedConversation> | null;
  return (
    typeof v === 'object' && v !== null &&
    typeof v.id === 'string' && typeof v.userId === 'string' && Array.isArray(v.activities) &&
    Number.isSafeInteger(v.dropped) && typeof v.lastActive === 'number' && typeof v.started === 'boolean'
  );
}

export class FileDirectLineStore extends MemoryDirectLineStore {
  /** Conversations changed since their file was last written. */
  private readonly changed = new Set<string>();
  /** Conversations forgotten whose file is still to be removed. */
  private readonly forgotten = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Every file operation runs in this chain, one at a time, so a write never lands after its removal. */
  private writing: Promise<void> = Promise.resolve();
  /** The error of the last failed write, until a write succeeds. */
  lastError: unknown;

  private constructor(
    readonly dir: string,
    limits: TranscriptLimits,
    now: () => number,
  ) {
    // The memory store is made before `this` exists; it tells this store through the holder.
    const holder: { store?: FileDirectLineStore } = {};
    super(new ConversationStore(limits, now, (id) => holder.store?.dropFile(id)));
    holder.store = this;
  }

  /** Opens the folder and reads back the conversations that are not idle, least recently active first. */
  static async open(dir: string, limits: TranscriptLimits, now: () => number = Date.now): Promise<FileDirectLineStore> {
    await mkdir(dir, { recursive: true });
    const store = new FileDirectLineStore(dir, limits, now);
    const saved: SavedConversation[] = [];
    const cutoff = now() - limits.idleMs;
    for (const name of await readdir(dir)) {
      const file = join(dir, name);
      if (!name.endsWith('.json')) {
        if (name.endsWith('.tmp')) await rm(file, { force: true }); // left by a write a crash cut short
        continue;
      }
      const info = await stat(file).catch(() => undefined);
      // The file's time is that of its last write: an idle conversation is not even read.
      let conversation: unknown;
      if (info && info.mtimeMs >= cutoff) conversation = await readFile(file, 'utf8').then((text) => JSON.parse(text) as unknown).catch(() => undefined);
      if (isSaved(conversation) && conversation.lastActive >= cutoff && store.fileOf(conversation.id) === file) saved.push(conversation);
      else await rm(file, { force: true }); // idle, damaged or not ours: only that chat is lost
    }
    saved.sort((a, b) => a.lastActive - b.lastActive);
    for (const c of saved) store.memory.restore(c);
    return store;
  }

  private fileOf(id: string): string {
    return join(this.dir, `${createHash('sha256').update(id).digest('hex').slice(0, 40)}.json`);
  }

  override async open(id: string, userId: string): Promise<DirectLineConversation> {
    const isNew = this.memory.get(id) === undefined;
    const c = await super.open(id, userId);
    if (isNew) this.note(id);
    return c;
  }

  override async start(id: string): Promise<boolean> {
    const first = await super.start(id);
    if (first) this.note(id);
    return first;
  }

  override async append(c: DirectLineConversation, activities: Array<Partial<Activity>>): Promise<Array<Partial<Activity>>> {
    const added = await super.append(c, activities);
    this.note(c.id);
    return added;
  }

  override async sweep(): Promise<void> {
    await super.sweep();
    await this.flush();
  }

  override async close(): Promise<void> {
    await this.flush();
  }

  /** An erasure is on disk before the clerk is told it is done: the files of the forgotten conversations are removed now. */
  override async forget(matches: (id: string) => boolean): Promise<number> {
    const forgotten = await super.forget(matches);
    if (forgotten > 0) await this.flush();
    return forgotten;
  }

  private note(id: string): void {
    if (this.memory.get(id) === undefined) return; // forgotten at once, for the bounds
    this.forgotten.delete(id);
    this.changed.add(id);
    this.schedule();
  }

  private dropFile(id: string): void {
    this.changed.delete(id);
    this.forgotten.add(id);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined); // kept in lastError, tried again at the next change
    }, TRANSCRIPT_WRITE_INTERVAL_MS);
    this.timer.unref();
  }

  /** Writes every changed conversation and removes the files of forgotten ones; rejects when one failed. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const run = this.writing.then(() => this.writePending());
    this.writing = run.catch(() => undefined);
    await run;
  }

  private async writePending(): Promise<void> {
    let failure: unknown;
    for (const id of [...this.forgotten]) {
      this.forgotten.delete(id);
      await rm(this.fileOf(id), { force: true }).catch((err: unknown) => {
        failure = err;
        this.forgotten.add(id);
      });
    }
    for (const id of [...this.changed]) {
      this.changed.delete(id);
      const c = this.memory.get(id);
      if (!c) continue;
      // Serialised now, in one step: an append while the file is written marks it changed again.
      await writeFileAtomically(this.fileOf(id), JSON.stringify(this.memory.saved(c))).catch((err: unknown) => {
        failure = err;
        this.changed.add(id);
      });
      // Forgotten while it was written: the file goes after all.
      if (!this.memory.get(id)) await rm(this.fileOf(id), { force: true }).catch(() => this.forgotten.add(id));
    }
    this.lastError = failure;
    if (failure !== undefined) throw failure;
  }
}
