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

export function buttonTitles(activity: Partial<Activity> | undefined): string[] {
  return (activity?.suggestedActions?.actions ?? []).map((a) => a.title ?? '');
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
