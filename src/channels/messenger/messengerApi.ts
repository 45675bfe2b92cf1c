// A thin client for the Messenger Send API (Graph API) over Node's fetch.
import type { MessengerConfig } from '../../config/config.js';
import { appSecretProof } from './messengerSignature.js';

export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

export interface MessengerMessage {
  text: string;
  quick_replies?: QuickReply[];
}

export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    /** Graph's error code and message, when the answer carried them. */
    readonly code: number | undefined,
    readonly graphMessage: string,
  ) {
    super(`Graph API answered ${status}: ${graphMessage}${code === undefined ? '' : ` (code ${code})`}`);
  }
}

export class MessengerApi {
  constructor(
    private readonly config: Pick<MessengerConfig, 'pageToken' | 'appSecret' | 'apiUrl' | 'graphVersion'>,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Sends one message in reply to the person's message (messaging_type RESPONSE). */
  async sendMessage(recipientId: string, message: MessengerMessage): Promise<{ message_id?: string }> {
    const query = new URLSearchParams({ access_token: this.config.pageToken });
    if (this.config.appSecret) query.set('appsecret_proof', appSecretProof(this.config.pageToken, this.config.appSecret));
    const base = this.config.apiUrl.replace(/\/+$/, '');
    const res = await fetch(`${base}/${this.config.graphVersion}/me/messages?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { id: recipientId }, messaging_type: 'RESPONSE', message }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let answer: { message_id?: string; error?: { message?: string; code?: number } } | undefined;
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      answer = undefined;
    }
    if (!res.ok) throw new GraphApiError(res.status, answer?.error?.code, answer?.error?.message ?? 'unexpected answer');
    return answer ?? {};
  }
}
