// Tells staff about each new feedback record: an e-mail over SMTP and, optionally, a JSON
// webhook. Delivery runs in the background and is retried with growing pauses; its state is
// kept on the record, so pending deliveries resume after a restart. A failure is logged and
// never blocks or loses the record.
import nodemailer, { type Transporter } from 'nodemailer';
import type { FeedbackRepository } from '../feedback/repository.js';
import type { DeliveryState, FeedbackRecord } from '../feedback/types.js';
import type { Translate } from '../common/i18n.js';
import type { Logger } from '../common/logger.js';

export interface NotifierConfig {
  smtpUrl: string;
  staffEmail: string;
  /** Reports of these categories go to their own address instead of staffEmail. */
  categoryEmails?: Record<string, string>;
  mailFrom: string;
  webhookUrl: string;
  /** Pauses between attempts; the number of entries + 1 is the number of attempts. */
  retryDelaysMs: number[];
}

type Channel = 'email' | 'webhook';

/**
 * Why staff get no e-mail about new records, as one line for the operator's log; undefined when
 * they do. Records are kept either way, so nothing else would tell the operator.
 */
export function staffEmailOff(config: Pick<NotifierConfig, 'smtpUrl' | 'staffEmail' | 'webhookUrl'>): string | undefined {
  const missing = [...(config.smtpUrl ? [] : ['SMTP_URL']), ...(config.staffEmail ? [] : ['STAFF_EMAIL'])];
  if (missing.length === 0) return undefined;
  const only = config.webhookUrl ? '; only STAFF_WEBHOOK_URL is told' : '';
  return `staff notifications are off: set ${missing.join(' and ')} to e-mail staff about each new complaint, signal or proposal (records are kept and shown in the console${only})`;
}

export class StaffNotifier {
  private readonly transport: Transporter | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly config: NotifierConfig,
    private readonly repository: FeedbackRepository,
    private readonly t: Translate,
    private readonly logger: Logger,
    /** The title of a report category, for the e-mail. */
    private readonly categoryTitle: (id: string) => string | undefined = () => undefined,
  ) {
    this.transport = config.smtpUrl && config.staffEmail ? nodemailer.createTransport(config.smtpUrl) : undefined;
  }

  get channels(): Channel[] {
    return [...(this.transport ? (['email'] as const) : []), ...(this.config.webhookUrl ? (['webhook'] as const) : [])];
  }

  /** Starts delivery for a new record and returns at once. */
  notify(record: FeedbackRecord): void {
    for (const channel of this.channels) void this.attempt(record.reference, channel, 0);
  }

  /** Resumes deliveries that were still pending when the process stopped. */
  async resumePending(): Promise<void> {
    for (const record of await this.repository.list()) {
      for (const channel of this.channels) {
        const state = record.notifications[channel];
        if (!state || state.state === 'pending') void this.attempt(record.reference, channel, state?.attempts ?? 0);
      }
    }
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async attempt(reference: string, channel: Channel, previousAttempts: number): Promise<void> {
    const record = await this.repository.getByReference(reference).catch((err: unknown) => {
      this.logger.error({ err, reference }, 'could not read the record to notify about');
      return undefined;
    });
    if (!record) return;
    const attempts = previousAttempts + 1;
    try {
      if (channel === 'email') await this.sendEmail(record);
      else await this.postWebhook(record);
      await this.save(reference, channel, { state: 'sent', attempts, sentAt: new Date().toISOString() });
      this.logger.info({ reference, channel, attempts }, 'staff notified');
    } catch (err) {
      const lastError = err instanceof Error ? err.message : String(err);
      const delay = this.config.retryDelaysMs[attempts - 1];
      const state: DeliveryState = { state: delay === undefined ? 'failed' : 'pending', attempts, lastError };
      await this.save(reference, channel, state);
      this.logger.warn({ reference, channel, attempts, err: lastError, retryInMs: delay }, 'staff notification failed');
      if (delay !== undefined) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.attempt(reference, channel, attempts);
        }, delay);
        timer.unref();
        this.timers.add(timer);
      }
    }
  }

  private async save(reference: string, channel: Channel, state: DeliveryState): Promise<void> {
    await this.repository.recordDelivery(reference, channel, state).catch((err: unknown) => this.logger.error({ err, reference }, 'could not save delivery state'));
  }

  private async sendEmail(record: FeedbackRecord): Promise<void> {
    await this.transport!.sendMail({
      from: this.config.mailFrom,
      to: (record.category && this.config.categoryEmails?.[record.category]) || this.config.staffEmail,
      subject: this.t('staffMail.subject', { reference: record.reference, kind: this.t(`feedback.kind.${record.kind}`) }),
      text: staffMailText(record, this.t, record.category ? this.categoryTitle(record.category) ?? record.category : undefined),
    });
  }

  private async postWebhook(record: FeedbackRecord): Promise<void> {
    // The access-code hash stays inside: it protects the citizen's status check.
    const shared: Partial<FeedbackRecord> = { ...record };
    delete shared.accessCodeHash;
    const res = await fetch(this.config.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'feedback.created', record: shared }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}

/** The plain-text e-mail to staff (plain text: citizen text is never put into HTML). */
export function staffMailText(record: FeedbackRecord, t: Translate, category?: string): string {
  const none = t('staffMail.none');
  const contact = record.contact
    ? [record.contact.name, record.contact.phone, record.contact.email].filter(Boolean).join(', ')
    : t('staffMail.anonymous');
  return [
    t('staffMail.intro', { reference: record.reference }),
    '',
    `${t('staffMail.kind')}: ${t(`feedback.kind.${record.kind}`)}`,
    ...(category ? [`${t('staffMail.category')}: ${category}`] : []),
    ...(record.origin === 'unanswered-log' ? [t('staffMail.fromLog')] : []),
    `${t('staffMail.received')}: ${record.createdAt}`,
    `${t('staffMail.channel')}: ${record.channel}`,
    `${t('staffMail.contact')}: ${contact}`,
    `${t('staffMail.location')}: ${record.location ?? none}`,
    '',
    `${t('staffMail.description')}:`,
    record.description,
  ].join('\n');
}
