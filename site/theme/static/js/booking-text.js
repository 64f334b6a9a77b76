// A booking in words, the same on every page that shows one: its status, pickup or delivery, the
// day and window, the items, the address, a recipe, its price. The words are the page's
// (booking_labels.html and booking_form.html's strings).
import { LANG } from "./api.js";
import { formatDay } from "./dates.js";
import { moneyExact } from "./money.js";
import { fill, strings } from "./strings.js";

const words = () => strings.bookingWords;

export function statusText(status, mode) {
  if (status === "ready" && mode && words().readyFor[mode]) return words().readyFor[mode];
  return words().statuses[status] || status;
}

/** Why a step was taken: the shop's own reasons in words, a clerk's typed reason as it is. */
export function reasonText(reason) {
  return (words().reasons || {})[reason] || reason || "";
}

export function modeText(mode) {
  return words().modes[mode] || mode;
}

export function occasionText(occasion) {
  return words().occasions[occasion] || occasion || "";
}

/** "Saturday 14 February 2026, 10:00-12:00" */
export function whenText(date, window) {
  return fill(strings.whenText, { date: formatDay(date), window: window || "" });
}

/** The same, for a heading or a row: the window is kept on one line. */
export function whenNode(date, window) {
  const node = document.createDocumentFragment();
  const text = whenText(date, "{window}");
  const [before, after = ""] = text.split("{window}");
  node.append(before, element("span", "nowrap", window || ""), after);
  return node;
}

/** "粉玫瑰花束 ×2, 白色蝴蝶兰" */
export function itemsText(items) {
  return (items || []).map((item) => (item.quantity > 1 ? `${item.name} ×${item.quantity}` : item.name)).join(strings.listJoin);
}

/** A variety by its Chinese name, the one the wholesale market uses; English pages add theirs. */
export function varietyName(variety) {
  const zh = words().varietiesZh[variety] || variety;
  const local = words().varieties[variety];
  return LANG === "zh" || !local ? zh : `${local} ${zh}`;
}

/** A recipe as a florist reads it: "11 red roses, 2 eucalyptus" (in Chinese, 红玫瑰 11 枝…). */
export function recipeText(recipe) {
  return (recipe || [])
    .map((part) => fill(strings.stems, { stems: part.stems, variety: words().varieties[part.variety] || part.variety }))
    .join(strings.listJoin);
}

/**
 * An address as it is written: in Chinese (on Chinese pages, or an address written in Chinese)
 * from the province down, run together (a city that is its own province, 上海市, once); in
 * English from the room up.
 */
export function addressText(address) {
  if (!address) return "";
  if (typeof address === "string") return address;
  const { province = "", city = "", district = "", street = "", building_room: room = "" } = address;
  const parts = [province, city === province ? "" : city, district, street, room].map((p) => (p || "").trim()).filter(Boolean);
  const chinese = LANG === "zh" || parts.some((part) => /[\u3400-\u9fff]/.test(part));
  return chinese ? parts.join("") : parts.reverse().join(", ");
}

/** A phone as people read it: +8613800138000 is 138 0013 8000. */
export function phoneText(phone) {
  if (!phone) return "";
  const match = /^(?:\+86)?(1\d{2})(\d{4})(\d{4})$/.exec(String(phone).replace(/\s/g, ""));
  return match ? match.slice(1).join(" ") : phone;
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A catalog item's drawing (strings.flowerArt), sized so nothing moves as it loads; lazy. */
export function itemArt(item, className, size) {
  const image = element("img", className);
  image.src = `${strings.flowerArt}${encodeURIComponent(item.illustration || "mixed")}.svg`;
  image.alt = "";
  image.width = size;
  image.height = size;
  image.loading = "lazy";
  return image;
}

/** One row of a totals list (<dl>): its title and value. */
export function totalsRow(list, title, value, className) {
  const row = element("div", className);
  row.append(element("dt", "", title), element("dd", "", value));
  list.append(row);
}

/**
 * A booking's price (a Quote, or a Booking's price): the flowers, the delivery fee, early-bird,
 * member discount, total. The API's subtotal includes the delivery fee without naming it: the
 * page that knows the flowers' own total gives `deliveryFen` (the subtotal less the flowers).
 */
export function showTotals(list, price, deliveryFen = 0) {
  list.textContent = "";
  const delivery = Math.max(0, deliveryFen || 0);
  totalsRow(list, strings.subtotal, moneyExact(price.subtotal_fen - delivery));
  if (delivery) totalsRow(list, strings.deliveryFee, moneyExact(delivery));
  if (price.early_bird_fen) totalsRow(list, strings.earlyBirdOff, `−${moneyExact(price.early_bird_fen)}`);
  if (price.discount_fen) {
    const title = price.discount_percent ? fill(strings.tierOff, { percent: price.discount_percent }) : strings.tierOffPlain;
    totalsRow(list, title, `−${moneyExact(price.discount_fen)}`);
  }
  totalsRow(list, strings.total, moneyExact(price.total_fen), "totals__total");
}
