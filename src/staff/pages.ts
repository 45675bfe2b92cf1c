// The staff console's pages, as functions of their data. Every value goes through `html`, which
// escapes it; forms carry the session's CSRF token.
import { clockText, sofiaTime } from '../dates/sofiaTime.js';
import type { AnswerDue } from '../feedback/answerDue.js';
import { FEEDBACK_KINDS } from '../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { FEEDBACK_STATUSES, type FeedbackRecord } from '../feedback/types.js';
import type { Translate } from '../common/i18n.js';
import type { Dashboard } from './dashboard.js';
import type { RecordGroup } from './feedbackList.js';
import { FEEDBACK_GROUPINGS, FEEDBACK_SORTS, feedbackQueryString, WITHOUT_CATEGORY, type FeedbackGrouping, type FeedbackQueryField, type FeedbackQueryForm, type FeedbackQueryProblem } from './feedbackQuery.js';
import { fieldMax } from './formLimits.js';
import { html, jsonData, type Html } from './html.js';
import type { ReportGroup } from './reportGroups.js';
import type { UnansweredGroup, UnansweredPage } from './unansweredGroups.js';

export interface PageContext {
  t: Translate;
  user?: string;
  csrf?: string;
  /** A one-line message after an action (success or problem). */
  notice?: string;
}

export const csrfField = (ctx: PageContext) => html`<input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">`;
/** "2026-11-29" → "29.11.2026". */
const dateText = (date: string) => date.split('-').reverse().join('.');

/** An instant as the clock in Petrich shows it ("29.11.2026 14:35"), with the exact instant for machines. */
function day(iso: string | undefined): Html {
  if (!iso || Number.isNaN(Date.parse(iso))) return html``;
  const local = sofiaTime(new Date(iso));
  return html`<time datetime="${iso}">${dateText(local.date)} ${clockText(local.minutes)}</time>`;
}

export function layout(ctx: PageContext, title: string, body: Html): string {
  const { t } = ctx;
  const nav = ctx.user
    ? html`<nav aria-label="${t('staff.title')}"><ul>
        <li><a href="/staff">${t('staff.nav.dashboard')}</a></li>
        <li><a href="/staff/unanswered">${t('staff.nav.unanswered')}</a></li>
        <li><a href="/staff/reports">${t('staff.nav.reports')}</a></li>
        <li><a href="/staff/facts">${t('staff.nav.facts')}</a></li>
        <li><a href="/staff/feedback">${t('staff.nav.feedback')}</a></li>
      </ul>
      <form method="post" action="/staff/logout" class="inline">${csrfField(ctx)}<span>${t('staff.login.signedInAs', { user: ctx.user })}</span> <button type="submit">${t('staff.nav.logout')}</button></form></nav>`
    : '';
  return html`<!doctype html>
<html lang="bg"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${t('staff.title')}</title><link rel="stylesheet" href="/static/staff.css"></head>
<body><header><p class="brand">${t('staff.title')}</p>${nav}</header>
<main><h1>${title}</h1>${ctx.notice ? html`<p class="notice" role="status">${ctx.notice}</p>` : ''}${body}</main>
${ctx.user ? html`<footer><p class="meta">${t('staff.timeZone')}</p></footer>` : ''}
<script src="/static/chart.umd.js"></script><script src="/static/staff.js"></script></body></html>`.value;
}

export function loginPage(ctx: PageContext, error?: string): string {
  const { t } = ctx;
  return layout(
    ctx,
    t('staff.login.title'),
    html`${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/staff/login" class="stack">
  <label>${t('staff.login.user')} <input name="user" autocomplete="username" required></label>
  <label>${t('staff.login.password')} <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">${t('staff.login.submit')}</button>
</form>`,
  );
}

const table = (headers: string[], rows: Html[], className?: string) =>
  html`<table${className ? html` class="${className}"` : ''}><thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;

export function dashboardPage(ctx: PageContext, d: Dashboard, title: (id: string) => string, notificationsOff = false): string {
  const { t } = ctx;
  const none = html`<p>${t('staff.dashboard.none')}</p>`;
  const counts = (record: Record<string, number>, header: string, label: (k: string) => string) =>
    Object.keys(record).length ? table([header, t('staff.dashboard.count')], Object.entries(record).map(([k, n]) => html`<tr><td>${label(k)}</td><td>${n}</td></tr>`)) : none;
  const chart = { labels: d.perDay.map((p) => p.day.slice(5)), questions: d.perDay.map((p) => p.questions), answered: d.perDay.map((p) => p.answered), names: [t('staff.dashboard.chartQuestions'), t('staff.dashboard.chartAnswered')] };
  return layout(
    ctx,
    t('staff.dashboard.title'),
    html`${notificationsOff ? html`<p class="warning" role="status">${t('staff.dashboard.notificationsOff')}</p>` : ''}<p>${t('staff.dashboard.total', { count: d.total })} · ${t('staff.dashboard.answeredShare', { percent: Math.round(d.answeredShare * 100) })}</p>
<section><h2>${t('staff.dashboard.questions', { days: d.perDay.length })}</h2>
<canvas id="questions-chart" height="120" role="img" aria-label="${t('staff.dashboard.questions', { days: d.perDay.length })}"></canvas>
<script type="application/json" id="questions-data">${jsonData(chart)}</script>
${table(['', t('staff.dashboard.chartQuestions'), t('staff.dashboard.chartAnswered')], d.perDay.map((p) => html`<tr><td>${p.day}</td><td>${p.questions}</td><td>${p.answered}</td></tr>`))}</section>
<section><h2>${t('staff.dashboard.topEntries')}</h2>${d.topEntries.length ? table([t('staff.dashboard.entry'), t('staff.dashboard.count')], d.topEntries.map((e) => html`<tr><td>${title(e.id)}</td><td>${e.count}</td></tr>`)) : none}</section>
<section><h2>${t('staff.dashboard.leastHelpful')}</h2>${d.leastHelpful.length ? table([t('staff.dashboard.entry'), t('staff.dashboard.useful'), t('staff.dashboard.notUseful')], d.leastHelpful.map((e) => html`<tr><td>${title(e.id)}</td><td>${e.useful}</td><td>${e.notUseful}</td></tr>`)) : none}</section>
<section><h2>${t('staff.dashboard.feedbackByKind')}</h2>${counts(d.feedbackByKind, t('staff.feedback.kind'), (k) => t(`feedback.kind.${k}`))}</section>
<section><h2>${t('staff.dashboard.feedbackByStatus')}</h2>${counts(d.feedbackByStatus, t('staff.feedback.status'), (k) => t(`status.name.${k}`))}</section>
<section><h2>${t('staff.dashboard.oldestChecked')}</h2>${table([t('staff.dashboard.entry'), t('staff.dashboard.checked')], d.oldestChecked.map((e) => html`<tr><td>${title(e.id)}</td><td>${e.checked}</td></tr>`))}</section>`,
  );
}

/** Questions of one group listed on the page at most (the most recent); the count says how many there are. */
const QUESTIONS_SHOWN = 20;

export function unansweredPage(ctx: PageContext, groups: UnansweredGroup[] | UnansweredPage, kb: KnowledgeBase, lang: 'bg' | 'en', title: (id: string) => string): string {
  const { t } = ctx;
  const paging = Array.isArray(groups) ? undefined : groups;
  const shown = Array.isArray(groups) ? groups : groups.groups;
  const recent = (g: UnansweredGroup) => g.questions.slice(-QUESTIONS_SHOWN).reverse();
  // The bot's own best guess comes preselected: often it only lacked this phrasing.
  const options = (preselect?: string) => kb.entries.map((e) => html`<option value="${e.id}"${e.id === preselect ? html` selected` : ''}>${e.title[lang]}</option>`);
  const group = (g: UnansweredGroup) => html`<article class="group">
  <h2>${g.questions[g.questions.length - 1].text}</h2>
  <p>${t('staff.unanswered.count')}: ${g.count} · ${t('staff.unanswered.first')}: ${day(g.first)} · ${t('staff.unanswered.last')}: ${day(g.last)} · ${t('staff.unanswered.lang')}: ${g.langs.join(', ')} · ${t('staff.unanswered.channel')}: ${g.channels.join(', ')}</p>
  ${g.candidates.length ? html`<p>${t('staff.unanswered.candidates')}: ${g.candidates.map((c, i) => html`${i ? ', ' : ''}${title(c.id)} (${c.times})`)}</p>` : ''}
  <details><summary>${t('staff.unanswered.questions')} (${g.count})</summary><ul>${recent(g).map((q) => html`<li>${q.text}</li>`)}</ul>${g.count > QUESTIONS_SHOWN ? html`<p>${t('staff.unanswered.more', { count: g.count - QUESTIONS_SHOWN })}</p>` : ''}</details>
  <form method="post" action="/staff/unanswered/attach" class="inline">${csrfField(ctx)}<input type="hidden" name="key" value="${g.key}">
    <label>${t('staff.unanswered.attach')} <select name="entryId">${options(g.candidates.find((c) => kb.byId.has(c.id))?.id)}</select></label> <button type="submit">${t('staff.unanswered.attachButton')}</button></form>
  <form method="post" action="/staff/unanswered/draft" class="inline">${csrfField(ctx)}<input type="hidden" name="key" value="${g.key}"><button type="submit">${t('staff.unanswered.draft')}</button></form>
  <form method="post" action="/staff/unanswered/dismiss" class="inline">${csrfField(ctx)}<input type="hidden" name="key" value="${g.key}"><button type="submit">${t('staff.unanswered.dismiss')}</button></form>
</article>`;
  const nav = paging && paging.pages > 1
    ? html`<nav class="pages" aria-label="${t('staff.unanswered.pages')}">${paging.page > 1 ? html`<a href="/staff/unanswered?page=${paging.page - 1}" rel="prev">${t('staff.unanswered.previous')}</a> ` : ''}${t('staff.unanswered.page', { page: paging.page, pages: paging.pages, total: paging.total })}${paging.page < paging.pages ? html` <a href="/staff/unanswered?page=${paging.page + 1}" rel="next">${t('staff.unanswered.next')}</a>` : ''}</nav>`
    : '';
  return layout(ctx, t('staff.unanswered.title'), html`<p>${t('staff.unanswered.intro')}</p>${nav}${shown.length ? shown.map(group) : html`<p>${t('staff.unanswered.none')}</p>`}${nav}`);
}

/** Reports the citizens did not register, by category, each with a button that records it. */
export function reportsPage(ctx: PageContext, groups: ReportGroup[], lang: 'bg' | 'en'): string {
  const { t } = ctx;
  const group = (g: ReportGroup) => html`<section class="group">
  <h2>${g.category.title[lang]} (${g.reports.length})</h2>
  ${g.category.handled_by === 'municipality' ? '' : html`<p>${t('staff.reports.otherBody', { institution: g.category.institution?.name[lang] ?? '' })}</p>`}
  <ul class="reports">${g.reports.map(
    (r) => html`<li><p class="text">${r.question.text}</p>
    <p class="meta">${day(r.question.time)} · ${r.question.channel} · ${r.question.lang}${r.place ? html` · ${t('staff.reports.place')}: <bdi>${r.place}</bdi>` : ''}</p>
    <form method="post" action="/staff/reports/record" class="inline">${csrfField(ctx)}<input type="hidden" name="id" value="${r.question.id}"><button type="submit">${t('staff.reports.record')}</button></form>
    <form method="post" action="/staff/reports/dismiss" class="inline">${csrfField(ctx)}<input type="hidden" name="id" value="${r.question.id}"><button type="submit">${t('staff.reports.dismiss')}</button></form></li>`,
  )}</ul>
</section>`;
  return layout(ctx, t('staff.reports.title'), html`<p>${t('staff.reports.intro')}</p>${groups.length ? groups.map(group) : html`<p>${t('staff.reports.none')}</p>`}`);
}

/**
 * The citizen's name, phone and e-mail, each isolated (`<bdi>`): a name in a right-to-left script
 * would otherwise carry the phone beside it into its direction, and the digits would read reversed.
 */
function contactOf(r: FeedbackRecord, t: Translate): Html {
  if (!r.contact) return html`${t('staff.feedback.anonymous')}`;
  const parts = [r.contact.name, r.contact.phone, r.contact.email].filter((p): p is string => Boolean(p));
  return html`${parts.map((p, i) => html`${i ? ', ' : ''}<bdi>${p}</bdi>`)}`;
}

/** A record with what the list shows beside it: the day its answer is due and the near-identical records. */
export interface FeedbackRow {
  record: FeedbackRecord;
  due: AnswerDue;
  similar: string[];
}

/** The day an answer is due, or why there is none; an overdue one says so in words, not only in colour. */
function dueText(t: Translate, due: AnswerDue): Html {
  if (due.kind === 'anonymous') return html`${t('staff.feedback.due.anonymous')}`;
  if (due.kind === 'none') return html`${t('staff.feedback.due.none')}`;
  if (due.kind === 'forwarded') return html`${t('staff.feedback.due.forwarded')}`;
  return due.overdue ? html`<strong class="overdue">${t('staff.feedback.due.overdue', { date: dateText(due.date) })}</strong>` : html`${dateText(due.date)}`;
}

const recordLink = (reference: string) => html`<a href="/staff/feedback/${encodeURIComponent(reference)}">${reference}</a>`;
const links = (references: string[]) => references.map((r, i) => html`${i ? ', ' : ''}${recordLink(r)}`);

/** The feedback list as a clerk asked for it: the form with the query, and the records found (or what is wrong with the query). */
export interface FeedbackListView {
  form: FeedbackQueryForm;
  rows: FeedbackRow[];
  /** The rows in groups, when the clerk grouped them. */
  grouped?: { by: FeedbackGrouping; groups: Array<RecordGroup<FeedbackRow>> };
  /** The report categories a record may be filtered by. */
  categories: ReadonlyArray<{ id: string; title: string }>;
  categoryTitle(id: string): string;
  /** What is wrong with the query, in words; then no record is shown. */
  problem?: string;
}

const QUERY_FIELD_LABELS: Readonly<Record<FeedbackQueryField, string>> = {
  kind: 'staff.feedback.kind',
  status: 'staff.feedback.status',
  category: 'staff.feedback.category',
  place: 'staff.feedback.location',
  from: 'staff.feedback.from',
  to: 'staff.feedback.to',
  sort: 'staff.feedback.sort',
  group: 'staff.feedback.group',
};

/** What is wrong with a list's query, in words that name the field as the form does. */
export function queryProblemText(t: Translate, { field, problem, max }: FeedbackQueryProblem): string {
  return t(`staff.feedback.invalid.${problem}`, { field: t(QUERY_FIELD_LABELS[field]), max });
}

const GROUP_HEADERS: Readonly<Record<FeedbackGrouping, string>> = { category: 'staff.feedback.category', place: 'staff.feedback.location', status: 'staff.feedback.status' };

export function feedbackListPage(ctx: PageContext, view: FeedbackListView): string {
  const { t } = ctx;
  const { form } = view;
  const options = (values: readonly string[], current: string, label: (v: string) => string) => values.map((v) => html`<option value="${v}"${v === current ? html` selected` : ''}>${label(v)}</option>`);
  const any = html`<option value="">${t('staff.feedback.any')}</option>`;
  const overdue = view.rows.filter((r) => r.due.kind === 'due' && r.due.overdue).length;
  const columns = [t('staff.feedback.reference'), t('staff.feedback.kind'), t('staff.feedback.status'), t('staff.feedback.received'), t('staff.feedback.dueColumn'), t('staff.feedback.description'), t('staff.feedback.similar')];
  // Each cell names its column: on a phone the rows stand as blocks without the header (staff.css).
  const cells = (contents: Array<Html | string>) => contents.map((c, i) => html`<td data-label="${columns[i]}">${c}</td>`);
  const records = (rows: FeedbackRow[]) =>
    table(
      columns,
      rows.map(
        ({ record: r, due, similar }) =>
          html`<tr${due.kind === 'due' && due.overdue ? html` class="overdue"` : ''}>${cells([
            recordLink(r.reference),
            html`${t(`feedback.kind.${r.kind}`)}${r.category ? html` – ${view.categoryTitle(r.category)}` : ''}`,
            t(`status.name.${r.status}`),
            day(r.createdAt),
            dueText(t, due),
            html`<bdi>${r.description.slice(0, 120)}</bdi>${r.location ? html` <span class="meta">(<bdi>${r.location}</bdi>)</span>` : ''}`,
            similar.length ? html`${links(similar)}` : '',
          ])}</tr>`,
      ),
      'records',
    );
  const inGroups = ({ by, groups }: NonNullable<FeedbackListView['grouped']>) =>
    html`${table(
      [t(GROUP_HEADERS[by]), t('staff.feedback.groupCount')],
      groups.map((g, i) => html`<tr><td><a href="#group-${i + 1}"><bdi>${g.label}</bdi></a></td><td>${g.rows.length}</td></tr>`),
      'groups',
    )}${groups.map((g, i) => html`<section class="records"><h2 id="group-${i + 1}"><bdi>${g.label}</bdi> <span class="meta">(${g.rows.length})</span></h2>${records(g.rows)}</section>`)}`;
  const found = view.rows.length
    ? html`<p>${t('staff.feedback.count', { count: view.rows.length })}</p>${view.grouped ? inGroups(view.grouped) : records(view.rows)}`
    : html`<p>${t('staff.feedback.none')}</p>`;
  return layout(
    ctx,
    t('staff.feedback.title'),
    html`<form method="get" action="/staff/feedback" class="inline filter">
  <label>${t('staff.feedback.kind')} <select name="kind">${any}${options(FEEDBACK_KINDS, form.kind, (k) => t(`feedback.kind.${k}`))}</select></label>
  <fieldset class="choices"><legend>${t('staff.feedback.status')}</legend>${FEEDBACK_STATUSES.map((s) => html`<label><input type="checkbox" name="status" value="${s}"${form.status.includes(s) ? html` checked` : ''}> ${t(`status.name.${s}`)}</label>`)}</fieldset>
  <label>${t('staff.feedback.category')} <select name="category">${any}<option value="${WITHOUT_CATEGORY}"${form.category === WITHOUT_CATEGORY ? html` selected` : ''}>${t('staff.feedback.noCategory')}</option>${view.categories.map((c) => html`<option value="${c.id}"${c.id === form.category ? html` selected` : ''}>${c.title}</option>`)}</select></label>
  <label>${t('staff.feedback.location')} <input type="search" name="place" value="${form.place}" maxlength="${fieldMax('place')}"></label>
  <label>${t('staff.feedback.from')} <input type="date" name="from" value="${form.from}"></label>
  <label>${t('staff.feedback.to')} <input type="date" name="to" value="${form.to}"></label>
  <label>${t('staff.feedback.sort')} <select name="sort">${options(FEEDBACK_SORTS, form.sort, (v) => t(`staff.feedback.sortBy.${v}`))}</select></label>
  <label>${t('staff.feedback.group')} <select name="group"><option value="">${t('staff.feedback.groupBy.none')}</option>${options(FEEDBACK_GROUPINGS, form.group, (v) => t(`staff.feedback.groupBy.${v}`))}</select></label>
  <button type="submit">${t('staff.feedback.apply')}</button>${view.problem ? '' : html` <a href="/staff/feedback/export.csv${feedbackQueryString(form)}" download>${t('staff.feedback.export')}</a>`}
</form>
${view.problem ? html`<p class="error" role="alert">${view.problem}</p>` : html`${overdue ? html`<p class="error">${t('staff.feedback.overdueCount', { count: overdue })}</p>` : ''}${found}`}`,
  );
}

/** A history line in words: "29.11.2026 14:35 · maria · Статус: отговорена". */
function historyLine(t: Translate, h: FeedbackRecord['history'][number]): Html {
  const by = h.by === 'citizen' || h.by === 'retention' ? t(`staff.feedback.by.${h.by}`) : h.by;
  const [action, value] = h.action.split(':');
  const what = action === 'status' && value ? t('staff.feedback.event.status', { status: t(`status.name.${value}`) }) : t(`staff.feedback.event.${action}`, { defaultValue: h.action });
  return html`<li>${day(h.at)} · ${by} · ${what}</li>`;
}

/** "Същото и за подобните": the near-identical records a status or a reply also goes to. */
function alsoFields(ctx: PageContext, similar: string[]): Html {
  if (similar.length === 0) return html``;
  return html`<fieldset class="also"><legend>${ctx.t('staff.feedback.also')}</legend>${similar.map((r) => html`<label><input type="checkbox" name="also" value="${r}" checked> ${r}</label>`)}</fieldset>`;
}

export function feedbackDetailPage(ctx: PageContext, { record: r, due, similar }: FeedbackRow, categoryTitle: (id: string) => string = (id) => id): string {
  const { t } = ctx;
  const action = `/staff/feedback/${encodeURIComponent(r.reference)}`;
  return layout(
    ctx,
    r.reference,
    html`<dl>
  <dt>${t('staff.feedback.kind')}</dt><dd>${t(`feedback.kind.${r.kind}`)}${r.category ? html` – ${categoryTitle(r.category)}` : ''}</dd>
  <dt>${t('staff.feedback.status')}</dt><dd>${t(`status.name.${r.status}`)} (${day(r.statusChangedAt)})</dd>
  <dt>${t('staff.feedback.received')}</dt><dd>${day(r.createdAt)} · ${r.channel}${r.origin === 'unanswered-log' ? html` · ${t('feedback.fromLog')}` : ''}</dd>
  <dt>${t('staff.feedback.dueColumn')}</dt><dd>${dueText(t, due)}</dd>
  <dt>${t('staff.feedback.description')}</dt><dd class="text">${r.description}</dd>
  ${r.location ? html`<dt>${t('staff.feedback.location')}</dt><dd>${r.location}</dd>` : ''}
  <dt>${t('staff.feedback.contact')}</dt><dd>${contactOf(r, t)}</dd>
  ${similar.length ? html`<dt>${t('staff.feedback.similar')}</dt><dd>${links(similar)}</dd>` : ''}
</dl>
${r.anonymisedAt ? html`<p>${t('staff.feedback.erased', { date: dateText(sofiaTime(new Date(r.anonymisedAt)).date) })}</p>` : ''}
<form method="post" action="${action}/status" class="inline">${csrfField(ctx)}
  <label>${t('staff.feedback.changeStatus')} <select name="status">${FEEDBACK_STATUSES.map((s) => html`<option value="${s}"${s === r.status ? html` selected` : ''}>${t(`status.name.${s}`)}</option>`)}</select></label>
  ${alsoFields(ctx, similar)}<button type="submit">${t('staff.feedback.save')}</button></form>
<form method="post" action="${action}/reply" class="stack">${csrfField(ctx)}
  <label>${t('staff.feedback.reply')} <textarea name="reply" rows="4" maxlength="2000">${r.publicReply?.text ?? ''}</textarea></label>
  ${alsoFields(ctx, similar)}<button type="submit">${t('staff.feedback.saveReply')}</button></form>
${r.anonymisedAt ? '' : html`<form method="post" action="${action}/erase" class="inline" data-confirm="${t('staff.feedback.eraseConfirm')}">${csrfField(ctx)}<button type="submit" class="danger">${t('staff.feedback.erase')}</button></form>`}
<h2>${t('staff.feedback.history')}</h2><ul>${r.history.map((h) => historyLine(t, h))}</ul>`,
  );
}
