// Feedback records: the list (filtered, sorted by the day the answer is due, grouped, near-identical
// ones together), the CSV export of the same view, one record's page, and the changes a clerk
// makes: status, public reply (to the near-identical records ticked as well) and erasing the
// personal data.
import type * as restify from 'restify';
import type { Translate } from '../../common/i18n.js';
import type { Assistant } from '../../answer/assistant.js';
import { sofiaTime } from '../../dates/sofiaTime.js';
import { answerDue } from '../../feedback/answerDue.js';
import { FEEDBACK_STATUSES, type FeedbackRecord, type FeedbackStatus } from '../../feedback/types.js';
import { sendJsonError } from '../../http/jsonError.js';
import { queryOf } from '../../http/query.js';
import type { EraseRecord } from '../../feedback/erasure.js';
import type { FeedbackRepository } from '../../feedback/repository.js';
import { feedbackCsv } from '../csv.js';
import { categoryTitleOf, listFeedback, type GroupNaming } from '../feedbackList.js';
import { parseFeedbackQuery, WHOLE_LIST, type FeedbackListQuery, type FeedbackQueryForm } from '../feedbackQuery.js';
import { pathId } from '../pathId.js';
import { feedbackDetailPage, feedbackListPage, queryProblemText } from '../pages.js';
import { OPEN_STATUSES, similarRecords } from '../similarRecords.js';
import type { StaffKit } from './kit.js';

export interface FeedbackRoutesDeps {
  assistant: Assistant;
  feedback: FeedbackRepository;
  /** Erases a record's personal data, and the citizen's words wherever else they were kept (feedback/erasure.ts). */
  eraseRecord: EraseRecord;
  now: () => Date;
}

/** The view an export was of, for the audit log: " kind=signal, status=received" ('' for the whole list). */
const exportedView = (form: FeedbackQueryForm) =>
  Object.entries(form)
    .filter(([, v]) => v.length > 0)
    .map(([k, v]) => ` ${k}=${[v].flat().join('|')}`)
    .join(',');

/** What the list, the export and a record's page show beside the records, from the knowledge as it is now (a clerk's edit reloads it). */
function recordViews(deps: FeedbackRoutesDeps, t: Translate) {
  const { assistant } = deps;
  const isStop = (w: string) => assistant.index.pipeline.isStop(w, 'bg');
  const categoryTitle = (id: string) => categoryTitleOf(assistant.kb.signals)(id);
  const dueOf = () => {
    const today = sofiaTime(deps.now()).date;
    const forwarded = new Set(assistant.kb.signals.filter((c) => c.handled_by === 'other').map((c) => c.id));
    return (record: FeedbackRecord) => answerDue(record, assistant.kb.feedback, today, forwarded);
  };
  const naming = (): GroupNaming => ({
    categoryTitle,
    statusName: (status) => t(`status.name.${status}`),
    placeWords: (location) => assistant.reports.placeWords(location, isStop),
    noCategory: t('staff.feedback.noCategory'),
    noPlace: t('staff.feedback.noPlace'),
  });
  /** Adds to a row the open records that report the same thing (similarRecords compares open records only). */
  const similarOf = async () => {
    const pipeline = assistant.index.pipeline;
    const similar = similarRecords(await deps.feedback.list({ statuses: OPEN_STATUSES }), {
      place: (location) => assistant.reports.placeName(location, isStop),
      text: (description, lang) => pipeline.analyzeText(description, lang === 'en' ? 'en' : 'bg'),
    });
    return <T extends { record: FeedbackRecord }>(row: T): T & { similar: string[] } => ({ ...row, similar: similar.get(row.record.reference) ?? [] });
  };
  return {
    categoryTitle,
    similarOf,
    listView: () => ({ categories: assistant.kb.signals.map((c) => ({ id: c.id, title: c.title.bg })), categoryTitle }),
    /** The query of the request, or what is wrong with it. */
    queryOf: (req: restify.Request) => parseFeedbackQuery(queryOf(req), new Set(assistant.kb.signals.map((c) => c.id))),
    /** The records a query asks for: filtered by the store (in the database on PostgreSQL), then by place, in order and groups. */
    listed: async (query: FeedbackListQuery) =>
      listFeedback(await deps.feedback.list(query.filter), query, { due: dueOf(), naming: naming(), isPlaceMarker: (w) => assistant.reports.isPlaceMarker(w) }),
    rowOf: async (record: FeedbackRecord) => (await similarOf())({ record, due: dueOf()(record) }),
  };
}
type RecordViews = ReturnType<typeof recordViews>;

/** The list and its CSV export, both of the view the query asks for. */
function mountList(server: restify.Server, kit: StaffKit, views: RecordViews): void {
  const { t } = kit;
  server.get(
    '/staff/feedback',
    kit.guarded('page', async (req, res, session) => {
      const parsed = views.queryOf(req);
      if (!parsed.ok) return kit.sendPage(res, feedbackListPage(kit.ctxOf(session), { ...views.listView(), form: parsed.form, rows: [], problem: queryProblemText(t, parsed.problem) }), 400);
      const { rows, grouped } = await views.listed(parsed.query);
      const withSimilar = await views.similarOf();
      const groups = grouped && { by: grouped.by, groups: grouped.groups.map((g) => ({ ...g, rows: g.rows.map(withSimilar) })) };
      kit.sendPage(res, feedbackListPage(kit.ctxOf(session), { ...views.listView(), form: parsed.query.form, rows: rows.map(withSimilar), ...(groups ? { grouped: groups } : {}) }));
    }),
  );

  server.get(
    '/staff/feedback/export.csv',
    kit.guarded('file', async (req, res, session) => {
      const parsed = views.queryOf(req);
      if (!parsed.ok) return sendJsonError(res, 400, 'BadRequest', queryProblemText(t, parsed.problem));
      const records = (await views.listed(parsed.query)).rows.map((r) => r.record);
      const csv = feedbackCsv(records, t, views.categoryTitle);
      await kit.audit(session, 'export-feedback', undefined, `${records.length} record(s)${exportedView(parsed.query.form)}`);
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="feedback.csv"', 'cache-control': 'no-store' });
      res.end(csv);
    }),
  );
}

export function mountFeedback(server: restify.Server, kit: StaffKit, deps: FeedbackRoutesDeps): void {
  const { t } = kit;
  const views = recordViews(deps, t);
  mountList(server, kit, views);

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
      if (!record) return kit.sendPage(res, feedbackListPage(kit.ctxOf(session, t('staff.feedback.notFound')), { ...views.listView(), form: WHOLE_LIST, rows: [] }), 404);
      kit.sendPage(res, feedbackDetailPage(await kit.pageCtx(session), await views.rowOf(record), views.categoryTitle));
    }),
  );

  /**
   * The record and the near-identical ones the clerk ticked under "Същото и за подобните": only
   * references that really are in the record's group are taken.
   */
  const withSimilar = async (req: restify.Request, record: FeedbackRecord): Promise<string[]> => {
    const ticked = new Set(kit.fieldValues(req, 'also'));
    return [record.reference, ...(await views.rowOf(record)).similar.filter((r) => ticked.has(r))];
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
