// The member's coupons (GET /api/me/coupons): the ones to use first, each with its code large
// enough to read out and its QR code (GET /api/me/coupons/{code}/qr, an SVG shown as an image,
// same origin so the session cookie goes with it) for the clerk to scan; used and expired ones
// folded away below.
import { formatDate } from "./dates.js";
import { rewardWhat } from "./member-rewards.js";
import { loadPart, retryPart } from "./section.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.pointWords;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function whenText(coupon) {
  if (coupon.status === "used") return fill(strings.usedOn, { date: formatDate(coupon.used_at) });
  if (coupon.status === "expired") return fill(strings.expiredOn, { date: formatDate(coupon.expires_on) });
  return fill(strings.expiresOn, { date: formatDate(coupon.expires_on) });
}

function qrPart(coupon) {
  const id = `qr-${coupon.code}`;
  const toggle = element("button", "button button--secondary coupon__qr-toggle", strings.showQr);
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", id);
  const panel = element("div", "qr-figure coupon__qr");
  panel.id = id;
  panel.hidden = true;
  toggle.addEventListener("click", () => {
    const opening = panel.hidden;
    if (opening && !panel.querySelector("img")) panel.append(qrImage(coupon, panel), element("p", "qr-figure__hint", strings.qrHint));
    panel.hidden = !opening;
    toggle.textContent = opening ? strings.hideQr : strings.showQr;
    toggle.setAttribute("aria-expanded", String(opening));
    if (opening) panel.scrollIntoView({ block: "nearest", behavior: "smooth" });
  });
  return [toggle, panel];
}

function qrImage(coupon, panel) {
  const image = element("img", "qr-figure__image");
  image.width = 260;
  image.height = 260;
  image.alt = fill(strings.qrAlt, { code: coupon.code });
  image.addEventListener("error", () => {
    image.remove();
    panel.prepend(element("p", "message message--error", strings.qrFailed));
  });
  image.src = `/api/me/coupons/${encodeURIComponent(coupon.code)}/qr`;
  return image;
}

function couponItem(coupon) {
  const item = element("li", `coupon coupon--${coupon.status}`);
  item.id = `coupon-${coupon.code}`;
  item.tabIndex = -1;
  const head = element("div", "coupon__head");
  head.append(
    element("h3", "coupon__name", coupon.name),
    element("span", `badge coupon__status coupon__status--${coupon.status}`, words.couponStatus[coupon.status] || coupon.status),
  );
  const code = element("p", "coupon__code");
  code.append(element("span", "coupon__code-label", strings.codeLabel), element("code", "code-text code-text--big", coupon.code));
  item.append(head, element("p", "coupon__what", rewardWhat(coupon.kind, coupon.value_fen)), code, element("p", "coupon__when", whenText(coupon)));
  if (coupon.status === "issued") item.append(...qrPart(coupon));
  return item;
}

function show(data) {
  const coupons = data.coupons || [];
  const usable = coupons.filter((c) => c.status === "issued");
  const past = coupons.filter((c) => c.status !== "issued");
  const list = $("coupons-list");
  list.textContent = "";
  for (const coupon of usable) list.append(couponItem(coupon));
  list.hidden = usable.length === 0;
  $("coupons-empty").hidden = usable.length > 0;
  const pastList = $("coupons-past-list");
  pastList.textContent = "";
  for (const coupon of past) pastList.append(couponItem(coupon));
  $("coupons-past-title").textContent = fill(strings.pastCoupons, { count: past.length });
  $("coupons-past").hidden = past.length === 0;
}

export function loadCoupons({ quiet = false } = {}) {
  return loadPart("coupons", "/api/me/coupons", show, { quiet });
}

/** Read the coupons again after an exchange and bring the new one into view, its QR code open. */
export async function showNewCoupon(code) {
  await loadCoupons({ quiet: true });
  const item = document.getElementById(`coupon-${code}`);
  if (!item) return;
  item.querySelector(".coupon__qr-toggle")?.click();
  item.scrollIntoView({ block: "start", behavior: "smooth" });
  item.focus({ preventScroll: true });
}

export function startCoupons() {
  retryPart("coupons", loadCoupons);
  return loadCoupons();
}
