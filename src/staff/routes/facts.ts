// The console's routes for the facts only the municipality has (/staff/facts): the list, missing
// ones first and the most asked on top; a service's fees and deadlines, or the municipality's hours,
// contacts and bank account, each form with the answer as the citizen sees it next to it; "Преглед"
// shows that answer with the clerk's values, "Запиши" checks the whole knowledge base with the
// change, replaces the YAML file (comments kept), reloads the bot at once and writes the audit log.
import type * as restify from 'restify';
import type { Assistant } from '../../answer/assistant.js';
import type { QuestionLog } from '../../insights/questionLog.js';
import type { UsageLog } from '../../insights/usage.js';
import type { KnowledgeBase, KnowledgeEntry } from '../../knowledge/types.js';
import { contactsSection, entryView, viewToText } from '../../render/answerView.js';
import { checkMunicipalityForm, checkSpeedsForm, municipalityValues, seenMunicipalityValues, type Checked, type FieldError, type SpeedInput } from '../factsForm.js';
import { factsByDemand, type FactToFill } from '../factsDemand.js';
import { setMunicipalityFacts, setSpeeds } from '../factsEdits.js';
import { factsIndexPage, municipalityFactsPage, municipalityFormFields, serviceFactsPage, speedsFields, type FormState } from '../factsPages.js';
import { centsText } from '../moneyInput.js';
import { sendJsonError } from '../../http/jsonError.js';
import { pathId } from '../pathId.js';
import { entryFile, KnowledgeEditError, tryEdit, type DocumentEdit, type KnowledgeFileEditor } from '../knowledgeEditor.js';
import type { StaffKit } from './kit.js';
import type { StaffSession } from '../sessions.js';

export interface FactsDeps {
  assistant: Assistant;
  knowledgeDir: string;
  /** Saves a changed knowledge file (in the folder, or in the database shared by several instances). */
  editKnowledge: KnowledgeFileEditor;
  /** The logs that tell how often each service is asked, for the order of the list. */
  usage: UsageLog;
  questions: QuestionLog;
  now: () => Date;
}

const MUNICIPALITY_FILE = 'municipality.yaml';

/** Errors of the whole knowledge base check, put in the clerk's words (the field path stays); about the form as a whole. */
const knowledgeErrors = (err: unknown): FieldError[] => [{ field: '', message: err instanceof Error ? err.message : String(err) }];

/** What the preview next to a form shows: the answer with a knowledge base, and what else the clerk should know. */
type PreviewOf<T> = (kb: KnowledgeBase, value?: T) => Pick<FormState, 'preview' | 'dropped' | 'conversions'>;

/** What a form post leads to: the page to show again, where to go after a save, and the file it edits. */
interface FormTarget {
  relative: string;
  page: (state: FormState) => string;
  back: string;
}

type Submit = <T>(req: restify.Request, res: restify.Response, session: StaffSession, target: FormTarget, checked: Checked<T>, editOf: (value: T) => DocumentEdit, previewOf: PreviewOf<T>) => Promise<void>;

/**
 * The preview or the save of a form: nothing is written unless the form and the whole knowledge
 * base with the change are valid, and the clerk asked to save. Refused values come back with the
 * answer as it is now next to them.
 */
function submitter(kit: StaffKit, deps: FactsDeps): Submit {
  return async (req, res, session, target, checked, editOf, previewOf) => {
    const fields = kit.formOf(req);
    const refused = (errors: FieldError[]) => kit.sendPage(res, target.page({ fields, errors, ...previewOf(deps.assistant.kb) }), 400);
    if (!checked.ok) return refused(checked.errors);
    const edit = editOf(checked.value);
    if (fields.intent !== 'save') {
      const tried = await tryEdit(deps.knowledgeDir, target.relative, edit);
      if (!tried.kb) return refused(knowledgeErrors(tried.problems.map((p) => `${p.field}: ${p.message}`).join('; ')));
      return kit.sendPage(res, target.page({ fields, errors: [], previewed: true, ...previewOf(tried.kb, checked.value) }));
    }
    try {
      await deps.editKnowledge(target.relative, edit, session.user);
    } catch (err) {
      if (err instanceof KnowledgeEditError) return refused(knowledgeErrors(err));
      throw err;
    }
    await deps.assistant.reload();
    await kit.audit(session, 'facts-saved', target.relative, JSON.stringify(checked.value).slice(0, 500));
    await kit.redirectWith(res, session, target.back, kit.t('staff.facts.saved', { file: target.relative }));
  };
}

const todayOf = (deps: FactsDeps) => deps.now().toISOString().slice(0, 10);

export function mountFacts(server: restify.Server, kit: StaffKit, deps: FactsDeps): void {
  const { assistant } = deps;
  const title = (row: FactToFill) => (row.kind === 'service' ? assistant.titleOf(row.id, 'bg') : kit.t(`staff.facts.fact.${row.id}`));
  const index = async (session: StaffSession) => factsIndexPage(await kit.pageCtx(session), factsByDemand(assistant.kb, await deps.usage.list(), await deps.questions.list(), title), title);
  server.get(
    '/staff/facts',
    kit.guarded('page', async (_req, res, session) => kit.sendPage(res, await index(session))),
  );
  const submit = submitter(kit, deps);
  mountServiceFacts(server, kit, deps, submit, index);
  mountMunicipalityFacts(server, kit, deps, submit);
}

/** Each fee the clerk wrote in leva, with the euro it became. */
function conversionsOf(kit: StaffKit, items: SpeedInput[]): string[] {
  return items.flatMap(({ speed, fee }) => (fee?.levaCents !== undefined ? [kit.t('staff.facts.converted', { speed: kit.t(`answer.speed.${speed}`), leva: centsText(fee.levaCents), eur: centsText(fee.cents) })] : []));
}

/** A service's deadlines and fees for each speed. */
function mountServiceFacts(server: restify.Server, kit: StaffKit, deps: FactsDeps, submit: Submit, index: (session: StaffSession) => Promise<string>): void {
  const { assistant } = deps;
  /** The service of the path; 'malformed' (answered 400) for an id no entry can have. */
  const service = (req: restify.Request): Extract<KnowledgeEntry, { kind: 'service' }> | undefined | 'malformed' => {
    const id = pathId(req.params.id);
    if (id === undefined) return 'malformed';
    const entry = assistant.kb.byId.get(id);
    return entry?.kind === 'service' ? entry : undefined;
  };
  const malformed = (res: restify.Response) => sendJsonError(res, 400, 'BadRequest', kit.t('staff.malformedId'));
  /** The service's card as the citizen sees it with `kb`, and the notes a save would take out. */
  const previewOf =
    (entry: Extract<KnowledgeEntry, { kind: 'service' }>): PreviewOf<{ items: SpeedInput[] }> =>
    (kb, value) => {
      const found = kb.byId.get(entry.id);
      const after = found?.kind === 'service' ? found : entry;
      // The notes saving takes out (they called these facts unconfirmed), for the clerk to see.
      const dropped = (entry.notes ?? []).filter((n) => !(after.notes ?? []).some((a) => a.bg === n.bg)).map((n) => n.bg);
      return { preview: viewToText(entryView(after, [], { ...assistant.renderContext('bg'), kb })), dropped, conversions: value ? conversionsOf(kit, value.items) : [] };
    };

  server.get(
    '/staff/facts/service/:id',
    kit.guarded('page', async (req, res, session) => {
      const entry = service(req);
      if (entry === 'malformed') return malformed(res);
      if (!entry) return kit.sendPage(res, await index(session), 404);
      kit.sendPage(res, serviceFactsPage(await kit.pageCtx(session), entry, { fields: speedsFields(entry), errors: [], ...previewOf(entry)(assistant.kb) }, todayOf(deps)));
    }),
  );

  server.post(
    '/staff/facts/service/:id',
    kit.guarded('action', async (req, res, session) => {
      const entry = service(req);
      if (entry === 'malformed') return malformed(res);
      if (!entry) return kit.sendPage(res, await index(session), 404);
      const ctx = await kit.pageCtx(session);
      const today = todayOf(deps);
      await submit(
        req,
        res,
        session,
        { relative: entryFile(assistant.kb, entry.id), page: (state) => serviceFactsPage(ctx, entry, state, today), back: `/staff/facts/service/${encodeURIComponent(entry.id)}` },
        checkSpeedsForm(kit.formOf(req), today, ctx.t),
        (value) => setSpeeds(value.items, value.source),
        previewOf(entry),
      );
    }),
  );
}

/** The municipality's hours, reception day, bank account, phones and e-mails. */
function mountMunicipalityFacts(server: restify.Server, kit: StaffKit, deps: FactsDeps, submit: Submit): void {
  const { assistant } = deps;
  /** What the citizen sees of these facts: the contacts, and each topic that shows the hours, the reception day or the bank account. */
  const previewOf: PreviewOf<unknown> = (kb) => {
    const render = { ...assistant.renderContext('bg'), kb };
    const topics = kb.entries.filter((e) => e.kind === 'topic' && e.body.some((p) => 'fact' in p));
    return { preview: [viewToText({ sections: [contactsSection(render)], sources: [], actions: [] }), ...topics.map((topic) => viewToText(entryView(topic, [], render)))].join('\n\n') };
  };
  server.get(
    '/staff/facts/municipality',
    kit.guarded('page', async (_req, res, session) => {
      const m = assistant.kb.municipality;
      kit.sendPage(res, municipalityFactsPage(await kit.pageCtx(session), m, { fields: municipalityFormFields(m), errors: [], ...previewOf(assistant.kb) }, todayOf(deps)));
    }),
  );

  server.post(
    '/staff/facts/municipality',
    kit.guarded('action', async (req, res, session) => {
      const ctx = await kit.pageCtx(session);
      const today = todayOf(deps);
      const fields = kit.formOf(req);
      const m = assistant.kb.municipality;
      // What the form showed, or the file as it is for a form posted without it.
      const seen = seenMunicipalityValues(fields, ctx.t);
      await submit(
        req,
        res,
        session,
        { relative: MUNICIPALITY_FILE, page: (state) => municipalityFactsPage(ctx, m, state, today), back: '/staff/facts/municipality' },
        checkMunicipalityForm(fields, today, ctx.t, seen ?? municipalityValues(m)),
        (value) => setMunicipalityFacts(value, seen),
        previewOf,
      );
    }),
  );
}
