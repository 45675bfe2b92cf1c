// The console's pages for the facts only the municipality has: which entries lack them, and the
// forms that fill them in, each with a preview of the answer as a citizen will see it.
import { SPEEDS, WEEKDAYS, type Municipality, type ServiceEntry } from '../knowledge/schema.js';
import type { EntryReport } from '../knowledge/report.js';
import { html, type Html } from './html.js';
import { csrfField, layout, type PageContext } from './pages.js';
import type { FieldError, FormFields } from './factsForm.js';
import { fieldMax } from './formLimits.js';

/** What a form page shows after a post: the values typed, what was wrong, and the preview. */
export interface FormState {
  fields: FormFields;
  errors: FieldError[];
  /** The answer as the citizen will see it with these values, as plain text. */
  preview?: string;
  /** Notes that saving takes out because they call these facts unconfirmed. */
  dropped?: string[];
}

/** The municipality's facts that no source has given yet. */
function municipalityGaps(m: Municipality): string[] {
  return [...(m.hours ? [] : ['hours']), ...(m.reception ? [] : ['reception']), ...(m.payment ? [] : ['iban'])];
}

export function factsIndexPage(ctx: PageContext, reports: EntryReport[], municipality: Municipality, title: (id: string) => string): string {
  const { t } = ctx;
  const gaps = municipalityGaps(municipality);
  const lacking = reports.filter((r) => r.kind === 'service' && r.missing.some((m) => /fee|deadline|days/.test(m)));
  const rows = lacking.map(
    (r) => html`<tr><td><a href="/staff/facts/service/${encodeURIComponent(r.id)}">${title(r.id)}</a></td><td>${r.missing.filter((m) => /fee|deadline|days/.test(m)).map((m) => t(`staff.facts.missing.${m.replace(/ .*/, '')}`, { defaultValue: m })).join(', ')}</td><td>${r.oldestCheck}</td></tr>`,
  );
  return layout(
    ctx,
    t('staff.facts.title'),
    html`<p>${t('staff.facts.intro')}</p>
<p><a href="/staff/facts/municipality">${t('staff.facts.municipalityLink')}</a>${gaps.length ? html` – ${t('staff.facts.missingColumn')}: ${gaps.map((g) => t(`staff.facts.field.${g}`)).join(', ')}` : ''}</p>
<h2>${t('staff.facts.servicesHeading', { count: lacking.length })}</h2>
${lacking.length ? html`<table><thead><tr><th scope="col">${t('staff.dashboard.entry')}</th><th scope="col">${t('staff.facts.missingColumn')}</th><th scope="col">${t('staff.dashboard.checked')}</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>${t('staff.facts.allFilled')}</p>`}`,
  );
}

function errorsOf(ctx: PageContext, state: FormState): Html {
  if (state.errors.length === 0) return html``;
  return html`<div class="error" role="alert"><p>${ctx.t('staff.facts.refused')}</p><ul>${state.errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul></div>`;
}

function previewOf(ctx: PageContext, state: FormState): Html {
  if (state.preview === undefined) return html``;
  return html`<section class="preview" aria-labelledby="preview-heading"><h2 id="preview-heading">${ctx.t('staff.facts.previewHeading')}</h2>
${state.dropped?.length ? html`<p>${ctx.t('staff.facts.dropped')}</p><ul>${state.dropped.map((d) => html`<li>${d}</li>`)}</ul>` : ''}
<pre class="text">${state.preview}</pre></section>`;
}

const input = (name: string, value: string | undefined, attrs: Html = html``) => html`<input id="${name}" name="${name}" value="${value ?? ''}" maxlength="${fieldMax(name)}" ${attrs}>`;

function sourceFields(ctx: PageContext, fields: FormFields, today: string): Html {
  const { t } = ctx;
  return html`<fieldset><legend>${t('staff.facts.sourceLegend')}</legend>
  <label for="source_title">${t('staff.facts.sourceTitle')}</label> ${input('source_title', fields.source_title, html`required placeholder="${t('staff.facts.sourcePlaceholder')}"`)}
  <label for="source_url">${t('staff.facts.sourceUrl')}</label> ${input('source_url', fields.source_url, html`type="url"`)}
  <label for="source_date">${t('staff.facts.sourceDate')}</label> ${input('source_date', fields.source_date || today, html`type="date" max="${today}"`)}
</fieldset>`;
}

const buttons = (ctx: PageContext) =>
  html`<p><button type="submit" name="intent" value="preview">${ctx.t('staff.facts.preview')}</button> <button type="submit" name="intent" value="save">${ctx.t('staff.facts.save')}</button></p>`;

/** The form's values from the entry as it stands, for the first view. */
export function speedsFields(entry: ServiceEntry): FormFields {
  const fields: FormFields = {};
  for (const item of entry.speeds?.items ?? []) {
    if (item.deadline) {
      fields[`${item.speed}_unit`] = item.deadline.unit;
      if (item.deadline.amount !== undefined) fields[`${item.speed}_amount`] = String(item.deadline.amount);
      if (item.deadline.days) fields[`${item.speed}_days`] = item.deadline.days;
    }
    if (item.fee) fields[`${item.speed}_fee`] = String(item.fee.eur);
  }
  return fields;
}

export function serviceFactsPage(ctx: PageContext, entry: ServiceEntry, state: FormState, today: string): string {
  const { t } = ctx;
  const f = state.fields;
  const select = (name: string, options: Array<[string, string]>) =>
    html`<select id="${name}" name="${name}">${options.map(([v, label]) => html`<option value="${v}"${f[name] === v ? html` selected` : ''}>${label}</option>`)}</select>`;
  const row = (speed: string) => html`<tr><th scope="row">${t(`calendar.table.speedName.${speed}`)}</th>
    <td><label class="visually-hidden" for="${speed}_amount">${t('staff.facts.amount')} – ${t(`answer.speed.${speed}`)}</label>${input(`${speed}_amount`, f[`${speed}_amount`], html`inputmode="decimal" size="5"`)}
      <label class="visually-hidden" for="${speed}_unit">${t('staff.facts.unit')} – ${t(`answer.speed.${speed}`)}</label>${select(`${speed}_unit`, [['', '–'], ['immediately', t('staff.facts.units.immediately')], ['hours', t('staff.facts.units.hours')], ['days', t('staff.facts.units.days')], ['months', t('staff.facts.units.months')]])}
      <label class="visually-hidden" for="${speed}_days">${t('staff.facts.days')} – ${t(`answer.speed.${speed}`)}</label>${select(`${speed}_days`, [['', t('staff.facts.daysUnknown')], ['working', t('staff.facts.working')], ['calendar', t('staff.facts.calendar')]])}</td>
    <td><label class="visually-hidden" for="${speed}_fee">${t('staff.facts.fee')} – ${t(`answer.speed.${speed}`)}</label>${input(`${speed}_fee`, f[`${speed}_fee`], html`inputmode="decimal" size="8"`)} €</td></tr>`;
  return layout(
    ctx,
    entry.title.bg,
    html`<p>${t('staff.facts.speedsIntro')}</p>${errorsOf(ctx, state)}
<form method="post" action="/staff/facts/service/${encodeURIComponent(entry.id)}" class="stack">${csrfField(ctx)}
<table class="facts"><thead><tr><th scope="col">${t('calendar.table.speed')}</th><th scope="col">${t('calendar.table.deadline')}</th><th scope="col">${t('staff.facts.feeColumn')}</th></tr></thead>
<tbody>${SPEEDS.map(row)}</tbody></table>
${sourceFields(ctx, f, today)}
${buttons(ctx)}
</form>${previewOf(ctx, state)}`,
  );
}

/** The form's values from municipality.yaml as it stands, for the first view. */
export function municipalityFields(m: Municipality): FormFields {
  const labelled = (list: Array<{ label: { bg: string; en: string } } & Record<string, unknown>>, key: string) =>
    list.map((x) => `${String(x[key])} | ${x.label.bg} | ${x.label.en}`).join('\n');
  const fields: FormFields = {
    phones: labelled(m.phones, 'number'),
    emails: labelled(m.emails, 'address'),
    ...(m.reception ? { reception_bg: m.reception.bg, reception_en: m.reception.en } : {}),
    ...(m.payment ? { iban: m.payment.iban, bic: m.payment.bic ?? '', codes: labelled(m.payment.codes, 'code') } : {}),
  };
  for (const day of WEEKDAYS) {
    const periods = m.hours?.weekly[day];
    if (periods) fields[`hours_${day}`] = periods.map(([a, b]) => `${a}-${b}`).join(', ');
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

export function municipalityFactsPage(ctx: PageContext, state: FormState, today: string): string {
  const { t } = ctx;
  const f = state.fields;
  const area = (name: string, rows = 3) => html`<textarea id="${name}" name="${name}" rows="${rows}" maxlength="${fieldMax(name)}">${f[name] ?? ''}</textarea>`;
  return layout(
    ctx,
    t('staff.facts.municipalityTitle'),
    html`<p>${t('staff.facts.municipalityIntro')}</p>${errorsOf(ctx, state)}
<form method="post" action="/staff/facts/municipality" class="stack">${csrfField(ctx)}<input type="hidden" name="_seen" value="${f._seen ?? ''}">
<fieldset><legend>${t('staff.facts.field.hours')}</legend><p>${t('staff.facts.hoursHelp')}</p>
${WEEKDAYS.map((day) => html`<label for="hours_${day}">${t(`calendar.weekday.${day}`, { defaultValue: day })}</label> ${input(`hours_${day}`, f[`hours_${day}`], html`placeholder="08:00-12:00, 13:00-17:00"`)}`)}</fieldset>
<fieldset><legend>${t('staff.facts.field.reception')}</legend>
<label for="reception_bg">${t('staff.facts.inBulgarian')}</label> ${input('reception_bg', f.reception_bg)}
<label for="reception_en">${t('staff.facts.inEnglish')}</label> ${input('reception_en', f.reception_en)}</fieldset>
<fieldset><legend>${t('staff.facts.bankLegend')}</legend>
<label for="iban">${t('staff.facts.field.iban')}</label> ${input('iban', f.iban, html`size="30"`)}
<label for="bic">${t('staff.facts.field.bic')}</label> ${input('bic', f.bic)}
<label for="codes">${t('staff.facts.field.codes')}</label> <p>${t('staff.facts.codesHelp')}</p>${area('codes')}</fieldset>
<fieldset><legend>${t('staff.facts.contactsLegend')}</legend><p>${t('staff.facts.linesHelp')}</p>
<label for="phones">${t('staff.facts.field.phones')}</label> ${area('phones')}
<label for="emails">${t('staff.facts.field.emails')}</label> ${area('emails')}</fieldset>
${sourceFields(ctx, f, today)}
${buttons(ctx)}
</form>${previewOf(ctx, state)}`,
  );
}
