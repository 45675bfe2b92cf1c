// The pure checks at the edge (issue 20, items 3, 5, 6 and 7): text that can be kept and shown,
// identities made of plain strings, form field lengths, console path ids, connections counted per
// address, and the webhook time window.
import { describe, expect, it } from '@jest/globals';
import { activityIdentity, isPlainId, MAX_ID_LENGTH } from '../../src/common/activityIdentity.js';
import { sanitizeInput, sanitizeInputValue, withoutBidiControls } from '../../src/common/inputText.js';
import { isFreshEvent } from '../../src/channels/eventAge.js';
import { addressCounter } from '../../src/http/connectionLimit.js';
import { FIELD_MAX_DEFAULT, fieldMax, fieldTooLong } from '../../src/staff/formLimits.js';
import { pathId } from '../../src/staff/pathId.js';

describe('sanitizeInput', () => {
  it.each([
    ['a\u0000b', 'a\uFFFDb'],
    ['half \uD83D emoji', 'half \uFFFD emoji'],
    ['low \uDE00 first', 'low \uFFFD first'],
    ['swapped \uDE00\uD83D', 'swapped \uFFFD\uFFFD'],
    ['at the end \uD83D', 'at the end \uFFFD'],
    ['whole 😀 emoji', 'whole 😀 emoji'],
    ['Кирилица, tab\tand\nnewline', 'Кирилица, tab\tand\nnewline'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeInput(input)).toBe(output);
    expect(() => encodeURIComponent(sanitizeInput(input))).not.toThrow(); // throws on a lone surrogate
  });

  it('cleans every string of a parsed body, keys included, and keeps "__proto__" an own key', () => {
    const parsed = JSON.parse('{"text":"a\\u0000","list":["\\ud800",1,null,{"k\\u0000":true}],"__proto__":{"x":"\\udc00"}}') as unknown;
    const clean = sanitizeInputValue(parsed) as Record<string, unknown>;
    expect(clean).toEqual({ text: 'a\uFFFD', list: ['\uFFFD', 1, null, { 'k\uFFFD': true }], ['__proto__']: { x: '\uFFFD' } });
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(Object.hasOwn(clean, '__proto__')).toBe(true);
    const form = Object.assign(Object.create(null) as Record<string, unknown>, { a: ['1\u0000', '2'] });
    expect(Object.getPrototypeOf(sanitizeInputValue(form))).toBeNull();
  });

  it('takes every text-direction control out of text shown to staff', () => {
    expect(withoutBidiControls('Иван \u202EПетров\u202C \u2066x\u2069 \u200E\u200F\u061C!')).toBe('Иван Петров x !');
  });
});

describe('activityIdentity', () => {
  const base = { channelId: 'emulator', conversation: { id: 'c1' }, from: { id: 'u1' } };
  it('takes plain strings', () => {
    expect(activityIdentity(base)).toEqual({ channelId: 'emulator', conversationId: 'c1', userId: 'u1' });
  });
  it.each([
    { channelId: ['viber'] },
    { channelId: { toString: 1 } },
    { channelId: '' },
    { channelId: undefined },
    { conversation: { id: ['c1'] } },
    { conversation: null },
    { conversation: 'c1' },
    { from: { id: 7 } },
    { from: undefined },
    { from: { id: 'a\u0000' } },
    { conversation: { id: 'x'.repeat(MAX_ID_LENGTH + 1) } },
  ])('refuses %j', (over) => {
    expect(activityIdentity({ ...base, ...over })).toBeUndefined();
  });
  it('refuses what is not an object', () => {
    expect(activityIdentity(null)).toBeUndefined();
    expect(activityIdentity('x')).toBeUndefined();
    expect(isPlainId(Object('abc'))).toBe(false);
  });
});

describe('staff form fields', () => {
  it('each field has a maximum, the default for fields not named', () => {
    expect(fieldMax('reception_bg')).toBe(FIELD_MAX_DEFAULT);
    expect(fieldMax('reply')).toBe(2000);
    expect(fieldMax('constructor')).toBe(FIELD_MAX_DEFAULT);
    expect(fieldTooLong({ reply: 'x'.repeat(2000), also: ['a', 'b'] })).toBeUndefined();
    expect(fieldTooLong({ reply: 'x'.repeat(2001) })).toEqual({ field: 'reply', max: 2000 });
    expect(fieldTooLong({ also: ['a', 'x'.repeat(501)] })).toEqual({ field: 'also', max: 500 });
  });
});

describe('console path ids', () => {
  it.each(['ПТ-2026-000123', 'birth-certificate-duplicate', 'a_b.c'])('%s is an id', (id) => expect(pathId(id)).toBe(id));
  it.each(['%', '%2F', '/', 'a b', '', '..%2f', 'x'.repeat(201), undefined, ['a']])('%j is not', (id) => expect(pathId(id)).toBeUndefined());
});

describe('connections per address', () => {
  it('counts each address apart and frees a slot when a connection closes', () => {
    const counter = addressCounter(2);
    expect([counter.open('a'), counter.open('a'), counter.open('a'), counter.open('b')]).toEqual([true, true, false, true]);
    counter.close('a');
    expect(counter.open('a')).toBe(true);
    counter.close('a');
    counter.close('a');
    counter.close('b');
    expect(counter.size).toBe(0);
  });
});

describe('webhook time window', () => {
  const now = Date.UTC(2026, 0, 10, 12);
  it.each([
    [now, true],
    [now - 5 * 60_000, true],
    [now - 5 * 60_000 - 1, false],
    [now + 5 * 60_000 + 1, false],
    [now - 2 * 3600_000, false],
    [undefined, false],
    ['1768046400000', false],
    [Number.NaN, false],
  ])('an event at %p is fresh: %p', (at, fresh) => expect(isFreshEvent(at, now, 5 * 60_000)).toBe(fresh));
});
