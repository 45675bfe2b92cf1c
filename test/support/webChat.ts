// A web chat visitor on the self-hosted Direct Line, over plain HTTP polling: a token, a started
// conversation, messages posted and the bot's replies read back from the transcript.
import type { Activity } from 'botbuilder';
import { visibleText } from './cards.js';

export class WebChatVisitor {
  private constructor(
    private readonly base: string,
    private readonly token: string,
    readonly conversationId: string,
  ) {}

  static async start(base: string): Promise<WebChatVisitor> {
    const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
    if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
    const { token, conversationId } = (await res.json()) as { token: string; conversationId: string };
    const visitor = new WebChatVisitor(base, token, conversationId);
    const started = await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: visitor.headers() });
    if (started.status >= 300) throw new Error(`start: ${started.status} ${await started.text()}`);
    return visitor;
  }

  private headers() {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
  }

  private url(path = '') {
    return `${this.base}/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities${path}`;
  }

  /** Posts a message; resolves with the HTTP status of the post and the id the transcript gave it. */
  async post(text: string): Promise<{ status: number; id?: string }> {
    const res = await fetch(this.url(), { method: 'POST', headers: this.headers(), body: JSON.stringify({ type: 'message', from: { id: 'visitor' }, text, locale: 'bg-BG' }) });
    const body = (await res.json().catch(() => ({}))) as { id?: string };
    return { status: res.status, id: body.id };
  }

  /** The whole transcript the web chat reads back (from watermark 0), as its JSON text. */
  async transcript(): Promise<string> {
    const res = await fetch(this.url('?watermark=0'), { headers: this.headers() });
    return res.text();
  }

  /** The text of the bot's activities, read from the transcript, that answer `activityId` (waits up to `ms` for one). */
  async repliesTo(activityId: string | undefined, ms: number): Promise<string[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const res = await fetch(this.url('?watermark=0'), { headers: this.headers() });
      if (res.status === 200) {
        const body = (await res.json()) as { activities: Array<Partial<Activity>> };
        const texts = body.activities.filter((a) => a.from?.role === 'bot' && a.replyToId === activityId).map((a) => visibleText(a));
        if (texts.length > 0) return texts;
      } else await res.text();
      if (Date.now() > deadline) return [];
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
