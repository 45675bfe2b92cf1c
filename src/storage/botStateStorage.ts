// Bot Framework conversation state kept in a lowdb file, so it survives a restart.
// Same eTag rules as botbuilder's MemoryStorage: a write with a stale eTag fails.
import type { Storage, StoreItems } from 'botbuilder';
import type { Low } from 'lowdb';
import { openJsonStore } from './jsonStore.js';

interface StateFile {
  items: Record<string, { eTag: string; value: Record<string, unknown> }>;
}

export class LowdbBotStorage implements Storage {
  private eTagCounter = Date.now();

  private constructor(private readonly db: Low<StateFile>) {}

  static async open(file: string): Promise<LowdbBotStorage> {
    return new LowdbBotStorage(await openJsonStore<StateFile>(file, { items: {} }));
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const key of keys) {
      const item = this.db.data.items[key];
      if (item) out[key] = { ...structuredClone(item.value), eTag: item.eTag };
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) {
      const current = this.db.data.items[key];
      const { eTag, ...value } = change as Record<string, unknown> & { eTag?: string };
      if (current && eTag && eTag !== '*' && eTag !== current.eTag) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
      this.eTagCounter += 1;
      this.db.data.items[key] = { eTag: String(this.eTagCounter), value: structuredClone(value) };
    }
    await this.db.write();
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) delete this.db.data.items[key];
    await this.db.write();
  }
}
