// The console's pages for the facts only the municipality has: the list of them, missing ones first
// and the most asked on top, and the forms that fill them in, each with the answer as a citizen sees
// it next to the form and every error named next to its field.
import { SPEEDS, WEEKDAYS, type Municipality, type ServiceEntry, type Source } from '../knowledge/schema.js';
import { sourcesOf } from '../knowledge/types.js';
import { html, type Html } from './html.js';
import { csrfField, layout, type PageContext } from './pages.js';
import { LIKE_MONDAY, sourceField, type FactBlock, type FieldError, type FormFields } from './factsForm.js';
import type { FactToFill } from './factsDemand.js';
import { fieldMax } from './formLimits.js';
import { centsOf, centsText } from './moneyInput.js';

/** What a form page shows: the values typed, what was wrong, and the answer as the citizen sees it. */
export interface FormState {
  fields: FormFields;
  errors: FieldError[];
  /** The answer as the citizen sees it, as plain text: now (first view, refused values) or with the values (preview). */
  preview?: string;
  /** Whether `preview` shows the clerk's values rather than the answer as it is now. */
  previewed?: boolean;
  /** Amounts the clerk wrote in leva, as converted ("Такса – обикновена: 10,00 лв. → 5,11 €"). */
  conversions?: string[];
  /** Notes that saving takes out because they call these facts unconfirmed. */
  dropped?: string[];
}

/** "2026-11-29" → "29.11.2026". */
const dateText = (date: string) => date.split('-').reverse().join('.');

/** Where each row of the list leads. */
const factLink = (row: FactToFill) => (row.kind === 'service' ? `/staff/facts/service/${encodeURIComponent(row.id)}` : `/staff/facts/municipality#${row.id === 'bank' ? 'payment' : row.id}`);

export function factsIndexPage(ctx: PageContext, rows: FactToFill[], title: (row: FactToFill) => string): string {
  const { t } = ctx;
  const missingText = (row: FactToFill) => row.missing.map((m) => t(`staff.facts.missing.${m}`, { defaultValue: m })).join(', ');
  const tableOf = (list: FactToFill[]) =>
    html`<table><thead><tr><th scope="col">${t('staff.facts.factColumn')}</th><th scope="col">${t('staff.facts.askedColumn')}</th><th scope="col">${t('staff.facts.missingColumn')}</th><th scope="col">${t('staff.dashboard.checked')}</th></tr></thead>
<tbody>${list.map((r) => html`<tr><td><a href="${factLink(r)}">${title(r)}</a></td><td>${r.asked}</td><td>${missingText(r) || '–'}</td><td>${r.checked ? dateText(r.checked) : '–'}</td></tr>`)}</tbody></table>`;
  const missing = rows.filter((r) => r.missing.length > 0);
  const filled = rows.filter((r) => r.missing.length === 0);
  return layout(
    ctx,
    t('staff.facts.title'),
    html`<p>${t('staff.facts.intro')}</p><p>${t('staff.facts.orderHelp')}</p>
<p><a href="/staff/facts/municipality">${t('staff.facts.municipalityLink')}</a></p>
<h2>${t('staff.facts.missingHeading', { count: missing.length })}</h2>${missing.length ? tableOf(missing) : html`<p>${t('staff.facts.allFilled')}</p>`}
<h2>${t('staff.facts.filledHeading', { count: filled.length })}</h2>${filled.length ? tableOf(filled) : ''}`,
  );
}

function errorsOf(ctx: PageContext, state: FormState): Html {
  if (state.errors.length === 0) return html``;
  return html`<div class="error" role="alert"><p>${ctx.t('staff.facts.refused')}</p><ul>${state.errors.map((e) => html`<li>${e.field ? html`<a href="#${e.field}">${e.message}</a>` : e.message}</li>`)}</ul></div>`;
}

/** The errors of one field, shown under it; the field points to them (aria-describedby). */
const errorsAt = (state: FormState, name: string) => state.errors.filter((e) => e.field === name);
const fieldErrors = (state: FormState, name: string) => {
  const errors = errorsAt(state, name);
  return errors.length ? html`<span class="field-error" id="${name}-error">${errors.map((e) => e.message).join(' ')}</span>` : '';
};
const invalid = (state: FormState, name: string) => (errorsAt(state, name).length ? html` aria-invalid="true" aria-describedby="${name}-error"` : '');

function previewOf(ctx: PageContext, state: FormState): Html {
  if (state.preview === undefined) return html``;
  const { t } = ctx;
  return html`<aside class="preview" aria-labelledby="preview-heading"><h2 id="preview-heading">${t(state.previewed ? 'staff.facts.previewHeading' : 'staff.facts.previewNow')}</h2>
${state.conversions?.length ? html`<p>${t('staff.facts.convertedIntro')}</p><ul>${state.conversions.map((c) => html`<li>${c}</li>`)}</ul>` : ''}
${state.dropped?.length ? html`<p>${t('staff.facts.dropped')}</p><ul>${state.dropped.map((d) => html`<li>${d}</li>`)}</ul>` : ''}
<pre class="text">${state.preview}</pre></aside>`;
}

/** The form and, next to it, the answer the citizen sees. */
const formWithPreview = (ctx: PageContext, state: FormState, form: Html) => html`<div class="facts-layout">${form}${previewOf(ctx, state)}</div>`;

function inputOf(state: FormState, name: string, attrs: Html = html``): Html {
  return html`<input id="${name}" name="${name}" value="${state.fields[name] ?? ''}" maxlength="${fieldMax(name)}"${invalid(state, name)} ${attrs}>${fieldErrors(state, name)}`;
}

/** The sources a fact cites now, with the date each was checked; or that it has none. */
function currentSources(ctx: PageContext, sources: Source[]): Html {
  const { t } = ctx;
  if (sources.length === 0) return html`<p class="meta">${t('staff.facts.noSource')}</p>`;
  return html`<p class="meta">${t('staff.facts.currentSource')} ${sources.map((s, i) => html`${i ? '; ' : ''}${s.url && /^https?:\/\//.test(s.url) ? html`<a href="${s.url}">${s.title}</a>` : s.title} (${t('staff.facts.checkedOn', { date: dateText(s.checked) })})`)}</p>`;
}

/** The source fields of a fact; `prefix` is '' on a service's form, `<block>_` on the municipality's. */
function sourceFields(ctx: PageContext, state: FormState, today: string, prefix = '', legend = ctx.t('staff.facts.sourceLegend')): Html {
  const { t } = ctx;
  const [title, url, date] = (['title', 'url', 'date'] as const).map((part) => sourceField(prefix, part));
  return html`<fieldset class="source"><legend>${legend}</legend>
  <label for="${title}">${t('staff.facts.sourceTitle')}</label> ${inputOf(state, title, html`placeholder="${t('staff.facts.sourcePlaceholder')}"${prefix ? '' : html` required`}`)}
  <label for="${url}">${t('staff.facts.sourceUrl')}</label> ${inputOf(state, url, html`type="url"`)}
  <label for="${date}">${t('staff.facts.sourceDate')}</label> ${inputOf({ ...state, fields: { ...state.fields, [date]: state.fields[date] || today } }, date, html`type="date" max="${today}"`)}
</fieldset>`;
}

const buttons = (ctx: PageContext) =>
  html`<p><button type="submit" name="intent" value="preview">${ctx.t('staff.facts.preview')}</button> <button type="submit" name="intent" value="save">${ctx.t('staff.facts.save')}</button></p>`;

/** The form's values from the entry as it stands, for the first view: each fee in euro, "12,50". */
export function speedsFields(entry: ServiceEntry): FormFields {
  const fields: FormFields = {};
  for (const item of entry.speeds?.items ?? []) {
    if (item.deadline) {
      fields[`${item.speed}_unit`] = item.deadline.unit;
      if (item.deadline.amount !== undefined) fields[`${item.speed}_amount`] = String(item.deadline.amount);
      if (item.deadline.days) fields[`${item.speed}_days`] = item.deadline.days;
    }
    if (item.fee) fields[`${item.speed}_fee`] = centsText(centsOf(item.fee.eur));
  }
  return fields;
}

/** What the file says about a speed's fee besides the amount, kept when the clerk saves: per what, the leva of the source, the note. */
function feeHints(ctx: PageContext, entry: ServiceEntry, speed: string): Html {
  const fee = entry.speeds?.items.find((i) => i.speed === speed)?.fee;
  if (!fee || (!fee.per && fee.bgn === undefined && !fee.note)) return html``;
  const { t } = ctx;
  const parts = [
    ...(fee.per ? [t('staff.facts.feePer', { per: fee.per.bg })] : []),
    ...(fee.bgn !== undefined ? [t('staff.facts.feeBgn', { bgn: centsText(centsOf(fee.bgn)) })] : []),
    ...(fee.note ? [t('staff.facts.feeNote', { note: fee.note.bg })] : []),
  ];
  return html`<span class="meta hint">${parts.join(' ')}</span>`;
}

export function serviceFactsPage(ctx: PageContext, entry: ServiceEntry, state: FormState, today: string): string {
  const { t } = ctx;
  const f = state.fields;
  const select = (name: string, options: Array<[string, string]>) =>
    html`<select id="${name}" name="${name}"${invalid(state, name)}>${options.map(([v, label]) => html`<option value="${v}"${f[name] === v ? html` selected` : ''}>${label}</option>`)}</select>${fieldErrors(state, name)}`;
  const hidden = (speed: string, what: string) => html`<label class="visually-hidden" for="${speed}_${what}">${t(`staff.facts.${what}`)} – ${t(`answer.speed.${speed}`)}</label>`;
  const row = (speed: string) => html`<tr><th scope="row">${t(`calendar.table.speedName.${speed}`)}</th>
    <td>${hidden(speed, 'amount')}${inputOf(state, `${speed}_amount`, html`inputmode="decimal" size="5"`)}
      ${hidden(speed, 'unit')}${select(`${speed}_unit`, [['', '–'], ['immediately', t('staff.facts.units.immediately')], ['hours', t('staff.facts.units.hours')], ['days', t('staff.facts.units.days')], ['months', t('staff.facts.units.months')]])}
      ${hidden(speed, 'days')}${select(`${speed}_days`, [['', t('staff.facts.daysUnknown')], ['working', t('staff.facts.working')], ['calendar', t('staff.facts.calendar')]])}</td>
    <td>${hidden(speed, 'fee')}${inputOf(state, `${speed}_fee`, html`inputmode="decimal" size="10"`)}${feeHints(ctx, entry, speed)}</td></tr>`;
  return layout(
    ctx,
    entry.title.bg,
    html`<p>${t('staff.facts.speedsIntro')}</p>${errorsOf(ctx, state)}
${formWithPreview(
  ctx,
  state,
  html`<form method="post" action="/staff/facts/service/${encodeURIComponent(entry.id)}" class="stack">${csrfField(ctx)}
<table class="facts"><thead><tr><th scope="col">${t('calendar.table.speed')}</th><th scope="col">${t('calendar.table.deadline')}</th><th scope="col">${t('staff.facts.feeColumn')}</th></tr></thead>
<tbody>${SPEEDS.map(row)}</tbody></table>
<p class="meta">${t('staff.facts.feeHelp')}</p>
${currentSources(ctx, entry.speeds ? sourcesOf(entry, entry.speeds.source) : [])}
${sourceFields(ctx, state, today)}
${buttons(ctx)}
</form>`,
)}`,
  );
}

/** The form's values from municipality.yaml as it stands, for the first view: a weekday with Monday's hours is ticked "as Monday". */
export function municipalityFields(m: Municipality): FormFields {
  const labelled = (list: Array<{ label: { bg: string; en: string } } & Record<string, unknown>>, key: string) =>
    list.map((x) => `${String(x[key])} | ${x.label.bg} | ${x.label.en}`).join('\n');
  const fields: FormFields = {
    phones: labelled(m.phones, 'number'),
    emails: labelled(m.emails, 'address'),
    ...(m.reception ? { reception_bg: m.reception.bg, reception_en: m.reception.en } : {}),
    ...(m.payment ? { iban: m.payment.iban, bic: m.payment.bic ?? '', codes: labelled(m.payment.codes, 'code') } : {}),
  };
  const weekly = m.hours?.weekly ?? {};
  const text = (periods: Array<[string, string]> | undefined) => (periods ?? []).map(([a, b]) => `${a}-${b}`).join(', ');
  for (const day of WEEKDAYS) {
    if (LIKE_MONDAY.includes(day) && weekly.mon && text(weekly[day]) === text(weekly.mon)) fields[`same_${day}`] = '1';
    else if (weekly[day]) fields[`hours_${day}`] = text(weekly[day]);
  }
  return fields;
}

/**
 * The form's fields with what it showed in `_seen`, posted back with the clerk's changes: a save then
 * changes only what this clerk changed, so a colleague's save in between is kept (see setMunicipalityFacts).
 */
export function municipalityFormFields(m: Municipality): FormFields {
  const fields = municipalityFields(m);
  return { ...fields, _seen: JSON.stringify(fields) };
}

/** The sources each block of municipality.yaml cites now. */
function blockSources(m: Municipality, block: FactBlock): Source[] {
  const refs = block === 'hours' ? m.hours?.source : block === 'reception' ? m.reception?.source : block === 'payment' ? m.payment?.source : [...m.phones, ...m.emails].map((c) => c.source);
  const ids = [...new Set([refs ?? []].flat(2))];
  return sourcesOf(m, ids);
}

export function municipalityFactsPage(ctx: PageContext, m: Municipality, state: FormState, today: string): string {
  const { t } = ctx;
  const f = state.fields;
  const area = (name: string, rows = 3) => html`<textarea id="${name}" name="${name}" rows="${rows}" maxlength="${fieldMax(name)}"${invalid(state, name)}>${f[name] ?? ''}</textarea>${fieldErrors(state, name)}`;
  const day = (d: (typeof WEEKDAYS)[number]) =>
    html`<label for="hours_${d}">${t(`calendar.weekday.${d}`, { defaultValue: d })}</label> ${inputOf(state, `hours_${d}`, html`placeholder="08:00-12:00, 13:00-17:00"`)}${
      LIKE_MONDAY.includes(d)
        ? html`<label class="check"><input type="checkbox" name="same_${d}" value="1"${f[`same_${d}`] ? html` checked` : ''}> <span class="visually-hidden">${t(`calendar.weekday.${d}`, { defaultValue: d })}: </span>${t('staff.facts.sameAsMonday')}</label>`
        : ''
    }`;
  const block = (name: FactBlock, body: Html) => {
    const legend = t(`staff.facts.block.${name}`);
    return html`<fieldset id="${name}"><legend>${legend}</legend>${body}${currentSources(ctx, blockSources(m, name))}${sourceFields(ctx, state, today, `${name}_`, t('staff.facts.blockSourceLegend', { block: legend }))}</fieldset>`;
  };
  return layout(
    ctx,
    t('staff.facts.municipalityTitle'),
    html`<p>${t('staff.facts.municipalityIntro')}</p>${errorsOf(ctx, state)}
${formWithPreview(
  ctx,
  state,
  html`<form method="post" action="/staff/facts/municipality" class="stack">${csrfField(ctx)}<input type="hidden" name="_seen" value="${f._seen ?? ''}">
${block('hours', html`<p>${t('staff.facts.hoursHelp')}</p>${WEEKDAYS.map(day)}<p class="meta">${t('staff.facts.weekendHelp')}</p>`)}
${block('reception', html`<label for="reception_bg">${t('staff.facts.inBulgarian')}</label> ${inputOf(state, 'reception_bg')}
<label for="reception_en">${t('staff.facts.inEnglish')}</label> ${inputOf(state, 'reception_en')}`)}
${block('payment', html`<label for="iban">${t('staff.facts.field.iban')}</label> ${inputOf(state, 'iban', html`size="30"`)}
<label for="bic">${t('staff.facts.field.bic')}</label> ${inputOf(state, 'bic')}
<label for="codes">${t('staff.facts.field.codes')}</label> <p>${t('staff.facts.codesHelp')}</p>${area('codes')}`)}
${block('contacts', html`<p>${t('staff.facts.linesHelp')}</p>
<label for="phones">${t('staff.facts.field.phones')}</label> ${area('phones')}
<label for="emails">${t('staff.facts.field.emails')}</label> ${area('emails')}`)}
<p class="meta">${t('staff.facts.blockSourceHelp')}</p>
${buttons(ctx)}
</form>`,
)}`,
  );
}
