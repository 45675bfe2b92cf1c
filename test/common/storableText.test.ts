// What PostgreSQL cannot store (NUL, a lone surrogate) is replaced by U+FFFD; everything else,
// whole emoji included, is kept as written.
import { describe, expect, it } from '@jest/globals';
import { storableJson, storableText } from '../../src/common/storableText.js';

describe('storableText', () => {
  it.each([
    ['NUL', 'a\u0000b', 'a\uFFFDb'],
    ['a high surrogate alone', 'час \ud83d без', 'час \uFFFD без'],
    ['a low surrogate alone', '\ude00x', '\uFFFDx'],
    ['a high surrogate at the end', 'край\ud83d', 'край\uFFFD'],
    ['two high surrogates', '\ud83d\ud83d\ude00', '\uFFFD\ud83d\ude00'],
  ])('replaces %s', (_what, text, storable) => {
    expect(storableText(text)).toBe(storable);
  });

  it('keeps Cyrillic, whole emoji and other control characters as they are', () => {
    const text = 'Чаках 😀 на гишето\tи\nтам';
    expect(storableText(text)).toBe(text);
  });
});

describe('storableJson', () => {
  it('makes every string storable, keys and nested values included', () => {
    const value = { description: 'a\u0000', list: ['\ud83d', 1, null], ['k\u0000']: { deep: 'x\ude00' }, at: new Date(0) };
    expect(JSON.parse(storableJson(value))).toEqual({ description: 'a\uFFFD', list: ['\uFFFD', 1, null], ['k\uFFFD']: { deep: 'x\uFFFD' }, at: '1970-01-01T00:00:00.000Z' });
    expect(storableJson(value)).not.toMatch(/\\u0000|\\ud[89a-f]/);
  });

  it('writes what needs no change exactly as JSON.stringify does', () => {
    const value = { a: 'Петрич 😀', b: [1, 2, { c: true }] };
    expect(storableJson(value)).toBe(JSON.stringify(value));
  });
});
