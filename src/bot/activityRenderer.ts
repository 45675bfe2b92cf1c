// AnswerView → Bot Framework activity: an Adaptive Card for answers about an
// entry, plain text for short messages, suggested actions for the buttons. The view travels with
// the activity (under a symbol, which copies keep and JSON leaves out), so the project's own text
// channels render the view itself rather than decode the card.
import { ActionTypes, CardFactory, type Activity, type CardAction } from 'botbuilder';
import type { ActionValue, AnswerView, ViewAction, ViewTable } from '../render/answerView.js';
import { viewToText } from '../render/answerView.js';
import { newCardId, ratingActions } from '../render/ratingCard.js';

const VIEW = Symbol('view');

/** The view an activity was rendered from, when it was. */
export function viewOf(activity: Partial<Activity>): AnswerView | undefined {
  return (activity as { [VIEW]?: AnswerView })[VIEW];
}

type CardElement = Record<string, unknown>;

/** The element that holds a card's source links (ids are per card). */
const SOURCES_ID = 'sources';

const textBlock = (text: string, extra: CardElement = {}): CardElement => ({ type: 'TextBlock', text, wrap: true, ...extra });

/** Whether a text holds anything escapeCardText escapes (most texts do not, and are passed on as they are). */
const MARKDOWN = /[\\`*_[\]()#>~|]|^\s*(?:[-+]|\d+\.)\s/m;

/** Adaptive Card TextBlocks read a little markdown; citizen-visible data must not turn into markup. */
export function escapeCardText(text: string): string {
  if (!MARKDOWN.test(text)) return text;
  return text
    .replace(/([\\`*_[\]()#>~|])/g, '\\$1')
    .replace(/^(\s*)([-+])(\s)/gm, '$1\\$2$3')
    .replace(/^(\s*)(\d+)\.(\s)/gm, '$1$2\\.$3');
}

/** A table as one ColumnSet a row, so that the columns line up; the header row in bold. */
function tableOf(table: ViewTable): CardElement[] {
  // The first and last columns (speed, ready day) hold the longest words.
  const width = (i: number) => (i === 0 || i === table.columns.length - 1 ? 3 : 2);
  const row = (cells: string[], header: boolean): CardElement => ({
    type: 'ColumnSet',
    spacing: 'Small',
    ...(header ? {} : { separator: true }),
    columns: cells.map((cell, i) => ({
      type: 'Column',
      width: width(i),
      items: [textBlock(escapeCardText(cell), { size: 'Small', ...(header ? { weight: 'Bolder' } : {}) })],
    })),
  });
  return [row(table.columns, true), ...table.rows.map((r) => row(r, false))];
}

/**
 * The rating buttons' icons, drawn in SVG: an emoji (👍 👎) shows as an empty box where no emoji font
 * is installed, and the label ("Да", "Не") must be readable without the icon anyway.
 */
const svgIcon = (path: string) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="${path}" fill="none" stroke="#0b4f8a" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`)}`;
export const RATING_ICONS = { useful: svgIcon('M3 8.5l3.5 3.5L13 4.5'), notUseful: svgIcon('M4 4l8 8M12 4l-8 8') };

function ratingIcon(value: ActionValue): string | undefined {
  if (value.action !== 'rate') return undefined;
  return value.useful ? RATING_ICONS.useful : RATING_ICONS.notUseful;
}

export function adaptiveCardOf(view: AnswerView): CardElement {
  const body: CardElement[] = [];
  if (view.title) body.push(textBlock(escapeCardText(view.title), { size: 'Medium', weight: 'Bolder', style: 'heading' }));
  if (view.summary) body.push(textBlock(escapeCardText(view.summary)));
  if (view.text) body.push(textBlock(escapeCardText(view.text)));
  for (const section of view.sections) {
    const items: CardElement[] = [];
    if (section.heading) items.push(textBlock(escapeCardText(section.heading), { weight: 'Bolder' }));
    if (section.table) {
      items.push(...tableOf(section.table));
      for (const note of section.notes ?? []) items.push(textBlock(escapeCardText(note), { isSubtle: true, size: 'Small', spacing: 'Small' }));
    } else {
      for (const line of section.lines) items.push(textBlock(escapeCardText(section.lines.length > 1 ? `• ${line}` : line), { spacing: 'Small' }));
    }
    body.push({ type: 'Container', items, spacing: 'Medium' });
  }
  if (view.footer) body.push(textBlock(escapeCardText(view.footer), { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  const links = view.sources.filter((s) => s.url);
  if (links.length > 0) {
    const list = textBlock(links.map((s) => `[${escapeCardText(s.title)}](${s.url})`).join(' · '), { isSubtle: true, size: 'Small', spacing: 'Small' });
    if (view.sourcesLabel) {
      // Folded away behind one button: on a phone the answer, not its references, should fill the screen.
      body.push({ type: 'ActionSet', spacing: 'Small', actions: [{ type: 'Action.ToggleVisibility', title: view.sourcesLabel, targetElements: [SOURCES_ID] }] });
      body.push({ type: 'Container', id: SOURCES_ID, isVisible: false, items: [list] });
    } else {
      body.push(list);
    }
  }
  // Each card gets its own id in its rating buttons: a second tap on it replaces the first rating.
  const actions = ratingActions(view, newCardId()).map((a) => ({ type: 'Action.Submit', title: a.title, data: a.value, iconUrl: ratingIcon(a.value) }));
  if (view.rating) body.push(textBlock(escapeCardText(view.rating.question), { size: 'Small', spacing: 'Medium' }));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.3',
    fallbackText: viewToText(view),
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

export function cardActionOf(action: ViewAction): CardAction {
  if (action.value.action === 'ask') return { type: ActionTypes.ImBack, title: action.title, value: action.value.text };
  return { type: ActionTypes.PostBack, title: action.title, value: action.value, text: action.title, displayText: action.title } as CardAction;
}

/**
 * A choice the conversation waits on, as a card whose buttons are all its choices: Web Chat may show
 * only some of a message's suggestions (public/chat.js keeps three), and a card keeps every button.
 * A choice that says a text sends it as typed (Web Chat's imBack for string data), so the dialog's
 * choice prompt reads it as it reads typing; any other sends its value.
 */
export function choiceCardOf(view: AnswerView): CardElement {
  const text = viewToText({ ...view, actions: [] });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.3',
    fallbackText: viewToText(view),
    body: text ? [textBlock(escapeCardText(text))] : [],
    actions: view.actions.map((a) => ({ type: 'Action.Submit', title: a.title, data: a.value.action === 'ask' ? a.value.text : a.value })),
  };
}

/** Entry answers become cards, and so do choices; everything else stays a text message. */
export function activityOf(view: AnswerView, locale: string): Partial<Activity> {
  if (view.choice && view.actions.length > 0) {
    return Object.assign({ type: 'message', locale, attachments: [CardFactory.adaptiveCard(choiceCardOf(view))] } as Partial<Activity>, { [VIEW]: view });
  }
  const suggestedActions = view.actions.length > 0 ? { actions: view.actions.map(cardActionOf), to: [] } : undefined;
  const isCard = view.entryId !== undefined || view.sections.length > 0;
  const activity: Partial<Activity> = isCard
    ? { type: 'message', locale, attachments: [CardFactory.adaptiveCard(adaptiveCardOf(view))], ...(suggestedActions ? { suggestedActions } : {}) }
    : // Plain: a message may hold the citizen's own words (a summary, a place), which no channel may read as markdown.
      { type: 'message', locale, text: viewToText({ ...view, actions: [] }), textFormat: 'plain', ...(suggestedActions ? { suggestedActions } : {}) };
  return Object.assign(activity, { [VIEW]: view });
}
