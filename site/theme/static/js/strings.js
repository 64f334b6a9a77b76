// The page's texts, rendered by the template in the page's language from the one catalog:
// every <script type="application/json" data-strings> block, merged in document order.

export const strings = Object.assign(
  {},
  ...Array.from(document.querySelectorAll("script[data-strings]"), (block) => JSON.parse(block.textContent)),
);

/** Put values into a text's `{name}` placeholders. */
export function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
