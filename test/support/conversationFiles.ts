// Conversation tests as data (test/conversations/*.yaml, described in its README): the schema of a
// file, and reading a folder of them with errors that name the file and the field.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FEEDBACK_STATUSES } from '../../src/feedback/types.js';
import { FEEDBACK_KINDS } from '../../src/knowledge/schema.js';
import { CHANNELS } from './threeChannels.js';

const Texts = z.array(z.string().min(1)).min(1);

/** Regular expressions as written in YAML (matched case-insensitively, Unicode-aware). */
const Patterns = Texts.check((ctx) => {
  for (const source of ctx.value) {
    try {
      new RegExp(source, 'iu');
    } catch (err) {
      ctx.issues.push({ code: 'custom', message: `not a regular expression: ${source} (${(err as Error).message})`, input: source });
    }
  }
});

/** What the messages of one turn must (not) show, on one channel. */
const ChannelExpectation = z.strictObject({
  /** Each of these, exactly as written, somewhere in the turn's text. */
  contains: Texts.optional(),
  not_contains: Texts.optional(),
  /** Each of these regular expressions matches the turn's text (case-insensitive). */
  matches: Patterns.optional(),
  not_matches: Patterns.optional(),
  /** Buttons the turn offers, by their titles as shown. */
  buttons: Texts.optional(),
  not_buttons: Texts.optional(),
  /** No button's title is cut short to fit the channel (shown ending in "…"). */
  whole_buttons: z.literal(true).optional(),
  /** How many messages the turn sends on the channel: a number, or a range. */
  messages: z.union([z.int().min(0), z.strictObject({ min: z.int().min(0).optional(), max: z.int().min(0).optional() })]).optional(),
  /** The longest text one message may have. */
  max_length: z.int().positive().optional(),
});
export type ChannelExpectation = z.infer<typeof ChannelExpectation>;

/** The same on every channel, with what a channel adds under its name. */
const Expectation = ChannelExpectation.extend({ web: ChannelExpectation.optional(), viber: ChannelExpectation.optional(), messenger: ChannelExpectation.optional() });
export type Expectation = z.infer<typeof Expectation>;

const Turn = z
  .strictObject({
    /** The citizen types this. */
    say: z.string().min(1).optional(),
    /** The citizen taps the button with this title (of the last turn's messages), or with any of these titles (a channel may show a shorter one). */
    tap: z.union([z.string().min(1), Texts]).optional(),
    /** The citizen opens the chat (the welcome: Web Chat joining, Viber's conversation_started, Messenger's Get Started). */
    start: z.literal(true).optional(),
    reply: Expectation.optional(),
  })
  .refine((t) => [t.say, t.tap, t.start].filter((x) => x !== undefined).length === 1, { message: 'a turn has exactly one of say, tap, start' });
export type Turn = z.infer<typeof Turn>;

/** A record made in the test's own store before the conversation: {reference} and {code} in the turns stand for it. */
const GivenRecord = z.strictObject({
  kind: z.enum(FEEDBACK_KINDS),
  description: z.string().min(1),
  lang: z.enum(['bg', 'en']).default('bg'),
  status: z.enum(FEEDBACK_STATUSES).optional(),
  /** The staff's public reply. */
  reply: z.string().min(1).optional(),
});
export type GivenRecord = z.infer<typeof GivenRecord>;

const Conversation = z.strictObject({
  name: z.string().min(1),
  /** The channels it runs on; all three unless it says. */
  channels: z.array(z.enum(CHANNELS)).min(1).default([...CHANNELS]),
  /** The person's language as the channel reports it (Web Chat's page, Viber's phone); Bulgarian unless it says. */
  locale: z.enum(['bg', 'en']).optional(),
  records: z.array(GivenRecord).max(2).default([]),
  /** Present while the bot does not yet do what the conversation expects: says what is wrong; the runner lists it as a todo. */
  known_gap: z.string().min(1).optional(),
  turns: z.array(Turn).min(1),
});
export type Conversation = z.infer<typeof Conversation>;

const ConversationFile = z.strictObject({ conversations: z.array(Conversation).min(1) });

export interface LoadedFile {
  /** Relative to the folder, with forward slashes. */
  path: string;
  conversations: Conversation[];
}

const fieldPath = (path: PropertyKey[]) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');

/** Every *.yaml file under the folder (its sub-folders too), checked; throws one error listing every problem as `file: field: message`. */
export async function loadConversations(dir: string): Promise<LoadedFile[]> {
  const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.yaml')).sort();
  const problems: string[] = [];
  const files: LoadedFile[] = [];
  for (const name of names) {
    const path = name.replaceAll('\\', '/');
    let raw: unknown;
    try {
      raw = parseYaml(await readFile(join(dir, name), 'utf8'));
    } catch (err) {
      problems.push(`${path}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    const result = ConversationFile.safeParse(raw);
    if (result.success) files.push({ path, conversations: result.data.conversations });
    else for (const issue of result.error.issues) problems.push(`${path}: ${fieldPath(issue.path)}: ${issue.message}`);
  }
  if (problems.length > 0) throw new Error(`conversation files with problems:\n${problems.join('\n')}`);
  return files;
}
