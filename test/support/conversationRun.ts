// Runs one conversation of test/conversations/ on one channel of the real bot and says what went
// wrong: each turn is checked against what the file expects and against the channel's own rules
// (the platform's limits, each list said once, long text cut only where a line ends). The first
// turn that fails ends the run; its problems come back with the transcript so far.
import { MESSENGER_TEXT_MAX, QUICK_REPLIES_MAX, QUICK_REPLY_TITLE_MAX } from '../../src/channels/messenger/messengerChannel.js';
import { VIBER_BUTTON_TEXT_MAX, VIBER_BUTTONS_MAX, VIBER_TEXT_MAX } from '../../src/channels/viber/viberChannel.js';
import type { ChannelExpectation, Conversation, GivenRecord, Turn } from './conversationFiles.js';
import type { ChannelName, CitizenInput, ShownMessage, ThreeChannelBot } from './threeChannels.js';

/** What {reference}, {code}, {reference_tail} (and the same with 2, for a second record) stand for in one run. */
type Placeholders = Record<string, string>;

const fill = (text: string, values: Placeholders) => text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Makes the conversation's records in the bot's store; their numbers and codes fill the placeholders. */
async function makeRecords(tb: ThreeChannelBot, records: GivenRecord[]): Promise<Placeholders> {
  const values: Placeholders = {};
  for (const [i, given] of records.entries()) {
    const { record, accessCode } = await tb.harness.feedback.create({ kind: given.kind, description: given.description, lang: given.lang, channel: 'test', conversationId: 'given' });
    if (given.status) await tb.harness.feedback.updateStatus(record.reference, given.status, 'staff');
    if (given.reply) await tb.harness.feedback.appendReply(record.reference, given.reply, 'staff');
    const n = i === 0 ? '' : String(i + 1);
    values[`reference${n}`] = record.reference;
    values[`code${n}`] = accessCode;
    values[`reference_tail${n}`] = record.reference.replace(/^\D+/, '');
  }
  return values;
}

const textOf = (shown: ShownMessage[]) => shown.map((m) => m.text).join('\n');
const titlesOf = (shown: ShownMessage[]) => shown.flatMap((m) => m.buttons.map((b) => b.title));
const quoted = (list: string[]) => list.map((t) => `"${t}"`).join(', ') || 'none';

/** What the turn's messages fail of one expectation. */
export function unmet(shown: ShownMessage[], expected: ChannelExpectation, values: Placeholders = {}): string[] {
  const text = textOf(shown);
  const titles = titlesOf(shown);
  const regex = (source: string) => new RegExp(source.replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] ? escapeRegExp(values[name]) : whole)), 'iu');
  const problems: string[] = [];
  for (const s of expected.contains ?? []) if (!text.includes(fill(s, values))) problems.push(`does not say "${fill(s, values)}"`);
  for (const s of expected.not_contains ?? []) if (text.includes(fill(s, values))) problems.push(`says "${fill(s, values)}", which it must not`);
  for (const s of expected.matches ?? []) if (!regex(s).test(text)) problems.push(`does not match /${s}/`);
  for (const s of expected.not_matches ?? []) if (regex(s).test(text)) problems.push(`matches /${s}/, which it must not`);
  for (const s of expected.buttons ?? []) if (!titles.includes(fill(s, values))) problems.push(`has no button "${fill(s, values)}" (buttons: ${quoted(titles)})`);
  for (const s of expected.not_buttons ?? []) if (titles.includes(fill(s, values))) problems.push(`has the button "${fill(s, values)}", which it must not`);
  const { messages } = expected;
  if (typeof messages === 'number' && shown.length !== messages) problems.push(`sends ${shown.length} messages, not ${messages}`);
  if (typeof messages === 'object' && (shown.length < (messages.min ?? 0) || shown.length > (messages.max ?? Infinity))) problems.push(`sends ${shown.length} messages, not ${messages.min ?? 0}–${messages.max ?? '∞'}`);
  if (expected.whole_buttons) for (const title of titles.filter((t) => t.endsWith('…'))) problems.push(`cuts the button "${title}" short`);
  const longest = Math.max(0, ...shown.map((m) => m.text.length));
  if (expected.max_length !== undefined && longest > expected.max_length) problems.push(`has a message of ${longest} characters, over ${expected.max_length}`);
  return problems;
}

/** What each channel's platform takes: the longest text, the most buttons on a message, the longest title. */
const PLATFORM: Record<ChannelName, { textMax: number; buttonsMax: number; titleMax: number }> = {
  web: { textMax: Infinity, buttonsMax: Infinity, titleMax: Infinity },
  viber: { textMax: VIBER_TEXT_MAX, buttonsMax: VIBER_BUTTONS_MAX, titleMax: VIBER_BUTTON_TEXT_MAX },
  messenger: { textMax: MESSENGER_TEXT_MAX, buttonsMax: QUICK_REPLIES_MAX, titleMax: QUICK_REPLY_TITLE_MAX },
};

/** A line that shows a button's title again: the title alone, numbered or as a bullet. */
const listLine = (line: string) => line.trim().replace(/^(\d+\.|•|-)\s+/, '');
/** Buttons that a channel cannot show are listed as numbered lines (textReply.ts layOut). */
const LISTED_BUTTON = /^\d+\. /;

/** What every turn on the channel must respect, whatever the conversation. */
export function channelRules(channel: ChannelName, shown: ShownMessage[]): string[] {
  const limits = PLATFORM[channel];
  const problems: string[] = [];
  const lines = new Set(textOf(shown).split('\n').map(listLine));
  for (const [i, m] of shown.entries()) {
    const at = `message ${i + 1}`;
    if (m.text.length > limits.textMax) problems.push(`${at} has ${m.text.length} characters, over the channel's ${limits.textMax}`);
    if (m.buttons.length > limits.buttonsMax) problems.push(`${at} has ${m.buttons.length} buttons, over the channel's ${limits.buttonsMax}`);
    const titles = m.buttons.map((b) => b.title);
    for (const title of titles) {
      if (Array.from(title).length > limits.titleMax) problems.push(`${at}: the button "${title}" is over the channel's ${limits.titleMax} characters`);
      if (lines.has(title.trim())) problems.push(`${at}: "${title}" is both a button and a line of the text (a list said twice)`);
    }
    if (new Set(titles).size < titles.length) problems.push(`${at}: two buttons read the same (${quoted(titles)})`);
    // A piece of a long reply holds whole lines of it: cut where a line ends, never inside one.
    if (m.replyText !== undefined) {
      const whole = new Set(m.replyText.split('\n').map((l) => l.trim()));
      for (const line of m.text.split('\n').map((l) => l.trim()).filter(Boolean)) {
        if (!whole.has(line) && !LISTED_BUTTON.test(line)) problems.push(`${at} cuts a line of the reply: "${line.slice(0, 60)}…"`);
      }
    }
  }
  return problems;
}

const said = (input: CitizenInput) => ('start' in input ? '(opens the chat)' : 'text' in input ? input.text : `(taps ${JSON.stringify(input.value)})`);
const indented = (text: string) => text.split('\n').map((line) => (line ? `       ${line}` : '')).join('\n').trimStart();
const shownLines = (shown: ShownMessage[]) => shown.map((m) => `  bot: ${indented(m.text)}${m.buttons.length > 0 ? `\n       [${m.buttons.map((b) => b.title).join(' | ')}]` : ''}`);

/** The input of a turn: what is typed, or what the tapped button (one of the last turn's) sends; a string when the button is not there. */
function inputOf(turn: Turn, last: ShownMessage[], values: Placeholders): CitizenInput | string {
  if (turn.start) return { start: true };
  if (turn.say !== undefined) return { text: fill(turn.say, values) };
  const titles = [turn.tap!].flat().map((t) => fill(t, values));
  const button = last.flatMap((m) => m.buttons).find((b) => titles.includes(b.title));
  return button?.sends ?? `there is no button ${quoted(titles)} to tap (buttons: ${quoted(titlesOf(last))})`;
}

/** Runs the conversation on the channel; resolves with nothing when every turn was as expected, else with what was not and the transcript. */
export async function runConversation(tb: ThreeChannelBot, conversation: Conversation, channel: ChannelName): Promise<string[]> {
  const values = await makeRecords(tb, conversation.records);
  const citizen = tb.citizen(channel, conversation.locale);
  const transcript: string[] = [];
  let last: ShownMessage[] = [];
  for (const [i, turn] of conversation.turns.entries()) {
    const input = inputOf(turn, last, values);
    const problems = typeof input === 'string' ? [input] : [];
    if (typeof input !== 'string') {
      last = await citizen.send(input);
      transcript.push(`citizen: ${said(input)}`, ...shownLines(last));
      const expected = turn.reply ?? {};
      problems.push(...unmet(last, expected, values), ...unmet(last, expected[channel] ?? {}, values), ...channelRules(channel, last));
    }
    if (problems.length > 0) return [`turn ${i + 1} on ${channel}:`, ...problems.map((p) => `  - ${p}`), 'transcript:', ...transcript];
  }
  return [];
}
