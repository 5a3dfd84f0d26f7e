/// <reference lib="dom" />
/**
 * The few DOM helpers the playground needs: find an element the page must
 * have, and build small element trees without innerHTML (every text the
 * server sends goes in as text, never as markup).
 */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`playground: the page has no #${id}`);
  return element as T;
}

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string;

/**
 * `h('li', { 'data-from': 'npc' }, 'hello')`. Attribute values: `true` sets
 * an empty attribute, `false` and `undefined` leave it out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** Prepend `item` to a list and drop the oldest entries past `max`. */
export function prependCapped(list: HTMLElement, item: HTMLElement, max: number): void {
  list.prepend(item);
  while (list.childElementCount > max) list.lastElementChild?.remove();
}

/** Append `item` to a list, drop the oldest past `max`, and scroll to it. */
export function appendCapped(list: HTMLElement, item: HTMLElement, max: number): void {
  list.append(item);
  while (list.childElementCount > max) list.firstElementChild?.remove();
  list.scrollTop = list.scrollHeight;
}
