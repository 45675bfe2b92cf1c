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
