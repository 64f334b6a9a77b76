// The counter's coupon: typed, or scanned with the counter's scanner (it types the code and
// Enter). GET /api/staff/coupons/{code} says what it is and whose; with no member chosen yet, the
// coupon's member becomes the customer; a coupon of someone else, used or expired is refused
// here, before the sale. The sale and its preview carry the chosen coupon's code.
import { api } from "./api.js";
import { formatDate } from "./dates.js";
import { clearFieldError, fieldError, setBusy } from "./form.js";
import { moneyExact } from "./money.js";
import { toStaffSignIn } from "./staff.js";
import { fill, localName, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.pointWords;
const field = $("coupon-code");
const CODE = /^[A-Z0-9]{8}$/;
const HANDED_OVER = ["gift", "packaging-upgrade", "workshop"];

let coupon = null; // Coupon + member, once checked
let counter = null; // {member(), choose(member), changed()} from the counter

/** A code as typed or scanned: any case, spaces and dashes, or a link that ends with the code. */
function readCode(typed) {
  const text = String(typed || "").trim();
  const last = text.split(/[/=?&#]/).filter(Boolean).at(-1) || "";
  return last.replace(/[\s-]/g, "").toUpperCase();
}

function announce(text) {
  $("coupon-status").textContent = text;
}

/** What the coupon does to this sale: "−¥20.00", or "To hand over" for a gift, wrapping or a class. */
function couponEffect(kind, offFen) {
  if (HANDED_OVER.includes(kind)) return strings.couponHandOver;
  return `−${moneyExact(offFen || 0)}`;
}

/** The totals row for a coupon of a preview or a receipt ({code, name or name_zh/name_en, kind, off_fen}). */
export function couponTotalsRow(applied) {
  return [fill(strings.couponLine, { name: localName(applied) }), couponEffect(applied.kind, applied.off_fen)];
}

export function isHandedOver(kind) {
  return HANDED_OVER.includes(kind);
}

export function chosenCouponCode() {
  return coupon ? coupon.code : null;
}

function showChosen() {
  $("coupon-chosen").hidden = !coupon;
  $("coupon-entry").hidden = Boolean(coupon);
  if (!coupon) return;
  $("coupon-chosen-name").textContent = coupon.name;
  $("coupon-chosen-code").textContent = coupon.code;
  const kind = words.rewardKinds[coupon.kind] || coupon.kind;
  $("coupon-chosen-what").textContent = [kind, fill(strings.couponUseBy, { date: formatDate(coupon.expires_on) })].join(" · ");
  const owner = coupon.member || {};
  $("coupon-chosen-whose").textContent = fill(strings.couponOf, { name: [owner.name, owner.salutation].filter(Boolean).join(" ") });
}

/** Forget the coupon (a new sale, or another customer than its member). */
export function dropCoupon({ unlessFor } = {}) {
  if (!coupon || (unlessFor && coupon.member && coupon.member.id === unlessFor)) return;
  const dropped = coupon;
  coupon = null;
  field.value = "";
  showChosen();
  if (unlessFor !== undefined) announce(fill(strings.couponDropped, { code: dropped.code }));
}

function refuse(text) {
  fieldError(field, text);
  announce(text);
  field.focus();
  field.select();
}

/** Why this coupon cannot go on this sale, or null when it can. */
function problemWith(found) {
  if (found.status === "used") return fill(strings.couponUsed, { date: formatDate(found.used_at) });
  if (found.status === "expired") return fill(strings.couponExpired, { date: formatDate(found.expires_on) });
  const current = counter.member();
  const owner = found.member || {};
  if (current && owner.id !== current.id) return fill(strings.couponNotTheirs, { owner: owner.name || "", customer: current.name });
  return null;
}

async function check() {
  clearFieldError(field);
  const code = readCode(field.value);
  if (!CODE.test(code)) return refuse(strings.couponCodeInvalid);
  field.value = code;
  const restore = setBusy($("check-coupon"), strings.couponChecking);
  const answer = await api(`/api/staff/coupons/${encodeURIComponent(code)}`);
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (answer.status === 404) return refuse(fill(strings.couponUnknown, { code }));
  if (!answer.ok) return refuse(answer.data.message);
  const problem = problemWith(answer.data);
  if (problem) return refuse(problem);
  coupon = answer.data;
  if (!counter.member()) counter.choose({ id: coupon.member.id, name: coupon.member.name, salutation: coupon.member.salutation });
  showChosen();
  announce(fill(strings.couponAdded, { name: coupon.name }));
  $("remove-coupon").focus();
  counter.changed();
}

/** Wire the coupon part into the counter: who the customer is, how to choose one, and what to redo on a change. */
export function startCouponPart(hooks) {
  counter = hooks;
  field.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    event.stopPropagation(); // Enter here checks the coupon, never adds an item
    check();
  });
  $("check-coupon").addEventListener("click", check);
  $("remove-coupon").addEventListener("click", () => {
    dropCoupon();
    announce(strings.couponRemoved);
    field.focus();
    counter.changed();
  });
  showChosen();
}
