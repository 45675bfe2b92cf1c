// Feedback records: the list (filtered, sorted by the day the answer is due, near-identical ones
// together), the CSV export, one record's page, and the changes a clerk makes: status, public
// reply (to the near-identical records ticked as well) and erasing the personal data.
import type * as restify from 'restify';
import type { Assistant } from '../../answer/assistant.js';
import { sofiaTime } from '../../dates/sofiaTime.js';
import { answerDue, byDueDate } from '../../feedback/answerDue.js';
import { FEEDBACK_STATUSES, type FeedbackFilter, type FeedbackRecord, type FeedbackStatus } from '../../feedback/types.js';
import { sendJsonError } from '../../http/jsonError.js';
import { queryRecord } from '../../http/query.js';
import { FEEDBACK_KINDS, type FeedbackKind } from '../../knowledge/schema.js';
import type { EraseRecord } from '../../feedback/erasure.js';
import type { FeedbackRepository } from '../../feedback/repository.js';
import { feedbackCsv } from '../csv.js';
import { pathId } from '../pathId.js';
import { feedbackDetailPage, feedbackListPage, FEEDBACK_SORTS, type FeedbackRow, type FeedbackSort } from '../pages.js';
import { similarRecords } from '../similarRecords.js';
import type { StaffKit } from './kit.js';

export interface FeedbackRoutesDeps {
  assistant: Assistant;
  feedback: FeedbackRepository;
  /** Erases a record's personal data, and the citizen's words wherever else they were kept (feedback/erasure.ts). */
  eraseRecord: EraseRecord;
  now: () => Date;
}

function filterOf(query: Record<string, unknown>): FeedbackFilter {
  const kind = String(query.kind ?? '');
  const status = String(query.status ?? '');
  const date = (v: unknown, end: boolean) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}${end ? 'T23:59:59.999Z' : 'T00:00:00.000Z'}` : undefined);
  return {
    ...(FEEDBACK_KINDS.includes(kind as FeedbackKind) ? { kind: kind as FeedbackKind } : {}),
    ...(FEEDBACK_STATUSES.includes(status as FeedbackStatus) ? { status: status as FeedbackStatus } : {}),
    ...(date(query.from, false) ? { from: date(query.from, false) } : {}),
    ...(date(query.to, true) ? { to: date(query.to, true) } : {}),
  };
}

export function mountFeedback(server: restify.Server, kit: StaffKit, deps: FeedbackRoutesDeps): void {
  const { assistant } = deps;
  const { t } = kit;

  /** Records with the day their answer is due and the open records that report the same thing. */
  const rowsOf = async (records: FeedbackRecord[]): Promise<FeedbackRow[]> => {
    const pipeline = assistant.index.pipeline;
    const similar = similarRecords(await deps.feedback.list(), {
      place: (location) => assistant.reports.placeName(location, (w) => pipeline.isStop(w, 'bg')),
      text: (description, lang) => pipeline.analyzeText(description, lang === 'en' ? 'en' : 'bg'),
    });
    const today = sofiaTime(deps.now()).date;
    const forwarded = new Set(assistant.kb.signals.filter((c) => c.handled_by === 'other').map((c) => c.id));
    return records.map((record) => ({ record, due: answerDue(record, assistant.kb.feedback, today, forwarded), similar: similar.get(record.reference) ?? [] }));
  };

  server.get(
    '/staff/feedback',
    kit.guarded('page', async (req, res, session) => {
      const query = queryRecord(req);
      const filter = filterOf(query);
      const sort: FeedbackSort = FEEDBACK_SORTS.includes(query.sort as FeedbackSort) ? (query.sort as FeedbackSort) : 'newest';
      const search = new URLSearchParams(Object.entries(query).filter(([k, v]) => k !== 'sort' && typeof v === 'string' && v) as Array<[string, string]>).toString();
      const rows = await rowsOf((await deps.feedback.list(filter)).reverse());
      kit.sendPage(res, feedbackListPage(kit.ctxOf(session), sort === 'due' ? byDueDate(rows) : rows, filter, sort, search ? `?${search}` : ''));
    }),
  );

  server.get(
    '/staff/feedback/export.csv',
    kit.guarded('file', async (req, res, session) => {
      const records = await deps.feedback.list(filterOf(queryRecord(req)));
      const csv = feedbackCsv(records, t);
      await kit.audit(session, 'export-feedback', undefined, `${records.length} record(s)`);
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="feedback.csv"', 'cache-control': 'no-store' });
      res.end(csv);
    }),
  );

  /** The record of the path; 'malformed' (answered 400) for an id no record can have. */
  const recordOf = async (req: restify.Request): Promise<FeedbackRecord | undefined | 'malformed'> => {
    const reference = pathId(req.params.reference);
    return reference === undefined ? 'malformed' : deps.feedback.getByReference(reference);
  };
  const malformed = (res: restify.Response) => sendJsonError(res, 400, 'BadRequest', t('staff.malformedId'));

  server.get(
    '/staff/feedback/:reference',
    kit.guarded('page', async (req, res, session) => {
      const record = await recordOf(req);
      if (record === 'malformed') return malformed(res);
      if (!record) return kit.sendPage(res, feedbackListPage(kit.ctxOf(session, t('staff.feedback.notFound')), [], {}, 'newest', ''), 404);
      kit.sendPage(res, feedbackDetailPage(await kit.pageCtx(session), (await rowsOf([record]))[0], (id) => assistant.kb.signals.find((c) => c.id === id)?.title.bg ?? id));
    }),
  );

  /**
   * The record and the near-identical ones the clerk ticked under "Същото и за подобните": only
   * references that really are in the record's group are taken.
   */
  const withSimilar = async (req: restify.Request, record: FeedbackRecord): Promise<string[]> => {
    const ticked = new Set(kit.fieldValues(req, 'also'));
    return [record.reference, ...(await rowsOf([record]))[0].similar.filter((r) => ticked.has(r))];
  };

  const change = (action: 'status' | 'reply' | 'erase') =>
    kit.guarded('action', async (req, res, session) => {
      const record = await recordOf(req);
      if (record === 'malformed') return malformed(res);
      if (!record) return sendJsonError(res, 404, 'NotFound', t('staff.feedback.notFound'));
      if (action === 'status') {
        const status = kit.field(req, 'status') as FeedbackStatus;
        if (!FEEDBACK_STATUSES.includes(status)) return sendJsonError(res, 400, 'BadRequest', 'unknown status');
        for (const reference of await withSimilar(req, record)) {
          await deps.feedback.updateStatus(reference, status, session.user);
          await kit.audit(session, 'feedback-status', reference, status);
        }
      } else if (action === 'reply') {
        const reply = kit.field(req, 'reply').trim(); // at most 2,000 characters (formLimits.ts)
        for (const reference of await withSimilar(req, record)) {
          await deps.feedback.appendReply(reference, reply, session.user);
          await kit.audit(session, 'feedback-reply', reference);
        }
      } else {
        await deps.eraseRecord(record.reference, session.user);
        await kit.audit(session, 'feedback-erase', record.reference);
      }
      await kit.redirectWith(res, session, `/staff/feedback/${encodeURIComponent(record.reference)}`, t('staff.feedback.updated'));
    });
  server.post('/staff/feedback/:reference/status', change('status'));
  server.post('/staff/feedback/:reference/reply', change('reply'));
  server.post('/staff/feedback/:reference/erase', change('erase'));
}
