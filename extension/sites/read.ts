/**
 * Reading helpers every adapter shares (site-agnostic; the site knowledge
 * stays in each adapter). Captured text is read, never interpreted: text
 * nodes as they are, images by their alt text (emoji), `<br>` as a line
 * break; never scripts, styles, templates or SVG. And the two things a
 * composer hook does to the page, as a person would: click and focus.
 */

const NEVER_TEXT = new Set(['script', 'style', 'template', 'svg', 'noscript']);

/** The text a reader sees in `el`; `skip` leaves out site furniture (buttons, hidden labels). */
export function readText(el: Element, skip: (e: Element) => boolean = () => false): string {
  let out = '';
  const walk = (node: Node): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += c.nodeValue ?? '';
      else if (c.nodeType === 1) {
        const e = c as Element;
        if (NEVER_TEXT.has(e.localName) || skip(e)) continue;
        if (e.localName === 'img') out += e.getAttribute('alt') ?? '';
        else if (e.localName === 'br') out += '\n';
        else walk(e);
      }
    }
  };
  walk(el);
  return out;
}

/** An ISO-8601 instant (UTC) from a `datetime`-like value, or null when it is not a time. */
export function isoOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Click an element as a person would (a no-op for null or non-HTML elements). */
export function click(el: Element | null): void {
  (el as HTMLElement | null)?.click?.();
}

/** Focus an element (a no-op for null or non-HTML elements). */
export function focus(el: Element | null): void {
  (el as HTMLElement | null)?.focus?.();
}
