// Knowledge files staff edit in the console, shared by every instance through the database: an
// edit reads the file's row FOR UPDATE, applies the clerk's change to the newest content (so two
// clerks saving at once, on one instance or two, keep both changes), checks the whole knowledge
// base with it, stores it with a new version and NOTIFYs. Each instance writes the stored files
// over its knowledge folder at start, after each notification and after a reconnection, and
// reloads. A stored file is applied only when the folder's knowledge stays valid with it (a newer
// deployment may have changed the folder), and only over a file the folder has.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { readKnowledgeFiles } from '../../knowledge/load.js';
import { parseKnowledge } from '../../knowledge/parse.js';
import { formatProblem } from '../../knowledge/types.js';
import type { Logger } from '../../common/logger.js';
import { checkKnowledgePath, editText, KnowledgeEditError, type DocumentEdit, type EditedKnowledge, type KnowledgeFileEditor } from '../../staff/knowledgeEditor.js';
import { writeFileAtomically } from '../../common/atomicWrite.js';
import { inTransaction, type Database } from './database.js';
import { notify, type Notifications } from './notifications.js';

interface StoredFile {
  path: string;
  content: string;
  version: number;
}

/** Account names are short; a longer one is cut, not refused. */
const MAX_BY = 100;

export class SharedKnowledge {
  /** The version of each stored file this instance's folder has. */
  private readonly applied = new Map<string, number>();
  /** Writes to the folder, one after another, so an older version never lands after a newer one. */
  private applying: Promise<unknown> = Promise.resolve();
  private readonly stops: Array<() => void> = [];

  private constructor(
    private readonly db: Database,
    private readonly knowledgeDir: string,
    /** Reloads the bot's knowledge after another instance's change reached the folder. */
    private readonly reload: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Applies the stored files over the folder (reloading when any changed), then follows changes. */
  static async open(db: Database, hub: Notifications, knowledgeDir: string, reload: () => Promise<void>, logger: Logger): Promise<SharedKnowledge> {
    const shared = new SharedKnowledge(db, knowledgeDir, reload, logger);
    shared.stops.push(
      hub.on('knowledge', (payload) => void shared.announced(payload)),
      hub.onReconnect(() => void shared.syncAll()),
    );
    await shared.syncAll();
    return shared;
  }

  readonly edit: KnowledgeFileEditor = async (relative, edit, by) => {
    checkKnowledgePath(relative);
    const local = await readFile(join(this.knowledgeDir, relative), 'utf8').catch(() => {
      throw new KnowledgeEditError(`not a knowledge file: ${relative}`);
    });
    const { edited, stored } = await inTransaction(this.db, (client) => this.editRow(client, relative, local, edit, by));
    await this.apply([stored]);
    return edited;
  };

  private async editRow(client: pg.PoolClient, relative: string, local: string, edit: DocumentEdit, by: string | undefined): Promise<{ edited: EditedKnowledge; stored: StoredFile }> {
    // The folder's text is version 0; the row then holds every instance's edits in turn.
    await client.query('INSERT INTO knowledge_files (path, content, version) VALUES ($1, $2, 0) ON CONFLICT (path) DO NOTHING', [relative, local]);
    const { rows } = await client.query<StoredFile>('SELECT path, content, version FROM knowledge_files WHERE path = $1 FOR UPDATE', [relative]);
    const current = rows[0];
    const edited = await editText(this.knowledgeDir, relative, current.content, edit);
    if (edited.problems.length > 0) throw new KnowledgeEditError(edited.problems.map(formatProblem).join('\n'));
    if (!edited.changed) return { edited, stored: current };
    const stored = { path: relative, content: edited.text, version: current.version + 1 };
    await client.query('UPDATE knowledge_files SET content = $2, version = $3, updated_at = now(), updated_by = $4 WHERE path = $1', [relative, stored.content, stored.version, by?.slice(0, MAX_BY) ?? null]);
    await notify(client, 'knowledge', JSON.stringify({ p: relative, v: stored.version }));
    return { edited, stored };
  }

  /** Reads every stored file and applies those newer than the folder's; reloads when any changed. */
  async syncAll(): Promise<void> {
    try {
      const { rows } = await this.db.query<StoredFile>('SELECT path, content, version FROM knowledge_files');
      if (await this.apply(rows)) await this.reload();
    } catch (err) {
      this.logger.error({ err }, 'could not apply the knowledge files stored in the database');
    }
  }

  private async announced(payload: string): Promise<void> {
    let message: { p?: unknown; v?: unknown };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      return;
    }
    if (typeof message.p !== 'string' || typeof message.v !== 'number' || message.v <= (this.applied.get(message.p) ?? -1)) return;
    try {
      const { rows } = await this.db.query<StoredFile>('SELECT path, content, version FROM knowledge_files WHERE path = $1', [message.p]);
      if (await this.apply(rows)) await this.reload();
    } catch (err) {
      this.logger.error({ err }, 'could not apply a knowledge file changed on another instance');
    }
  }

  /** Writes the files newer than the folder's over it, when the knowledge stays valid; true when any file changed. */
  private apply(rows: StoredFile[]): Promise<boolean> {
    const run = this.applying.then(async () => {
      const newer = rows.filter((r) => r.version > (this.applied.get(r.path) ?? -1));
      if (newer.length === 0) return false;
      const folder = await readKnowledgeFiles(this.knowledgeDir);
      const usable = newer.filter((r) => isKnowledgePath(r.path) && folder.some((f) => f.path === r.path));
      const changed = usable.filter((r) => folder.find((f) => f.path === r.path)?.text !== r.content);
      if (usable.length < newer.length) this.logger.warn({ files: newer.length - usable.length }, 'stored knowledge files the folder does not have were not applied');
      if (changed.length > 0) {
        const result = parseKnowledge(folder.map((f) => ({ ...f, text: changed.find((r) => r.path === f.path)?.content ?? f.text })));
        if (!result.ok) {
          this.logger.error({ problems: result.problems.slice(0, 5).map(formatProblem) }, 'the stored knowledge files do not fit this knowledge folder; the folder is kept');
          return false;
        }
        for (const r of changed) await writeFileAtomically(join(this.knowledgeDir, r.path), r.content);
      }
      for (const r of usable) this.applied.set(r.path, r.version);
      return changed.length > 0;
    });
    this.applying = run.catch(() => undefined);
    return run;
  }

  close(): void {
    for (const stop of this.stops) stop();
  }
}

function isKnowledgePath(path: string): boolean {
  try {
    checkKnowledgePath(path);
    return true;
  } catch {
    return false;
  }
}
