// HTML for the staff pages. The `html` tag escapes every interpolated value unless it is a
// fragment built by `html` itself, so citizen text can only ever reach a page as text, and takes
// the text-direction controls out of it, so it reads in the order it was typed (a U+202E in a name
// made the console show the phone after it reversed).
import { withoutBidiControls } from '../common/inputText.js';
import { escapeHtml } from '../http/webPage.js';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | undefined | null | false | Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Html) return part.value;
  return escapeHtml(withoutBidiControls(String(part)));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < parts.length ? render(parts[i]) : ''), ''));
}

/** JSON for a `<script type="application/json">` data block: not executed, and `<` cannot close it. */
export function jsonData(value: unknown): Html {
  return new Html(JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'));
}
