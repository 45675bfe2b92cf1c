// The edits a clerk's facts make to the YAML documents of the knowledge folder: each value is
// written with a new source (what the clerk named, `scope: petrich`, the date checked), and a note
// that calls the same fact unconfirmed is taken out, so the card never contradicts itself.
import { isMap, isSeq, type Document } from 'yaml';
import type { SpeedOption } from '../knowledge/schema.js';
import type { DocumentEdit } from './knowledgeEditor.js';
import type { MunicipalityFacts, SourceInput } from './factsForm.js';

/** A note that says a fee or a deadline is not confirmed or not published ("…не са потвърдени…"). */
const UNCONFIRMED = /не\s+(?:са|е)\s+(?:потвърден|публикуван|намерен)|not\s+(?:been\s+)?(?:confirmed|published|found)/iu;
const FEE_OR_DEADLINE = /такс|срок|цен|fee|deadline|price/iu;

/** Whether a note only says that the fee or the deadline is unknown. */
export function callsUnconfirmed(note: { bg?: unknown; en?: unknown }): boolean {
  const text = `${String(note.bg ?? '')} ${String(note.en ?? '')}`;
  return UNCONFIRMED.test(text) && FEE_OR_DEADLINE.test(text);
}

/** A source id not used yet in the file: staff-2026-11-29, staff-2026-11-29-2, … */
function newSourceId(doc: Document, checked: string): string {
  const used = new Set(((doc.toJS() as { sources?: Array<{ id: string }> }).sources ?? []).map((s) => s.id));
  const base = `staff-${checked}`;
  for (let n = 1; ; n += 1) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!used.has(id)) return id;
  }
}

function addSource(doc: Document, source: SourceInput): string {
  const id = newSourceId(doc, source.checked);
  const sources = doc.get('sources');
  const node = doc.createNode({ id, title: source.title, ...(source.url ? { url: source.url } : {}), checked: source.checked, scope: 'petrich', note: 'Entered by municipal staff in the console.' });
  if (isSeq(sources)) sources.add(node);
  else doc.set('sources', doc.createNode([node]));
  return id;
}

/** The notes of a service that call its fee or deadline unconfirmed: they go once the values are known. */
export function unconfirmedNotes(doc: Document): number[] {
  const notes = doc.get('notes');
  if (!isSeq(notes)) return [];
  return notes.items.flatMap((item, i) => (isMap(item) && callsUnconfirmed(item.toJSON() as { bg?: unknown; en?: unknown }) ? [i] : []));
}

/** Sets a service's speeds (deadline and fee of each), with their source. */
export function setSpeeds(items: SpeedOption[], source: SourceInput): DocumentEdit {
  return (doc) => {
    const id = addSource(doc, source);
    doc.set('speeds', doc.createNode({ source: id, items }));
    const stale = unconfirmedNotes(doc);
    const notes = doc.get('notes');
    if (isSeq(notes)) {
      for (const i of stale.reverse()) notes.items.splice(i, 1);
      if (notes.items.length === 0) doc.delete('notes');
    }
  };
}

type Labelled = { label: { bg: string; en: string } };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The blocks of the municipality's facts as the file holds them (without their sources). */
const blocksOf = (facts: MunicipalityFacts) => ({ hours: facts.hours ? { weekly: facts.hours } : undefined, reception: facts.reception, payment: facts.payment });

/**
 * Sets what changed of the municipality's hours, reception day, bank account, phones and e-mails,
 * with one new source for the changed values; what stayed the same keeps its source. With `seen`
 * (what the form showed the clerk), a block the clerk did not change is left as the file has it now,
 * so a colleague's change saved since the form was opened is kept.
 */
export function setMunicipalityFacts(facts: MunicipalityFacts, seen?: MunicipalityFacts): DocumentEdit {
  return (doc) => {
    const current = doc.toJS() as Record<string, { source?: unknown } & Record<string, unknown>>;
    let id: string | undefined;
    const sourceId = () => (id ??= addSource(doc, facts.source));
    const mine = blocksOf(facts);
    const saw = seen && blocksOf(seen);
    const block = (key: 'hours' | 'reception' | 'payment', compare: (c: Record<string, unknown>) => unknown) => {
      const value: Record<string, unknown> | undefined = mine[key];
      const shown: Record<string, unknown> | undefined = saw?.[key];
      const of = (v: Record<string, unknown> | undefined) => (v ? compare(v) : undefined);
      if (saw && same(of(shown), of(value))) return; // not this clerk's change
      if (same(of(current[key]), of(value))) return;
      if (value) doc.set(key, doc.createNode({ ...value, source: sourceId() }));
      else doc.delete(key);
    };
    block('hours', (c) => c.weekly);
    block('reception', (c) => [c.bg, c.en]);
    block('payment', (c) => [c.iban, c.bic, c.codes]);
    for (const [key, values, valueKey] of [['phones', facts.phones, 'number'], ['emails', facts.emails, 'address']] as const) {
      if (seen && same(seen[key], values)) continue;
      const before = (current[key] ?? []) as unknown as Array<Labelled & Record<string, unknown> & { source: unknown }>;
      const list = (values as Array<Labelled & Record<string, string | Labelled['label']>>).map((v) => {
        const kept = before.find((b) => b[valueKey] === v[valueKey] && same(b.label, v.label));
        return { ...v, source: kept ? kept.source : sourceId() };
      });
      if (!same(before, list)) doc.set(key, doc.createNode(list));
    }
  };
}
