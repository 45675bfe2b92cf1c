// Bot Framework conversation state, one small file per conversation under DATA_DIR/conversations,
// so that a turn reads and writes only its own conversation: its cost does not grow with the
// number of conversations the municipality has had. Recent conversations are also kept in memory
// (a bounded cache), and changed ones are written behind (pendingWrites.ts): within half a second,
// many files at a time, at most once per interval however many turns they had. The lag is bounded:
// when the writes fall behind, a turn waits for its own write, so a hard kill loses at most about
// the last second of turns (feedback records are stored elsewhere, before they are acknowledged),
// and the changes held in memory stay few. Each file is written to a temporary file and renamed
// into place, so a crash never leaves half a file. Conversations idle longer than the retention are
// erased, with any feedback draft (name, phone, description) they hold. Same eTag rules as
// botbuilder's MemoryStorage: a write with a stale eTag fails. A conversation is kept in memory as
// the JSON text its file holds: a read gets its own copy by parsing it, and the file is written
// from it (a structuredClone on every read and write, and a JSON.stringify at the flush, cost more).
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../common/atomicWrite.js';
import type { Storage, StoreItems } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { StoreError } from './jsonStore.js';
import { PendingWrites, type LagBounds } from './pendingWrites.js';

/** What the app needs of the conversation state: botbuilder's Storage, the retention, and a flush at stop. */
export interface ConversationStateStorage extends Storage {
  /** Erases conversations last written before `cutoff`; returns how many. */
  eraseIdleSince(cutoff: Date): Promise<number>;
  /** Writes what waits to be written. */
  flush(): Promise<void>;
  /** The error of the last failed write behind, until a write succeeds. */
  readonly lastError: unknown;
}

/** A conversation's state as kept in memory; its file holds `{"key", "eTag", "value"}` (fileText). */
interface StoredItem {
  key: string;
  eTag: string;
  /** The state, as JSON. */
  value: string;
}

const fileText = (item: StoredItem) => `{"key":${JSON.stringify(item.key)},"eTag":${JSON.stringify(item.eTag)},"value":${item.value}}`;

/** The file of the single-file store this one replaced; its items are moved into files at start. */
export const LEGACY_STATE_FILE = 'conversation-state.json';
/** Conversations kept in memory at most (besides those waiting to be written). */
const CACHE_ENTRIES = 5000;
/** How long a changed conversation may wait before it is written. */
export const STATE_WRITE_INTERVAL_MS = 500;
/** The bounds of the write-behind: past them a turn waits for its state to be written. */
export const STATE_LAG_BOUNDS: LagBounds = {
  intervalMs: STATE_WRITE_INTERVAL_MS,
  maxPending: 1000,
  maxLagMs: 1000,
  // Files written at once: enough that a flush does not wait on the event loop of busy turns between files.
  concurrency: 32,
  hardLimit: 10_000,
};

export class FileBotStorage implements ConversationStateStorage {
  private eTagCounter = Date.now();
  private readonly cache = new LRUCache<string, StoredItem>({ max: CACHE_ENTRIES });
  /** Changed items not yet on disk; never evicted. */
  private readonly pending: PendingWrites<StoredItem>;

  private constructor(
    readonly dir: string,
    bounds: LagBounds,
  ) {
    this.pending = new PendingWrites((key, item) => writeFileAtomically(this.fileOf(key), fileText(item)), bounds);
  }

  /** The error of the last failed write, until a write succeeds. */
  get lastError(): unknown {
    return this.pending.lastError;
  }

  /** Opens the folder, moving the items of a legacy single-file store (`legacyFile`) into it. */
  static async open(dir: string, legacyFile?: string, bounds: LagBounds = STATE_LAG_BOUNDS): Promise<FileBotStorage> {
    const storage = new FileBotStorage(dir, bounds);
    await mkdir(dir, { recursive: true });
    if (legacyFile) await storage.importLegacy(legacyFile);
    return storage;
  }

  private fileOf(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  }

  private async load(key: string): Promise<StoredItem | undefined> {
    const cached = this.pending.get(key) ?? this.cache.get(key);
    if (cached) return cached;
    let text: string;
    try {
      text = await readFile(this.fileOf(key), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let stored: { key: string; eTag: string; value: Record<string, unknown> };
    try {
      stored = JSON.parse(text) as typeof stored;
    } catch {
      return undefined; // a damaged state file only loses that conversation's progress
    }
    if (stored.key !== key) return undefined;
    const item: StoredItem = { key, eTag: stored.eTag, value: JSON.stringify(stored.value ?? {}) };
    this.cache.set(key, item);
    return item;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const key of keys) {
      const item = await this.load(key);
      if (item) out[key] = { ...(JSON.parse(item.value) as Record<string, unknown>), eTag: item.eTag };
    }
    return out;
  }

  /** Resolves once the changes are noted, or, when the writes have fallen behind, once they are on disk. */
  async write(changes: StoreItems): Promise<void> {
    const noted: Array<Promise<void>> = [];
    for (const [key, change] of Object.entries(changes)) {
      const current = await this.load(key);
      const { eTag, ...value } = change as Record<string, unknown> & { eTag?: string };
      if (current && eTag && eTag !== '*' && eTag !== current.eTag) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
      this.eTagCounter += 1;
      const item: StoredItem = { key, eTag: String(this.eTagCounter), value: JSON.stringify(value) };
      this.cache.set(key, item);
      noted.push(this.pending.set(key, item));
    }
    await Promise.all(noted);
  }

  /** Writes every changed conversation now (at stop, and for tests); rejects when a write failed. */
  flush(): Promise<void> {
    return this.pending.flush();
  }

  async delete(keys: string[]): Promise<void> {
    await this.pending.settled();
    // Forgotten all at once, before any file is removed, so that no flush writes one back meanwhile.
    for (const key of keys) {
      this.cache.delete(key);
      this.pending.forget(key);
    }
    for (const key of keys) await rm(this.fileOf(key), { force: true });
  }

  /** Erases conversations last written before `cutoff`; returns how many. */
  async eraseIdleSince(cutoff: Date): Promise<number> {
    await this.pending.settled();
    let erased = 0;
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.json')) {
        if (name.endsWith('.tmp')) await rm(join(this.dir, name), { force: true }).catch(() => undefined);
        continue;
      }
      const file = join(this.dir, name);
      const info = await stat(file).catch(() => undefined);
      if (!info || info.mtime >= cutoff) continue;
      try {
        const item = JSON.parse(await readFile(file, 'utf8')) as { key: string };
        if (this.pending.has(item.key)) continue; // changed just now, not yet written
        this.cache.delete(item.key);
      } catch {
        // unreadable: erase it all the same
      }
      await rm(file, { force: true });
      erased += 1;
    }
    return erased;
  }

  private async importLegacy(legacyFile: string): Promise<void> {
    let text: string;
    try {
      text = await readFile(legacyFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new StoreError(`${legacyFile} could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); fix or move it, then start again`);
    }
    let items: Record<string, { eTag: string; value: Record<string, unknown> }>;
    try {
      items = (JSON.parse(text) as { items: typeof items }).items;
      if (typeof items !== 'object' || items === null) throw new Error('no "items"');
    } catch (err) {
      throw new StoreError(`${legacyFile} could not be read (${err instanceof Error ? err.message : String(err)}); fix or move it, then start again`);
    }
    const { mtime } = await stat(legacyFile);
    for (const [key, item] of Object.entries(items)) {
      const file = this.fileOf(key);
      if (await stat(file).then(() => true, () => false)) continue;
      await writeFileAtomically(file, JSON.stringify({ key, eTag: item.eTag, value: item.value }));
      await utimes(file, mtime, mtime); // idle since the legacy file was last written
    }
    await rm(legacyFile);
  }
}
