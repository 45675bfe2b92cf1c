// The edits a clerk's facts make to the YAML documents of the knowledge folder: each value is
// written with a new source (what the clerk named, `scope: petrich`, the date checked), and a note
// that calls the same fact unconfirmed is taken out, so the card never contradicts itself. Amounts
// come in as integer cents and are written with two decimals ("eur: 5.10"), as the files have them.
import { isMap, isScalar, isSeq, visit, type Document } from 'yaml';
import type { Fee, SpeedOption } from '../knowledge/schema.js';
import type { DocumentEdit } from './knowledgeEditor.js';
import { FACT_BLOCKS, blockKey, municipalityValues, type FactBlock, type FeeInput, type MunicipalityFacts, type MunicipalityValues, type SourceInput, type SpeedInput } from './factsForm.js';
import { centsOf } from './moneyInput.js';

/** A note that says a fee or a deadline is not confirmed or not published ("…не са потвърдени…"). */
const UNCONFIRMED = /не\s+(?:са|е)\s+(?:потвърден|публикуван|намерен)|not\s+(?:been\s+)?(?:confirmed|published|found)/iu;
const FEE_OR_DEADLINE = /такс|срок|цен|fee|deadline|price/iu;

/** The prefix of the sources the console adds; one no fact cites any more is taken out. */
const STAFF_SOURCE = 'staff-';

/** Whether a note only says that the fee or the deadline is unknown. */
export function callsUnconfirmed(note: { bg?: unknown; en?: unknown }): boolean {
  const text = `${String(note.bg ?? '')} ${String(note.en ?? '')}`;
  return UNCONFIRMED.test(text) && FEE_OR_DEADLINE.test(text);
}

/** A source id not used yet in the file: staff-2026-11-29, staff-2026-11-29-2, … */
function newSourceId(doc: Document, checked: string): string {
  const used = new Set(((doc.toJS() as { sources?: Array<{ id: string }> }).sources ?? []).map((s) => s.id));
  const base = `${STAFF_SOURCE}${checked}`;
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

/** Takes out the sources the console added that no fact of the file cites any more (after a newer check). */
function dropUncitedStaffSources(doc: Document): void {
  const cited = new Set<string>();
  const collect = (value: unknown, key?: string): void => {
    if (key === 'source') [value].flat().forEach((id) => cited.add(String(id)));
    else if (Array.isArray(value)) value.forEach((v) => collect(v));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => collect(v, k));
  };
  const data = doc.toJS() as Record<string, unknown>;
  collect(Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'sources')));
  const sources = doc.get('sources');
  if (!isSeq(sources)) return;
  sources.items = sources.items.filter((item) => {
    const id = isMap(item) ? String(item.get('id')) : '';
    return !id.startsWith(STAFF_SOURCE) || cited.has(id);
  });
}

/** The notes of a service that call its fee or deadline unconfirmed: they go once the values are known. */
export function unconfirmedNotes(doc: Document): number[] {
  const notes = doc.get('notes');
  if (!isSeq(notes)) return [];
  return notes.items.flatMap((item, i) => (isMap(item) && callsUnconfirmed(item.toJSON() as { bg?: unknown; en?: unknown }) ? [i] : []));
}

/**
 * A fee for the file: euro from cents, the leva when the clerk wrote leva. What the file says about
 * the fee besides its amount stays: what it is charged per always, the leva of the source and the
 * note while the amount is the same (a note about another amount would now be wrong).
 */
function feeFor(input: FeeInput, before: Fee | undefined): Fee {
  const same = before !== undefined && centsOf(before.eur) === input.cents && (input.levaCents === undefined || before.bgn === undefined || centsOf(before.bgn) === input.levaCents);
  const bgn = input.levaCents !== undefined ? input.levaCents / 100 : same ? before.bgn : undefined;
  return {
    eur: input.cents / 100,
    ...(bgn !== undefined ? { bgn } : {}),
    ...(before?.per ? { per: before.per } : {}),
    ...(same && before.note ? { note: before.note } : {}),
  };
}

/** Sets a service's speeds (deadline and fee of each), with their source. */
export function setSpeeds(items: SpeedInput[], source: SourceInput): DocumentEdit {
  return (doc) => {
    const before = (doc.toJS() as { speeds?: { items?: SpeedOption[] } }).speeds?.items ?? [];
    const options: SpeedOption[] = items.map(({ speed, deadline, fee }) => ({
      speed,
      ...(deadline ? { deadline } : {}),
      ...(fee ? { fee: feeFor(fee, before.find((b) => b.speed === speed)?.fee) } : {}),
    }));
    const id = addSource(doc, source);
    const node = doc.createNode({ source: id, items: options });
    // Money with its two decimals: "eur: 5.10", as the knowledge files write it.
    visit(node, {
      Pair: (_, pair) => {
        if (isScalar(pair.key) && (pair.key.value === 'eur' || pair.key.value === 'bgn') && isScalar(pair.value)) pair.value.minFractionDigits = 2;
      },
    });
    doc.set('speeds', node);
    const stale = unconfirmedNotes(doc);
    const notes = doc.get('notes');
    if (isSeq(notes)) {
      for (const i of stale.reverse()) notes.items.splice(i, 1);
      if (notes.items.length === 0) doc.delete('notes');
    }
    dropUncitedStaffSources(doc);
  };
}

type Line = Record<string, unknown> & { label: unknown; source?: unknown };

/**
 * Sets the municipality's hours, reception day, bank account, phones and e-mails. A block is
 * written when the clerk changed it (from `seen`, what the form showed; from the file without it),
 * with the source named for it; or, unchanged, when the clerk named a source for it (checked again)
 * and the file still has what the form showed. A block the clerk did not touch is left as the file
 * has it now, so a colleague's change saved since the form was opened is kept; a line of the
 * contacts the clerk did not change keeps its source.
 */
export function setMunicipalityFacts(facts: MunicipalityFacts, seen?: MunicipalityValues): DocumentEdit {
  return (doc) => {
    const current = doc.toJS() as Parameters<typeof municipalityValues>[0] & Record<string, unknown>;
    const now = municipalityValues(current);
    const shown = seen ?? now;
    const ids = new Map<FactBlock, string>();
    const sourceId = (block: FactBlock, source: SourceInput) => ids.get(block) ?? ids.set(block, addSource(doc, source)).get(block)!;
    for (const block of FACT_BLOCKS) {
      const changed = blockKey(facts, block) !== blockKey(shown, block);
      const rechecked = !changed && facts.sources[block] !== undefined && blockKey(now, block) === blockKey(shown, block);
      if (!changed && !rechecked) continue;
      const source = facts.sources[block];
      if (block === 'contacts') {
        if (source) setContacts(doc, facts, seen, rechecked, () => sourceId(block, source));
        continue;
      }
      const value = block === 'hours' ? (facts.hours ? { weekly: facts.hours } : undefined) : facts[block];
      if (!value) doc.delete(block);
      else if (source) doc.set(block, doc.createNode({ ...value, source: sourceId(block, source) }));
    }
    dropUncitedStaffSources(doc);
  };
}

/** Phones and e-mails: a list the clerk changed is written; its unchanged lines keep their sources unless all were checked again. */
function setContacts(doc: Document, facts: MunicipalityFacts, seen: MunicipalityValues | undefined, rechecked: boolean, sourceId: () => string): void {
  const current = doc.toJS() as Record<string, Line[] | undefined>;
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  for (const [key, valueKey] of [['phones', 'number'], ['emails', 'address']] as const) {
    const values = facts[key] as Line[];
    if (!rechecked && seen && same(seen[key], values)) continue;
    const before = current[key] ?? [];
    const list = values.map((v) => {
      const kept = rechecked ? undefined : before.find((b) => b[valueKey] === v[valueKey] && same(b.label, v.label));
      return { ...v, source: kept ? kept.source : sourceId() };
    });
    if (!same(before, list)) doc.set(key, doc.createNode(list));
  }
}
