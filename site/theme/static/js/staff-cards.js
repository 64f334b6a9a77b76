// Selling a flower card (/staff/cards/): the member (found as at the counter, with
// staff-member-search.js; ?member=<id> from their card starts with them), the card (a bouquet
// from GET /api/catalog, how many, how often; a family card 亲情花卡 is delivered to someone
// else), where and when (a store, pickup or delivery, a time window from the booking rules, the
// first day from tomorrow to 90 days ahead), the recipient's address for a delivery, and the
// price and payment. The price to pay is POST /api/staff/purchases/preview's, for the card's one
// sale line (the member discount applies, points once), so stored value is refused here when it
// cannot cover it. POST /api/staff/subscriptions sells it, with an Idempotency-Key made once per
// attempt and sent again with the same request, so a retry never sells the card twice.
// The flower cards on sale (GET /api/staff/wallet-rules' card_plans) are quick choices that fill
// the bouquet, count, how often and price, all still editable.
// Keyboard: Enter never sells by accident; Ctrl+Enter sells.
import { api, pageUrl } from "./api.js";
import { element, totalsRow } from "./booking-text.js";
import { checkStoredValue, loadWallet, walletText } from "./counter-wallet.js";
import { formatDay } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, hideMessage, showMessage } from "./form.js";
import { count, fenOf, moneyExact, signed, yuanOf, yuanText } from "./money.js";
import { pageMessage, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { keepInAddress, memberSearch } from "./staff-member-search.js";
import { saleSender } from "./staff-sale-lines.js";
import { fill, localName, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("card-form");
const search = $("cards-q");
const ADDRESS_PARTS = ["province", "city", "district", "street", "building_room"];
const MAX_COUNT = 52;
const DAYS_AHEAD = 90;
const CARD_LIMIT = 80;
const DEBOUNCE_MS = 250;

let member = null; // {id, name, salutation}
let wallet = null; // the member's stored value, as last loaded
let items = []; // CatalogItem, active
let bookingRules = null; // for the windows of each store
let priceTyped = false; // once the clerk types a price, the list price no longer replaces it
let quote = null; // the preview of the card's sale
let previewSeq = 0;
let previewTimer = null;
let plans = []; // the flower cards on sale whose bouquet is in the catalog

const kind = () => form.querySelector('input[name="kind"]:checked').value;
const mode = () => form.querySelector('input[name="mode"]:checked').value;
const chosenItem = () => items.find((item) => item.id === $("card-item").value) || null;

// ---- days, in the shop's time zone --------------------------------------------------------
function shopToday() {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: strings.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  return parts.slice(0, 10);
}

function addDays(iso, days) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The day of the n-th bouquet (0 first), as shop/subscriptions.py's period_day counts them. */
function periodDay(start, cadence, n) {
  if (cadence !== "monthly") return addDays(start, n * (cadence === "weekly" ? 7 : 14));
  const [year, month, day] = start.split("-").map(Number);
  const last = new Date(Date.UTC(year, month + n, 0)).getUTCDate(); // the month's last day
  return new Date(Date.UTC(year, month - 1 + n, Math.min(day, last))).toISOString().slice(0, 10);
}

// ---- the member ---------------------------------------------------------------------------
function showMember() {
  const who = $("customer-chosen");
  who.textContent = "";
  if (member) {
    who.append(element("strong", "", fill(strings.chosenMember, { name: member.name })));
    if (member.salutation) who.append(" ", element("span", "member-card__salutation", member.salutation));
    if (wallet) who.append(element("span", "counter-customer__points", walletText(wallet)));
  } else {
    who.append(element("span", "", strings.noMember));
  }
  $("change-customer").hidden = !member;
  $("customer-search").hidden = Boolean(member);
  showPayment();
}

async function choose(chosen) {
  member = chosen;
  wallet = null;
  cardSale.forget();
  finder.clear();
  keepInAddress(member);
  showMember();
  schedulePreview(0);
  if (!member) return;
  const loaded = await loadWallet(member.id);
  if (member !== chosen) return; // another member was chosen meanwhile
  wallet = loaded;
  showMember();
}

const finder = memberSearch({
  name: "cards",
  onPick: (found) => {
    choose({ id: found.id, name: found.name, salutation: found.salutation });
    $("card-item").focus();
  },
  ctrlEnterElsewhere: true,
});

/** ?member=<id> (from a member's card): that member, by their card. */
async function memberFromAddress() {
  const id = new URLSearchParams(window.location.search).get("member");
  if (!id) return;
  const answer = await api(`/api/staff/members/${encodeURIComponent(id)}`);
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) return pageMessage("error", answer.status === 404 ? strings.loadMemberFailed : answer.data.message);
  const card = answer.data;
  await choose({ id: card.id, name: card.name, salutation: card.salutation });
}

// ---- what can be chosen -------------------------------------------------------------------
function options(select, choices, chosen) {
  select.textContent = "";
  for (const [value, text] of choices) {
    const option = element("option", "", text);
    option.value = value;
    option.defaultSelected = value === chosen;
    select.append(option);
  }
  if (choices.some(([value]) => value === chosen)) select.value = chosen;
}

function showItems() {
  const delivered = mode() === "delivery";
  const choices = items.map((item) => [item.id, `${delivered && !item.deliverable ? fill(strings.pickupOnly, { name: item.name }) : item.name} · ${moneyExact(item.price_fen)}`]);
  options($("card-item"), choices, $("card-item").value);
}

function showWindows() {
  const store = $("card-store").value;
  const own = bookingRules && bookingRules.stores && bookingRules.stores[store];
  const windows = (own && own.windows) || (bookingRules && bookingRules.windows) || [];
  options($("card-window"), windows.map((window) => [window, window]), $("card-window").value);
  $("card-window-error").hidden = windows.length > 0;
  $("card-window-error").textContent = windows.length ? "" : strings.noWindows;
}

/** A family card is always delivered; a delivery needs its recipient. */
function showWay() {
  const family = kind() === "family";
  if (family) $("mode-delivery").checked = true;
  $("mode-pickup").disabled = family;
  $("card-mode-hint").textContent = family ? strings.familyIsDelivered : "";
  $("step-recipient").hidden = mode() !== "delivery";
  showItems();
}

function showDates() {
  const start = $("card-starts").value;
  const number = readCount();
  const cadence = $("card-cadence").value;
  $("card-dates").textContent =
    start && number ? fill(strings.lastBouquet, { count: number, cadence: strings.cadences[cadence], date: formatDay(periodDay(start, cadence, number - 1)) }) : "";
}

// ---- the flower cards on sale -------------------------------------------------------------
function showPlans() {
  const list = $("card-plan-list");
  list.textContent = "";
  plans.forEach((plan, index) => {
    const button = element("button", "plan-choice");
    button.type = "button";
    button.dataset.plan = String(index);
    const price = moneyExact(plan.price_fen);
    button.append(
      element("strong", "plan-choice__name", localName(plan)),
      element("span", "plan-choice__what", fill(strings.planChoice, { count: plan.count, cadence: strings.cadences[plan.cadence], price })),
    );
    list.append(button);
  });
  $("card-plans").hidden = !plans.length;
  markPlan();
}

/** The card on sale the form matches now, if any, is shown pressed. */
function markPlan() {
  const price = yuanText($("card-price").value);
  for (const button of $("card-plan-list").querySelectorAll("[data-plan]")) {
    const plan = plans[Number(button.dataset.plan)];
    const same =
      plan.item_id === $("card-item").value &&
      plan.count === readCount() &&
      plan.cadence === $("card-cadence").value &&
      Boolean(price) &&
      fenOf(price) === plan.price_fen;
    button.setAttribute("aria-pressed", String(same));
  }
}

function choosePlan(plan) {
  $("card-item").value = plan.item_id;
  $("card-count").value = String(plan.count);
  $("card-cadence").value = plan.cadence;
  $("card-price").value = yuanOf(plan.price_fen);
  priceTyped = true; // the card's own price, not the bouquets' list price
  clearErrors(form);
  showListPrice();
  showDates();
  showSummary();
  markPlan();
  $("card-plan-status").textContent = fill(strings.planChosen, { name: localName(plan) });
  schedulePreview(0);
}

// ---- the price ----------------------------------------------------------------------------
function readCount() {
  const typed = $("card-count").value.trim();
  const number = /^\d{1,2}$/.test(typed) ? Number(typed) : 0;
  return number >= 1 && number <= MAX_COUNT ? number : null;
}

/** The list price of the bouquets, which is the card's price until the clerk types another. */
function showListPrice() {
  const item = chosenItem();
  const number = readCount();
  const line = $("card-list-price");
  if (!item || !number) {
    line.textContent = "";
    return;
  }
  const total = item.price_fen * number;
  line.textContent = fill(strings.listPrice, { each: moneyExact(item.price_fen), count: number, total: moneyExact(total) });
  if (!priceTyped) $("card-price").value = yuanOf(total);
}

function showQuote() {
  const list = $("card-totals");
  list.textContent = "";
  if (quote) {
    totalsRow(list, strings.subtotal, moneyExact(quote.subtotal_fen));
    if (quote.discount_fen) totalsRow(list, fill(strings.discount, { percent: quote.discount_percent }), `−${moneyExact(quote.discount_fen)}`);
    totalsRow(list, strings.total, moneyExact(quote.total_fen), "totals__total");
  }
  showSummary();
  showPayment();
}

function showSummary() {
  const item = chosenItem();
  const number = readCount();
  const start = $("card-starts").value;
  const parts = [];
  if (item && number && start) {
    const cadence = strings.cadences[$("card-cadence").value];
    parts.push(fill(strings.summary, { kind: strings.cardKinds[kind()], item: item.name, count: number, cadence, date: formatDay(start) }));
  }
  if (quote) parts.push(`${strings.total} ${moneyExact(quote.total_fen)}`, fill(strings.earns, { points: count(quote.points || 0) }));
  $("card-summary").textContent = parts.join(" · ");
}

/** Whether the card can be paid as chosen (stored value: only when it covers the total). */
function showPayment() {
  return checkStoredValue({
    select: $("payment-method"),
    hint: $("payment-method-hint"),
    member,
    wallet,
    totalFen: quote ? quote.total_fen : null,
  });
}

function saleLine() {
  const item = chosenItem();
  const price = yuanText($("card-price").value);
  if (!item || !price) return null;
  return { category: item.kind, name: `${item.name} ×${readCount() || 1}`, quantity: 1, unit_price: price };
}

function schedulePreview(delay = DEBOUNCE_MS) {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, delay);
}

async function preview() {
  const seq = ++previewSeq;
  const line = saleLine();
  if (!member || !line) {
    quote = null;
    return showQuote();
  }
  const body = { member_id: member.id, lines: [line], payment_method: $("payment-method").value };
  const answer = await api("/api/staff/purchases/preview", { method: "POST", body });
  if (seq !== previewSeq) return; // a newer change is on its way
  if (answer.status === 401) return toStaffSignIn();
  quote = answer.ok ? answer.data : null;
  showQuote();
}

// ---- reading the card ---------------------------------------------------------------------
function need(ok, control, text, problems) {
  if (ok) return;
  fieldError(control, text);
  problems.push(control);
}

function readRecipient(problems) {
  const recipient = { name: $("recipient-name").value.trim(), phone: $("recipient-phone").value.replace(/\s/g, ""), address: {} };
  need(recipient.name, $("recipient-name"), strings.nameMissing, problems);
  need(recipient.phone, $("recipient-phone"), strings.phoneMissing, problems);
  for (const part of ADDRESS_PARTS) {
    const input = $(`address-${part.replace("_", "-")}`);
    recipient.address[part] = input.value.trim();
    need(recipient.address[part], input, strings.addressMissing, problems);
  }
  return recipient;
}

/** The card as POST /api/staff/subscriptions takes it, or {problem} with the fields to fix marked. */
function readCard() {
  const problems = [];
  need(member, search, strings.chooseMember, problems);
  const item = chosenItem();
  need(item, $("card-item"), strings.noItems, problems);
  need(!item || mode() !== "delivery" || item.deliverable, $("card-item"), strings.notDeliverable, problems);
  const number = readCount();
  need(number, $("card-count"), strings.countInvalid, problems);
  need($("card-window").value, $("card-window"), strings.noWindows, problems);
  const start = $("card-starts").value;
  const last = addDays(shopToday(), DAYS_AHEAD);
  need(start && start > shopToday() && start <= last, $("card-starts"), fill(strings.startInvalid, { last: formatDay(last) }), problems);
  const message = $("card-message").value.trim();
  need([...message].length <= CARD_LIMIT, $("card-message"), strings.tooLong, problems);
  const price = yuanText($("card-price").value);
  need(price, $("card-price"), strings.priceInvalid, problems);
  const body = {
    member_id: member && member.id,
    item_id: item && item.id,
    count: number,
    cadence: $("card-cadence").value,
    store: $("card-store").value,
    window: $("card-window").value,
    mode: mode(),
    starts_on: start,
    family: kind() === "family",
    price,
    payment_method: $("payment-method").value,
  };
  if (mode() === "delivery") body.recipient = readRecipient(problems);
  if (message) body.card_message = message;
  return problems.length ? { problem: problems[0] } : { body };
}

// ---- selling ------------------------------------------------------------------------------
const cardSale = saleSender({ form, path: "/api/staff/subscriptions", button: $("sell-card"), busy: strings.selling, payable: showPayment, reloadWallet });

async function sell() {
  if (form.hidden) return;
  clearErrors(form);
  const { body, problem } = readCard();
  if (problem) {
    showMessage("error", strings.checkFields, form);
    problem.focus();
    return;
  }
  const sold = await cardSale.send(body);
  if (sold) showSold(sold, body);
}

/** After the API's balance_too_low: the balance again, and whether it pays now. */
async function reloadWallet() {
  wallet = (await loadWallet(member.id)) || wallet;
  showMember();
  return showPayment();
}

function detailRow(list, title, value) {
  if (!value) return;
  const row = element("div");
  row.append(element("dt", "", title), element("dd", "", value));
  list.append(row);
}

async function showSold({ subscription, receipt }, body) {
  const item = chosenItem();
  const plan = subscription || {};
  const method = body.payment_method === "stored-value" ? strings.storedValue : strings.pointWords.paymentMethods[body.payment_method];
  $("sold-text").textContent = fill(strings.soldText, {
    member: member.name,
    kind: strings.cardKinds[body.family ? "family" : "card"],
    item: item ? item.name : body.item_id,
    count: body.count,
  });
  const list = $("sold-details");
  list.textContent = "";
  detailRow(list, strings.detailWhen, `${body.count} · ${strings.cadences[body.cadence]}`);
  detailRow(list, strings.detailFirst, formatDay(plan.next_on || body.starts_on));
  const store = $("card-store").selectedOptions[0]?.textContent || body.store;
  detailRow(list, strings.detailWhere, fill(strings.whereText, { mode: strings.modes[body.mode], store, window: body.window }));
  if (body.recipient) detailRow(list, strings.detailFor, `${body.recipient.name} · ${Object.values(body.recipient.address).join(" ")}`);
  detailRow(list, strings.detailPaid, fill(strings.paidText, { total: moneyExact(receipt.total_fen), method }));
  $("sold-points").textContent = fill(strings.pointsEarned, { points: signed(receipt.points_earned || 0) });
  $("sold-member").href = pageUrl(`staff/member/?id=${encodeURIComponent(member.id)}`);
  form.hidden = true;
  $("sold").hidden = false;
  $("sold").focus();
  window.scrollTo(0, 0);
  if (body.payment_method === "stored-value") {
    wallet = await loadWallet(member.id);
    if (wallet) detailRow(list, strings.detailWallet, walletText(wallet));
  }
}

function sellAnother() {
  form.reset();
  priceTyped = false;
  quote = null;
  cardSale.forget();
  clearErrors(form);
  hideMessage(form);
  $("card-starts").value = addDays(shopToday(), 1);
  $("sold").hidden = true;
  form.hidden = false;
  showWay();
  showWindows();
  showListPrice();
  markPlan();
  choose(null);
  search.value = "";
  search.focus();
}

// ---- wiring -------------------------------------------------------------------------------
function onChange(event) {
  const target = event.target;
  if (target === search) return;
  if (target.name === "kind" || target.name === "mode") showWay();
  if (target.id === "card-store") showWindows();
  if (target.id === "card-price") priceTyped = Boolean(target.value.trim());
  else showListPrice();
  showDates();
  showSummary();
  showPayment();
  markPlan();
  schedulePreview();
}

function onKey(event) {
  if (event.key !== "Enter") return;
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault();
    sell();
    return;
  }
  const target = event.target;
  if (target === search || target.tagName === "TEXTAREA" || target.tagName === "BUTTON") return;
  if (target.tagName === "INPUT") event.preventDefault(); // Enter alone never sells the card by accident
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  sell();
});
form.addEventListener("keydown", onKey);
form.addEventListener("input", onChange);
form.addEventListener("change", onChange);
forgiveOnEdit(form);
$("change-customer").addEventListener("click", () => {
  choose(null);
  search.focus();
});
$("sell-another").addEventListener("click", sellAnother);
$("card-plan-list").addEventListener("click", (event) => {
  const button = event.target.closest("[data-plan]");
  if (button) choosePlan(plans[Number(button.dataset.plan)]);
});

async function start() {
  const staff = await staffSession();
  if (!staff) return;
  const [stores, catalog, rules, walletRules] = await Promise.all([
    api("/api/staff/stores"),
    api("/api/catalog"),
    api("/api/staff/booking-rules"),
    api("/api/staff/wallet-rules"),
  ]);
  const failed = [stores, catalog, rules].find((answer) => !answer.ok);
  if (failed && failed.status === 401) return toStaffSignIn();
  if (failed) {
    stopLoading();
    return pageMessage("error", failed.data.message);
  }
  items = catalog.data.items || [];
  bookingRules = rules.data;
  const onSale = walletRules.ok ? walletRules.data.card_plans || [] : []; // without them, cards are typed
  plans = onSale.filter((plan) => items.some((item) => item.id === plan.item_id));
  const storeList = stores.data.stores || [];
  options($("card-store"), storeList.map((store) => [store.id, store.name]), staff.store ? staff.store.id : null);
  const today = shopToday();
  Object.assign($("card-starts"), { min: addDays(today, 1), max: addDays(today, DAYS_AHEAD), value: addDays(today, 1) });
  await memberFromAddress();
  stopLoading();
  form.hidden = false;
  showWay();
  showWindows();
  showListPrice();
  showDates();
  showPlans();
  showMember();
  if (!items.length) pageMessage("info", strings.noItems);
  if (member) $("card-item").focus();
  else search.focus();
  schedulePreview(0);
}

start();
