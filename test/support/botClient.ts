// Talks to a running bot over its real Bot Framework endpoint, as a channel would: posts activities
// whose serviceUrl is the loopback capture server and collects the replies the bot sends there.
import { visibleText } from './cards.js';
import type { CaptureServer } from './captureServer.js';

let sequence = 0;

export class BotConversation {
  constructor(
    private readonly base: string,
    private readonly connector: CaptureServer,
    readonly id: string,
  ) {}

  /** Sends one message; resolves, when the bot has finished the turn, with the text of its replies. */
  async say(text: string): Promise<string> {
    sequence += 1;
    const activityId = `a${sequence}`;
    const res = await fetch(`${this.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message', id: activityId, text, channelId: 'test', serviceUrl: this.connector.url, locale: 'bg-BG',
        from: { id: `user-${this.id}` }, recipient: { id: 'bot' }, conversation: { id: this.id },
      }),
    });
    if (res.status !== 200) throw new Error(`bot answered ${res.status}: ${await res.text()}`);
    // The endpoint answers after the turn, so every reply of the turn has reached the connector.
    return this.connector.posts.filter((p) => p.body.replyToId === activityId).map((p) => visibleText(p.body)).join('\n');
  }
}

export const COMPLAINT_SCRIPT = ['Искам да подам жалба', 'Чаках на гишето повече от час без обяснение.', 'Анонимно', 'Потвърждавам'];
export const REFERENCE = /(ПТ-\d{4}-\d{6})/;
