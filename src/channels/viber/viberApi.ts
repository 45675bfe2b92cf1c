// A thin client for the Viber REST API over Node's fetch: the two calls the bot makes.
// Viber answers HTTP 200 even when a call fails; the JSON `status` says how it went (0 = ok).
import type { ViberConfig } from '../../config/config.js';

/** Events the bot asks for besides the ones Viber always sends (message, subscribed, unsubscribed). */
export const VIBER_EVENT_TYPES = ['conversation_started', 'subscribed', 'unsubscribed', 'failed'] as const;

export interface ViberKeyboardButton {
  ActionType: 'reply';
  ActionBody: string;
  Text: string;
  Columns: number;
  Rows: number;
  /** true: the tap is not shown in the chat as the user's message (used for JSON payloads). */
  Silent?: boolean;
}

export interface ViberKeyboard {
  Type: 'keyboard';
  DefaultHeight: boolean;
  Buttons: ViberKeyboardButton[];
}

export interface ViberSender {
  name: string;
  avatar?: string;
}

/** A text message as send_message takes it (also the shape of the welcome in a conversation_started response). */
export interface ViberTextMessage {
  min_api_version: number;
  sender: ViberSender;
  type: 'text';
  text: string;
  keyboard?: ViberKeyboard;
}

export interface ViberAnswer {
  status: number;
  status_message?: string;
  [field: string]: unknown;
}

export class ViberApiError extends Error {
  constructor(
    readonly method: string,
    /** Viber's status code, or the HTTP status when the answer was not Viber's JSON. */
    readonly status: number | undefined,
    readonly statusMessage: string,
  ) {
    super(`Viber ${method} failed: ${statusMessage}${status === undefined ? '' : ` (status ${status})`}`);
  }
}

export class ViberApi {
  constructor(
    private readonly config: Pick<ViberConfig, 'authToken' | 'apiUrl'>,
    private readonly timeoutMs = 10_000,
  ) {}

  sendMessage(receiver: string, message: ViberTextMessage): Promise<ViberAnswer> {
    return this.call('send_message', { receiver, ...message });
  }

  setWebhook(url: string, eventTypes: readonly string[] = VIBER_EVENT_TYPES): Promise<ViberAnswer> {
    return this.call('set_webhook', { url, event_types: eventTypes, send_name: true });
  }

  /** POSTs one API call; resolves with the answer when its status is 0, throws ViberApiError otherwise. */
  async call(method: string, body: Record<string, unknown>): Promise<ViberAnswer> {
    const res = await fetch(`${this.config.apiUrl.replace(/\/+$/, '')}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-viber-auth-token': this.config.authToken },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let answer: Partial<ViberAnswer> | undefined;
    try {
      answer = JSON.parse(text) as Partial<ViberAnswer>;
    } catch {
      answer = undefined;
    }
    if (typeof answer?.status !== 'number') throw new ViberApiError(method, res.status, `unexpected answer (HTTP ${res.status})`);
    if (answer.status !== 0) throw new ViberApiError(method, answer.status, answer.status_message ?? 'error');
    return answer as ViberAnswer;
  }
}
