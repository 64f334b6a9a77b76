// A care guide's "at our shops": the catalog items the guide is about (a bouquet with its flower
// in the recipe, a potted plant of its name), each with its price and a link to book it. Asked of
// the public catalog (/api/catalog?guide=); where there are none, or the shop cannot be reached,
// the section stays hidden: the guide is whole without it.
import { api, pageUrl } from "./api.js";
import { element, itemArt } from "./booking-text.js";
import { money } from "./money.js";
import { fill, strings } from "./strings.js";

const section = document.getElementById("guide-items");

function card(item) {
  const row = element("li", "catalog-item");
  const body = element("div", "catalog-item__body");
  const head = element("div", "catalog-item__head");
  head.append(element("h3", "catalog-item__name", item.name), element("p", "catalog-item__price", money(item.price_fen)));
  const book = element("a", "link-arrow", strings.bookIt);
  book.href = `${pageUrl("book/")}?item=${encodeURIComponent(item.id)}`;
  book.setAttribute("aria-label", fill(strings.bookItNamed, { name: item.name }));
  const action = element("p", "guide-items__book");
  action.append(book);
  body.append(head);
  if (!item.deliverable) body.append(element("p", "catalog-item__recipe", strings.pickupOnly));
  body.append(action);
  row.append(itemArt(item, "catalog-item__art", 72), body);
  return row;
}

async function show() {
  const answer = await api(`/api/catalog?guide=${encodeURIComponent(section.dataset.guide)}`);
  const items = (answer.ok && answer.data.items) || [];
  if (!items.length) return;
  document.getElementById("guide-items-list").replaceChildren(...items.slice(0, 6).map(card));
  section.hidden = false;
}

if (section) show();
