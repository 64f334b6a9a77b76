// The counter: who is buying (a member found as on the search page, with staff-member-search.js,
// or a walk-in), the items, payment and points to use; a live price from POST
// /api/staff/purchases/preview on every change; then POST /api/staff/purchases, a receipt, and
// refunds against it. Writes carry an Idempotency-Key made once per attempt and reused when the
// same request is sent again, so a retry after a lost answer never records a sale (or a refund)
// twice.
// A coupon (counter-coupon.js) goes with the preview and the sale; its line shows on both.
// A member's stored value (counter-wallet.js) shows with them, can be topped up, and pays a sale
// only when it covers the total.
// Keyboard (the hint line under the title): F2 goes to the member search (from a receipt, for the
// next sale), Enter in the last price adds an item, Enter in the coupon checks it, Ctrl+Enter
// records the sale. Choosing the customer takes the clerk on to the sale, the receipt takes the
// focus, and a new sale starts at the search.
import { api } from "./api.js";
import { element, totalsRow } from "./booking-text.js";
import { chosenCouponCode, couponTotalsRow, dropCoupon, isHandedOver, startCouponPart } from "./counter-coupon.js";
import { checkStoredValue, loadWallet, startTopUp, walletText } from "./counter-wallet.js";
import { formatDateTime } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, hideMessage, setBusy, showMessage, showProblems } from "./form.js";
import { attemptFor } from "./idempotency.js";
import { count, fenOf, moneyExact, ruleLabel, signed, yuanText } from "./money.js";
import { pageMessage, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { keepInAddress, memberSearch } from "./staff-member-search.js";
import { saleLines, saleSender } from "./staff-sale-lines.js";
import { fill, localName, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.pointWords;
const form = $("sale-form");
const lines = $("lines");
const search = $("counter-q");
const redeem = $("redeem-points");
const refundForm = $("refund-form");
const DEBOUNCE_MS = 250;

let member = null; // {id, name, salutation} or null for a walk-in
let memberPoints = null; // Points, from the last preview for this member
let redeemShare = 30; // percent of a sale points may pay for (GET /api/staff/rules)
let lastQuote = null;
let previewTimer = null;
let previewSeq = 0;
let refundAttempt = null;
let receipt = null;
let wallet = null; // the member's stored value, as last loaded

// ---- the customer -------------------------------------------------------------------------
function tierName(key) {
  if (memberPoints && memberPoints.tier && memberPoints.tier.key === key) return memberPoints.tier.name;
  if (memberPoints && memberPoints.next_tier && memberPoints.next_tier.key === key) return memberPoints.next_tier.name;
  return words.tiers[key] || key || "";
}

function showCustomer() {
  const who = $("customer-chosen");
  who.textContent = "";
  if (member) {
    who.append(element("strong", "", fill(strings.chosenMember, { name: member.name })));
    if (member.salutation) who.append(" ", element("span", "member-card__salutation", member.salutation));
    if (memberPoints) {
      who.append(element("span", "counter-customer__points", fill(strings.memberPoints, { tier: memberPoints.tier.name, points: count(memberPoints.balance) })));
    }
  } else {
    who.append(element("strong", "", strings.walkIn));
  }
  $("change-customer").hidden = !member;
  $("customer-search").hidden = Boolean(member);
  $("wallet-part").hidden = !member;
  $("customer-wallet").hidden = !(member && wallet);
  $("customer-wallet").textContent = member && wallet ? walletText(wallet) : "";
  redeem.disabled = !member;
  if (!member) redeem.value = "0";
  showRedeemHint();
  showPayment();
}

/** Whether the sale can be paid as chosen (stored value: by a member whose balance covers it). */
function showPayment() {
  const totalFen = lastQuote ? lastQuote.total_fen : null;
  return checkStoredValue({ select: $("payment-method"), hint: $("payment-method-hint"), member, wallet, totalFen });
}

async function refreshWallet() {
  const mine = member;
  const loaded = mine ? await loadWallet(mine.id) : null;
  if (member !== mine) return; // another customer was chosen meanwhile
  wallet = loaded;
  showCustomer();
}

function choose(chosen) {
  dropCoupon({ unlessFor: chosen ? chosen.id : null });
  member = chosen;
  memberPoints = null;
  wallet = null;
  sale.forget();
  finder.clear();
  topUp.reset();
  keepInAddress(member);
  showCustomer();
  schedulePreview(0);
  refreshWallet();
}

/** On to the sale once the customer is chosen: its first item if none is priced yet, else the
 * points to use (a member found after the items are in), or how they pay (a walk-in). */
function focusTheSale() {
  if (!lineRows().some((row) => row.querySelector(".line-price").value.trim())) {
    lineRows()[0].querySelector(".line-category").focus();
  } else if (member) {
    redeem.focus();
    redeem.select(); // typing replaces the 0
  } else {
    $("payment-method").focus();
  }
}

const finder = memberSearch({
  name: "counter",
  onPick: (found) => {
    choose({ id: found.id, name: found.name, salutation: found.salutation });
    focusTheSale();
  },
  ctrlEnterElsewhere: true,
});

/** ?member=<id> (from a member's card): that member, by their card. */
async function memberFromAddress() {
  const id = new URLSearchParams(window.location.search).get("member");
  if (!id) return;
  const answer = await api(`/api/staff/members/${encodeURIComponent(id)}`);
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) {
    pageMessage("error", answer.status === 404 ? strings.loadMemberFailed : answer.data.message);
    return;
  }
  const card = answer.data;
  member = { id: card.id, name: card.name, salutation: card.salutation };
  if (card.points && typeof card.points === "object" && card.points.tier && typeof card.points.tier === "object") memberPoints = card.points;
}

// ---- the items (staff-sale-lines.js) ------------------------------------------------------
const saleItems = saleLines({ lines, changed: () => schedulePreview() });
const lineRows = saleItems.rows;

function readRedeem(strict) {
  if (!member) return 0;
  const typed = redeem.value.trim() || "0";
  if (!/^\d{1,8}$/.test(typed)) {
    if (strict) fieldError(redeem, strings.pointsInvalid);
    return null;
  }
  return Number(typed);
}

function saleBody(strict) {
  const read = saleItems.read(strict);
  if (read.problem) return { problem: read.problem };
  if (!read.lines.length) return { problem: lineRows()[0].querySelector(".line-price") };
  const redeemPoints = readRedeem(strict);
  if (redeemPoints === null) return { problem: redeem };
  const body = { lines: read.lines, payment_method: $("payment-method").value, redeem_points: redeemPoints };
  if (member) body.member_id = member.id;
  const coupon = chosenCouponCode();
  if (coupon) body.coupon = coupon;
  const note = $("sale-note").value.trim();
  if (note) body.note = note;
  return { body };
}

// ---- the preview --------------------------------------------------------------------------
function maxRedeem(quote) {
  if (!memberPoints) return null;
  const perPoint = memberPoints.fen_per_point || 1;
  const base = quote ? quote.subtotal_fen - quote.discount_fen - ((quote.coupon && quote.coupon.off_fen) || 0) : 0;
  return Math.max(0, Math.min(memberPoints.balance || 0, Math.floor((base * redeemShare) / 100 / perPoint)));
}

function showRedeemHint() {
  const hint = $("redeem-points-hint");
  if (!member || !memberPoints) {
    hint.textContent = member ? "" : strings.membersOnly;
    return;
  }
  hint.textContent = fill(strings.redeemHint, { balance: count(memberPoints.balance), max: count(maxRedeem(lastQuote) || 0), percent: redeemShare });
}

function showQuote(quote) {
  lastQuote = quote;
  $("preview-subtotal").textContent = moneyExact(quote ? quote.subtotal_fen : 0);
  $("preview-discount-label").textContent = quote && quote.discount_percent ? fill(strings.discountPercent, { percent: quote.discount_percent }) : strings.discount;
  $("preview-discount").textContent = quote && quote.discount_fen ? `−${moneyExact(quote.discount_fen)}` : moneyExact(0);
  const coupon = quote && quote.coupon;
  $("preview-coupon-row").hidden = !coupon;
  if (coupon) [$("preview-coupon-label").textContent, $("preview-coupon").textContent] = couponTotalsRow(coupon);
  $("preview-redeem-label").textContent = quote && quote.redeem_points ? fill(strings.pointsUsed, { points: count(quote.redeem_points) }) : strings.pointsUsedPlain;
  $("preview-redeem").textContent = quote && quote.redeem_fen ? `−${moneyExact(quote.redeem_fen)}` : moneyExact(0);
  $("preview-total").textContent = moneyExact(quote ? quote.total_fen : 0);
  showPayment();
  $("preview-points").textContent = member ? fill(strings.earns, { points: count(quote ? quote.points : 0) }) : strings.earnsNone;
  const rules = $("preview-rules");
  rules.textContent = "";
  for (const rule of (member && quote && quote.rules) || []) {
    const chip = element("li", "ledger__rule");
    chip.append(element("span", "", ruleLabel(rule)), " ", element("strong", "", signed(rule.points)));
    rules.append(chip);
  }
  showRedeemHint();
}

function schedulePreview(delay = DEBOUNCE_MS) {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, delay);
}

async function preview() {
  const { body } = saleBody(false);
  const seq = ++previewSeq;
  if (!body) {
    showQuote(null);
    return;
  }
  const answer = await api("/api/staff/purchases/preview", { method: "POST", body });
  if (seq !== previewSeq) return; // a newer change is on its way
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) {
    showMessage("error", answer.data.message, form);
    return;
  }
  hideMessage(form);
  if (answer.data.member_points) memberPoints = answer.data.member_points;
  if (member) showCustomer();
  showQuote(answer.data);
  $("preview-busy").textContent = fill(strings.previewing, { total: moneyExact(answer.data.total_fen) });
}

// ---- recording ----------------------------------------------------------------------------
// A retry of the same sale sends the same Idempotency-Key.
const sale = saleSender({ form, path: "/api/staff/purchases", button: $("record-sale"), busy: strings.recording, payable: showPayment, reloadWallet });

async function record() {
  if (!$("receipt").hidden) return;
  clearErrors(form);
  const { body, problem } = saleBody(true);
  if (!body) {
    if (problem === lineRows()[0].querySelector(".line-price") && !problem.getAttribute("aria-invalid")) fieldError(problem, strings.noLines);
    showMessage("error", strings.noLines, form);
    problem.focus();
    return;
  }
  const sold = await sale.send(body);
  if (sold) showReceipt(sold);
}

/** After the API's balance_too_low: the balance again, and whether it pays now. */
async function reloadWallet() {
  wallet = (await loadWallet(member.id)) || wallet;
  showCustomer();
  return showPayment();
}

function showTotals(sold) {
  const totals = $("receipt-totals");
  totals.textContent = "";
  totalsRow(totals, strings.subtotal, moneyExact(sold.subtotal_fen));
  if (sold.discount_fen) totalsRow(totals, strings.discount, `−${moneyExact(sold.discount_fen)}`);
  if (sold.coupon) totalsRow(totals, ...couponTotalsRow(sold.coupon));
  if (sold.redeemed_fen) totalsRow(totals, fill(strings.redeemed, { points: count(sold.redeemed_points) }), `−${moneyExact(sold.redeemed_fen)}`);
  totalsRow(totals, strings.total, moneyExact(sold.total_fen), "totals__total");
  if (sold.refunded_fen) totalsRow(totals, strings.refunded, `−${moneyExact(sold.refunded_fen)}`);
}

const methodName = (method) => (method === "stored-value" ? strings.storedValue : words.paymentMethods[method] || method);

/** What a sale paid from stored value drew from it (its movement), and the balance now. */
async function showReceiptWallet(sold) {
  const line = $("receipt-wallet");
  line.hidden = true;
  if (sold.payment_method !== "stored-value" || !sold.member_id) return;
  wallet = await loadWallet(sold.member_id);
  const paid = wallet && (wallet.movements || []).find((moved) => moved.purchase_id === sold.id && moved.kind === "pay");
  if (!paid || receipt !== sold) return;
  line.textContent = fill(strings.receiptWallet, {
    principal: moneyExact(-paid.principal_fen),
    bonus: moneyExact(-paid.bonus_fen),
    balance: moneyExact(wallet.balance_fen),
  });
  line.hidden = false;
}

function showReceipt(sold) {
  receipt = sold;
  const method = methodName(sold.payment_method);
  $("receipt-meta").textContent = fill(strings.soldAt, { date: formatDateTime(sold.sold_at), method });
  const body = $("receipt-lines");
  body.textContent = "";
  for (const line of sold.lines || []) {
    const row = element("tr");
    const what = element("td");
    what.append(element("span", "", line.name), element("span", "receipt__category", ` · ${words.categories[line.category] || line.category}`));
    row.append(what, element("td", "", String(line.quantity)), element("td", "", moneyExact(line.quantity * line.unit_fen)));
    body.append(row);
  }
  showTotals(sold);
  const handOver = sold.coupon && isHandedOver(sold.coupon.kind);
  $("receipt-hand-over").hidden = !handOver;
  $("receipt-hand-over").textContent = handOver ? fill(strings.handOverNow, { name: localName(sold.coupon) }) : "";
  const isMember = Boolean(sold.member_id);
  $("receipt-member").hidden = !isMember;
  if (isMember) {
    $("receipt-earned").textContent = fill(strings.earned, { points: signed(sold.points_earned || 0) });
    $("receipt-balance").textContent = typeof sold.balance === "number" ? fill(strings.newBalance, { points: count(sold.balance), tier: tierName(sold.tier) }) : "";
    $("tier-up").hidden = !sold.tier_changed;
    $("tier-up").textContent = sold.tier_changed ? fill(strings.tierUp, { tier: tierName(sold.tier) }) : "";
  }
  form.hidden = true;
  clearErrors(refundForm);
  refundForm.reset();
  refundAttempt = null;
  $("receipt").hidden = false;
  $("receipt").focus();
  showReceiptWallet(sold);
}

function newSale() {
  dropCoupon();
  receipt = null;
  sale.forget();
  saleItems.reset();
  redeem.value = "0";
  $("sale-note").value = "";
  $("payment-method").selectedIndex = 0;
  clearErrors(form);
  $("receipt").hidden = true;
  form.hidden = false;
  choose(null);
  search.value = "";
  search.focus();
}

// ---- refunds ------------------------------------------------------------------------------
async function refund(event) {
  event.preventDefault();
  clearErrors(refundForm);
  const amountField = $("refund-amount");
  const reasonField = $("refund-reason");
  const amount = yuanText(amountField.value);
  const reason = reasonField.value.trim();
  if (!amount || fenOf(amount) <= 0) fieldError(amountField, strings.priceInvalid);
  if (!reason) fieldError(reasonField, strings.reasonMissing);
  if (!amount || fenOf(amount) <= 0 || !reason) {
    (!amount || fenOf(amount) <= 0 ? amountField : reasonField).focus();
    return;
  }
  const body = { amount, reason };
  refundAttempt = attemptFor(refundAttempt, { ...body, purchase: receipt.id });
  const restore = setBusy($("refund"), strings.refunding);
  const answer = await api(`/api/staff/purchases/${encodeURIComponent(receipt.id)}/refunds`, {
    method: "POST",
    body,
    headers: { "Idempotency-Key": refundAttempt.key },
  });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) return showProblems(refundForm, answer.data);
  refundAttempt = null;
  if (answer.data.purchase) {
    receipt = { ...receipt, ...answer.data.purchase };
    showTotals(receipt);
  }
  refundForm.reset();
  const done = receipt.payment_method === "stored-value" ? strings.refundToWallet : strings.refundDone;
  showMessage("success", fill(done, { amount: moneyExact(fenOf(amount)), points: count(answer.data.points_taken || 0) }), refundForm);
}

// ---- keyboard -----------------------------------------------------------------------------
function onFormKey(event) {
  if (event.key !== "Enter" || event.target.closest("#topup")) return; // the top-up has its own keys
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault();
    record();
    return;
  }
  const target = event.target;
  if (target === search || target.closest("#topup") || target.tagName === "TEXTAREA" || target.tagName === "BUTTON") return;
  if (target.tagName !== "INPUT") return;
  event.preventDefault(); // Enter alone never records the sale by accident
  if (saleItems.isLastPrice(target)) saleItems.add();
}

/** F2: the member search (with a member chosen, the button that changes them); on a receipt, the
 * next sale's search. Nothing while the page loads. */
function toMemberSearch() {
  if (!$("receipt").hidden) newSale();
  else if (!form.hidden) (member ? $("change-customer") : search).focus();
}

async function loadRules() {
  const answer = await api("/api/staff/rules");
  if (answer.ok && typeof answer.data.redeem_share_percent === "number") redeemShare = answer.data.redeem_share_percent;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  record();
});
form.addEventListener("keydown", onFormKey);
// The search and the coupon field change the sale only once a member or a coupon is chosen; the
// top-up is not part of the sale.
const notTheSale = (target) => target === search || target.id === "coupon-code" || Boolean(target.closest("#topup"));
form.addEventListener("input", (event) => {
  if (notTheSale(event.target)) return;
  schedulePreview();
});
form.addEventListener("change", (event) => {
  if (notTheSale(event.target)) return;
  schedulePreview();
});
forgiveOnEdit(form);
forgiveOnEdit(refundForm);
$("add-line").addEventListener("click", () => saleItems.add());
$("walk-in").addEventListener("click", () => {
  choose(null);
  focusTheSale();
});
$("change-customer").addEventListener("click", () => {
  choose(null);
  search.focus();
});
$("new-sale").addEventListener("click", newSale);
refundForm.addEventListener("submit", refund);
document.addEventListener("keydown", (event) => {
  if (event.key === "F2" && !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey) {
    event.preventDefault();
    toMemberSearch();
  } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !form.hidden && !form.contains(event.target)) {
    event.preventDefault();
    record();
  }
});
search.setAttribute("aria-keyshortcuts", "F2");
$("record-sale").setAttribute("aria-keyshortcuts", "Control+Enter");

startCouponPart({ member: () => member, choose, changed: () => schedulePreview(0) });
const topUp = startTopUp({
  member: () => member,
  wallet: () => wallet,
  onToppedUp: (fresh) => {
    wallet = fresh;
    showCustomer();
    schedulePreview(0); // an offer may have brought a tier, and its discount
  },
});

async function start() {
  const staff = await staffSession();
  if (!staff) return;
  const offers = staff.role === "manager" ? topUp.loadOffers() : null;
  await Promise.all([memberFromAddress().then(refreshWallet), loadRules(), offers]);
  stopLoading();
  saleItems.renumber();
  form.hidden = false;
  $("counter-keys").hidden = false;
  topUp.reset();
  showCustomer();
  showQuote(null);
  if (member) {
    focusTheSale();
    schedulePreview(0);
  } else {
    search.focus();
  }
}

start();
