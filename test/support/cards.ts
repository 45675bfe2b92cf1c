import type { Activity } from 'botbuilder';

/** Every TextBlock's text of an activity's Adaptive Cards, plus its plain text, in order. */
export function visibleText(activity: Partial<Activity> | undefined): string {
  if (!activity) return '';
  const texts: string[] = activity.text ? [activity.text] : [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'TextBlock' && typeof n.text === 'string') texts.push(n.text.replace(/\\(.)/g, '$1'));
      Object.entries(n).forEach(([k, v]) => k !== 'fallbackText' && walk(v));
    }
  };
  for (const a of activity.attachments ?? []) walk(a.content);
  return texts.join('\n');
}

/** The titles of an activity's suggestions, or, for a choice shown as a card (AnswerView.choice), of the card's buttons. */
export function buttonTitles(activity: Partial<Activity> | undefined): string[] {
  const suggested = (activity?.suggestedActions?.actions ?? []).map((a) => a.title ?? '');
  return suggested.length > 0 ? suggested : choiceButtons(activity).map((b) => b.title);
}

/** The buttons of a choice card: each one's title and what a tap sends (a text, or a value). */
export function choiceButtons(activity: Partial<Activity> | undefined): Array<{ title: string; data: unknown }> {
  const card = activity?.attachments?.[0]?.content as { body?: unknown[]; actions?: Array<{ type: string; title: string; data?: unknown }> } | undefined;
  // Answer cards carry the rating as their only Action.Submit buttons; a choice card carries nothing else.
  const submits = (card?.actions ?? []).filter((a) => a.type === 'Action.Submit' && !(typeof a.data === 'object' && (a.data as { action?: unknown }).action === 'rate'));
  return submits.map((a) => ({ title: a.title, data: a.data }));
}

/** The rows of the tables (ColumnSets) in an activity's Adaptive Cards, each as its cells' text, header rows included. */
export function tableRows(activity: Partial<Activity> | undefined): string[][] {
  const rows: string[][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'ColumnSet' && Array.isArray(n.columns)) {
        rows.push(n.columns.map((c) => visibleText({ attachments: [{ contentType: 'x', content: c }] })));
        return;
      }
      Object.values(n).forEach(walk);
    }
  };
  for (const a of activity?.attachments ?? []) walk(a.content);
  return rows;
}

/** The plain-text version of an activity's cards: what text-only channels show. */
export function fallbackText(activity: Partial<Activity> | undefined): string {
  return (activity?.attachments ?? []).map((a) => (a.content as { fallbackText?: string }).fallbackText ?? '').join('\n');
}
