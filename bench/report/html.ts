/**
 * HTML (and inline SVG) built from tagged templates that escape every
 * interpolated value unless it is already markup. A string can only reach
 * the page through `escapeHtml`, so a hostile suite name, error message or
 * log line shows up as text and never as markup.
 */

/** Markup that is already safe to place in a page: built by `html`, or `raw` for constant text. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What `html` accepts between `${}`: markup as is, strings and numbers escaped, empties dropped. */
export type HtmlValue =
  | SafeHtml
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in element content and in quoted attribute values (both quote kinds). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  // `false`, `null` and `undefined` render as nothing, so `${cond && html`...`}` works.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A tagged template: `html\`<td>${text}</td>\`` escapes `text`; nested `html` stays markup. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Constant markup written in this code (never data): the page's CSS, a fixed entity. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
