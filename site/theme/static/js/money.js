// Money and points as the pages show them. The API counts money in integer fen; staff type yuan.
import { fill, localName, strings } from "./strings.js";

const grouped = (digits) => new Intl.NumberFormat(strings.dateLocale, { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** ¥1,280 or ¥128.50: whole yuan without decimals, anything else with two. */
export function money(fen) {
  if (typeof fen !== "number" || Number.isNaN(fen)) return "";
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}¥${grouped(abs % 100 ? 2 : 0).format(abs / 100)}`;
}

/** Always two decimals, as a till shows it: ¥128.00. */
export function moneyExact(fen) {
  if (typeof fen !== "number" || Number.isNaN(fen)) return "";
  const sign = fen < 0 ? "-" : "";
  return `${sign}¥${grouped(2).format(Math.abs(fen) / 100)}`;
}

/** A count of points with grouping: 12,800. */
export function count(points) {
  return grouped(0).format(points || 0);
}

/** Points with their sign: +128, −50. */
export function signed(points) {
  if (points > 0) return `+${count(points)}`;
  if (points < 0) return `−${count(-points)}`;
  return "0";
}

/**
 * Yuan as typed ("128", "128.5", "128.50", "¥128.50", "128。50") as a string the API takes
 * ("128.50"), or null when it is not an amount.
 */
export function yuanText(typed) {
  const text = String(typed || "")
    .trim()
    .replace(/^[¥￥]\s*/, "")
    .replace(/[。．]/g, ".")
    .replace(/[,，\s]/g, "");
  if (!/^\d{1,7}(\.\d{0,2})?$/.test(text)) return null;
  const [whole, part = ""] = text.split(".");
  return `${Number(whole)}.${part.padEnd(2, "0")}`;
}

/**
 * A number as typed ("2", "1.5", full-width "２", "1。5"), or null when it is not one; `whole`
 * takes whole numbers only.
 */
export function typedNumber(typed, { whole = false } = {}) {
  const text = String(typed ?? "")
    .trim()
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[。．]/g, ".");
  const pattern = whole ? /^\d{1,9}$/ : /^\d{1,9}(\.\d{1,2})?$/;
  return pattern.test(text) ? Number(text) : null;
}

/** Fen as yuan for a field: 200000 is "2000", 12850 is "128.50". */
export function yuanOf(fen) {
  return fen % 100 ? (fen / 100).toFixed(2) : String(fen / 100);
}

/** "128.50" in fen (12850). */
export function fenOf(yuan) {
  const [whole, part] = yuan.split(".");
  return Number(whole) * 100 + Number(part);
}

/**
 * An earning rule in the page's words, from a sale's or a ledger line's `{rule, points, name?}`:
 * "points per yuan", "category:potted-plant", "birthday month", "first purchase", "tier:gold",
 * "referral", "event" (named by the shop's bonus event, in `name` or `name_zh`/`name_en`); one
 * not known here as it is.
 */
export function ruleLabel(item) {
  const words = strings.pointWords;
  const { rule } = item;
  const name = localName(item);
  if (rule === "event" && name) return fill(words.eventRule, { name });
  if (words.rules[rule]) return words.rules[rule];
  const [kind, value] = String(rule).split(":");
  if (kind === "category" && value) return fill(words.categoryRule, { category: words.categories[value] || value });
  if (kind === "tier" && value) return fill(words.tierRule, { tier: words.tiers[value] || value });
  return rule;
}
