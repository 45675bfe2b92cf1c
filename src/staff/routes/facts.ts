// The console's routes for the facts only the municipality has (/staff/facts): a clerk fills in a
// service's fees and deadlines or the municipality's hours, contacts and bank account; "Преглед"
// shows the answer as the citizen will see it, "Запиши" checks the whole knowledge base with the
// change, replaces the YAML file (comments kept), reloads the bot at once and writes the audit log.
import type * as restify from 'restify';
import type { Assistant } from '../../answer/assistant.js';
import { reportKnowledge } from '../../knowledge/report.js';
import type { KnowledgeBase, KnowledgeEntry } from '../../knowledge/types.js';
import { contactsSection, entryView, viewToText } from '../../render/answerView.js';
import { hoursView } from '../../render/practicalViews.js';
import { checkMunicipalityForm, checkSpeedsForm, seenMunicipalityFacts, type Checked, type FieldError } from '../factsForm.js';
import { setMunicipalityFacts, setSpeeds } from '../factsEdits.js';
import { factsIndexPage, municipalityFactsPage, municipalityFormFields, serviceFactsPage, speedsFields, type FormState } from '../factsPages.js';
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
  now: () => Date;
}

const MUNICIPALITY_FILE = 'municipality.yaml';

/** Errors of the whole knowledge base check, put in the clerk's words (the field path stays). */
const knowledgeErrors = (err: unknown): FieldError[] => [{ field: 'source_title', message: err instanceof Error ? err.message : String(err) }];

/** What a form post leads to: the page to show again, where to go after a save, and the file it edits. */
interface FormTarget {
  relative: string;
  page: (state: FormState) => string;
  back: string;
}

type Submit = <T>(
  req: restify.Request,
  res: restify.Response,
  session: StaffSession,
  target: FormTarget,
  checked: Checked<T>,
  editOf: (value: T) => DocumentEdit,
  previewOf: (kb: KnowledgeBase) => Pick<FormState, 'preview' | 'dropped'>,
) => Promise<void>;

/**
 * The preview or the save of a form: nothing is written unless the form and the whole knowledge
 * base with the change are valid, and the clerk asked to save.
 */
function submitter(kit: StaffKit, deps: FactsDeps): Submit {
  return async (req, res, session, target, checked, editOf, previewOf) => {
    const fields = kit.formOf(req);
    if (!checked.ok) return kit.sendPage(res, target.page({ fields, errors: checked.errors }), 400);
    const edit = editOf(checked.value);
    if (fields.intent !== 'save') {
      const tried = await tryEdit(deps.knowledgeDir, target.relative, edit);
      if (!tried.kb) return kit.sendPage(res, target.page({ fields, errors: knowledgeErrors(tried.problems.map((p) => `${p.field}: ${p.message}`).join('; ')) }), 400);
      return kit.sendPage(res, target.page({ fields, errors: [], ...previewOf(tried.kb) }));
    }
    try {
      await deps.editKnowledge(target.relative, edit, session.user);
    } catch (err) {
      if (err instanceof KnowledgeEditError) return kit.sendPage(res, target.page({ fields, errors: knowledgeErrors(err) }), 400);
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
  const index = async (session: StaffSession) => factsIndexPage(await kit.pageCtx(session), reportKnowledge(assistant.kb), assistant.kb.municipality, (id) => assistant.titleOf(id, 'bg'));
  server.get(
    '/staff/facts',
    kit.guarded('page', async (_req, res, session) => kit.sendPage(res, await index(session))),
  );
  const submit = submitter(kit, deps);
  mountServiceFacts(server, kit, deps, submit, index);
  mountMunicipalityFacts(server, kit, deps, submit);
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

  server.get(
    '/staff/facts/service/:id',
    kit.guarded('page', async (req, res, session) => {
      const entry = service(req);
      if (entry === 'malformed') return malformed(res);
      if (!entry) return kit.sendPage(res, await index(session), 404);
      kit.sendPage(res, serviceFactsPage(await kit.pageCtx(session), entry, { fields: speedsFields(entry), errors: [] }, todayOf(deps)));
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
        (kb) => {
          const found = kb.byId.get(entry.id);
          const after = found?.kind === 'service' ? found : entry;
          // The notes saving takes out (they called these facts unconfirmed), for the clerk to see.
          const dropped = (entry.notes ?? []).filter((n) => !(after.notes ?? []).some((a) => a.bg === n.bg)).map((n) => n.bg);
          return { preview: viewToText(entryView(after, [], { ...assistant.renderContext('bg'), kb })), dropped };
        },
      );
    }),
  );
}

/** The municipality's hours, reception day, bank account, phones and e-mails. */
function mountMunicipalityFacts(server: restify.Server, kit: StaffKit, deps: FactsDeps, submit: Submit): void {
  const { assistant } = deps;
  server.get(
    '/staff/facts/municipality',
    kit.guarded('page', async (_req, res, session) => {
      kit.sendPage(res, municipalityFactsPage(await kit.pageCtx(session), { fields: municipalityFormFields(assistant.kb.municipality), errors: [] }, todayOf(deps)));
    }),
  );

  server.post(
    '/staff/facts/municipality',
    kit.guarded('action', async (req, res, session) => {
      const ctx = await kit.pageCtx(session);
      const today = todayOf(deps);
      await submit(
        req,
        res,
        session,
        { relative: MUNICIPALITY_FILE, page: (state) => municipalityFactsPage(ctx, state, today), back: '/staff/facts/municipality' },
        checkMunicipalityForm(kit.formOf(req), today, ctx.t),
        (value) => setMunicipalityFacts(value, seenMunicipalityFacts(kit.formOf(req), today, ctx.t)),
        (kb) => {
          const render = { ...assistant.renderContext('bg'), kb };
          return { preview: [viewToText({ sections: [contactsSection(render)], sources: [], actions: [] }), viewToText(hoursView({ kind: 'weekday', weekday: 'mon' }, undefined, render))].join('\n\n') };
        },
      );
    }),
  );
}
