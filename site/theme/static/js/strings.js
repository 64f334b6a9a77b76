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

/**
 * A thing's own name in the page's language: the API's `name` where it gives one, else its
 * `name_zh` or `name_en` (an event in a sale's rules, a coupon on a receipt).
 */
export function localName(thing) {
  if (!thing) return "";
  if (thing.name) return thing.name;
  const english = document.documentElement.dataset.lang === "en";
  return (english ? thing.name_en || thing.name_zh : thing.name_zh || thing.name_en) || "";
}
