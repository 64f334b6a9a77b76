// My wallet: the member's stored value (GET /api/me/wallet): the balance, its principal and bonus,
// the top-up offers to ask for at the counter and every movement; then their flower cards (GET
// /api/me/subscriptions), each with what is left, how often and the next bouquet. The next bouquet
// is skipped after a confirm step, a card paused or resumed, and a delivery card's address changed
// in a small form in place of the page. Nothing is bought here: top-ups and cards are sold at the
// counter. Anyone not signed in goes to the sign-in page.
import { api } from "./api.js";
import { addressText, element, phoneText } from "./booking-text.js";
import { formatDate } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { money } from "./money.js";
import { actionButton, showEditor, showItems, showListView, statusLine } from "./notebook.js";
import { loadPart, retryPart, toSignIn } from "./section.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("address-form");
const words = strings.walletWords;
const ADDRESS_PARTS = ["province", "city", "district", "street", "building_room"];
/** A line above the cards saying what just happened: "success" or "error". */
const status = statusLine("cards-status");

let wallet = null; // GET /api/me/wallet, once loaded
let cards = null; // the flower cards, once loaded
let settled = false; // both asked for once: from then on each part draws itself
let itemNames = {}; // catalog item id -> its name in the page's language
let storeNames = {}; // store id -> its name
let editing = null; // the card whose address the form changes

// ---- money --------------------------------------------------------------------------------
/** An amount with its sign: +¥1,150, −¥115. */
function signedMoney(fen) {
  if (fen > 0) return `+${money(fen)}`;
  if (fen < 0) return `−${money(-fen)}`;
  return money(0);
}

function offerText(offer) {
  const values = { pay: money(offer.pay_fen), bonus: money(offer.bonus_fen), tier: words.tiers[offer.tier] || offer.tier };
  if (offer.tier && offer.bonus_fen) return fill(strings.offerWithTier, values);
  if (offer.tier) return fill(strings.offerTierOnly, values);
  return fill(strings.offer, values);
}

/** The offers, smallest top-up first, in every place the page shows them. */
function showOffers(rules) {
  const offers = (rules.offers || []).filter((offer) => offer.bonus_fen || offer.tier);
  offers.sort((a, b) => a.pay_fen - b.pay_fen);
  for (const part of document.querySelectorAll("[data-offers]")) {
    const list = part.querySelector("ul");
    list.replaceChildren(...offers.map((offer) => element("li", "", offerText(offer))));
    part.hidden = offers.length === 0;
  }
  $("topup-hint").textContent = fill(strings.topUpHint, { cap: money(rules.cap_fen) });
}

function showBalance() {
  $("wallet-balance").textContent = money(wallet.balance_fen);
  $("wallet-principal").textContent = money(wallet.principal_fen);
  $("wallet-bonus").textContent = money(wallet.bonus_fen);
  showOffers(wallet.rules || {});
}

/** How the movement came about: a top-up's payment method, a refund's reason. */
function movementHow(line) {
  if (line.kind === "topup") return words.methods[line.method] || line.method || "";
  if (line.kind === "refund") return line.reason || "";
  return "";
}

function movementParts(line) {
  if (line.kind === "refund") {
    if (!line.bonus_fen) return "";
    return fill(strings.refundParts, { principal: money(-line.principal_fen), bonus: money(-line.bonus_fen) });
  }
  if (!line.bonus_fen || !line.principal_fen) return "";
  return fill(strings.parts, { principal: signedMoney(line.principal_fen), bonus: signedMoney(line.bonus_fen) });
}

function movementLine(line) {
  const item = element("li", `ledger__line wallet-line wallet-line--${line.kind}`);
  const head = element("div", "ledger__head");
  const sign = line.amount_fen < 0 ? "minus" : "plus";
  head.append(element("span", "ledger__kind", words.kinds[line.kind] || line.kind));
  head.append(element("span", `ledger__points ledger__points--${sign}`, signedMoney(line.amount_fen)));
  item.append(head, element("p", "ledger__meta", [formatDate(line.at), movementHow(line)].filter(Boolean).join(" · ")));
  const parts = movementParts(line);
  if (parts) item.append(element("p", "ledger__meta", parts));
  item.append(element("p", "ledger__after", fill(strings.balanceAfter, { amount: money(line.balance_after_fen) })));
  return item;
}

function showMovements() {
  $("movements").replaceChildren(...(wallet.movements || []).map(movementLine));
}

// ---- a flower card's days -----------------------------------------------------------------
const isoOf = (time) => new Date(time).toISOString().slice(0, 10);

/** The day of the card's n-th period (0 first), as the shop counts them (shop.subscriptions). */
function periodDay(card, n) {
  const [year, month, day] = card.starts_on.split("-").map(Number);
  if (card.cadence !== "monthly") return isoOf(Date.UTC(year, month - 1, day + n * (card.cadence === "weekly" ? 7 : 14)));
  const months = month - 1 + n;
  const last = new Date(Date.UTC(year, months + 1, 0)).getUTCDate();
  return isoOf(Date.UTC(year, months, Math.min(day, last)));
}

/** The next bouquet that comes: the card's next period, or the first after it not skipped. */
function nextBouquet(card) {
  if (!card.next_on) return null;
  const skips = new Set(card.skips || []);
  if (!skips.has(card.next_on)) return card.next_on;
  for (let n = 0; n < 1200; n += 1) {
    const day = periodDay(card, n);
    if (day > card.next_on && !skips.has(day)) return day;
  }
  return null;
}

/** "5月18日周六", "Sat 18 May": a bouquet's day, with the year only when it is not this one. */
function dayText(isoDate) {
  const [year, month, day] = isoDate.split("-").map(Number);
  const thisYear = Number(new Intl.DateTimeFormat("en", { year: "numeric", timeZone: strings.timeZone }).format(new Date()));
  const options = { month: "long", day: "numeric", weekday: "short", timeZone: "UTC" };
  if (year !== thisYear) options.year = "numeric";
  return new Intl.DateTimeFormat(strings.dateLocale, options).format(Date.UTC(year, month - 1, day));
}

// ---- the cards ----------------------------------------------------------------------------
const ended = (card) => !card.next_on || card.remaining <= 0;
const cardName = (card) => itemNames[card.item_id] || strings.cardFallback;
const kindText = (card) => words.cardKinds[card.family ? "family" : "card"];

/** Text with its {placeholders} as nodes that do not break inside: "11月28日周六 14:00-16:00 · 送货上门". */
function unbroken(text, values) {
  const node = document.createDocumentFragment();
  for (const part of text.split(/(\{\w+\})/)) {
    const name = /^\{(\w+)\}$/.exec(part);
    node.append(name && name[1] in values ? element("span", "nowrap", values[name[1]]) : part);
  }
  return node;
}

function whenNode(card) {
  if (ended(card)) return strings.endedText;
  if (card.paused) return strings.pausedText;
  const next = nextBouquet(card);
  return unbroken(strings.nextText, { date: next ? dayText(next) : "", window: card.window, mode: words.modes[card.mode] || card.mode });
}

/** Who and where: the name and phone on a line, the address on the next. */
function recipientNode(recipient) {
  const node = document.createDocumentFragment();
  node.append(element("span", "flower-card__line", [recipient.name, phoneText(recipient.phone)].filter(Boolean).join(" · ")));
  node.append(element("span", "flower-card__line", addressText(recipient.address)));
  return node;
}

function cardFacts(card) {
  const facts = [
    [strings.howOften, words.cadences[card.cadence] || card.cadence],
    [strings.nextBouquet, whenNode(card)],
    [strings.store, storeNames[card.store] || card.store],
  ];
  if (card.mode === "delivery" && card.recipient) facts.push([strings.deliverTo, recipientNode(card.recipient)]);
  if (card.card_message) facts.push([strings.card, card.card_message]);
  const skipped = (card.skips || []).filter((day) => !ended(card) && day >= card.next_on).sort();
  if (skipped.length) facts.push([strings.skippedDays, skipped.map(dayText).join(strings.listJoin)]);
  const list = element("dl", "details flower-card__facts");
  for (const [title, value] of facts) {
    const row = element("div", "");
    const text = element("dd", "");
    text.append(value);
    row.append(element("dt", "", title), text);
    list.append(row);
  }
  return list;
}

function cardHead(card) {
  const head = element("div", "flower-card__head");
  head.append(element("h3", "flower-card__name", cardName(card)));
  const badges = element("p", "flower-card__badges");
  badges.append(element("span", `badge flower-card__kind${card.family ? " flower-card__kind--family" : ""}`, kindText(card)));
  if (card.paused && !ended(card)) badges.append(element("span", "badge flower-card__paused", strings.paused));
  head.append(badges);
  return head;
}

function skipBox(card, day) {
  const box = element("div", "reward__confirm flower-card__confirm");
  box.hidden = true;
  const text = element("p", "reward__confirm-text", fill(strings.skipConfirm, { date: dayText(day) }));
  text.id = `skip-text-${card.id}`;
  const actions = element("div", "actions");
  const yes = actionButton("skip-yes", strings.skipYes, strings.skipYes, "primary");
  yes.setAttribute("aria-describedby", text.id);
  actions.append(yes, actionButton("skip-no", strings.skipNo, strings.skipNo));
  box.append(text, actions);
  return box;
}

function cardActions(card) {
  const name = cardName(card);
  const actions = element("div", "actions flower-card__actions");
  const next = card.paused ? null : nextBouquet(card);
  if (next) actions.append(actionButton("skip", strings.skip, fill(strings.skipFor, { name, date: dayText(next) })));
  if (card.paused) actions.append(actionButton("resume", strings.resume, fill(strings.resumeFor, { name }), "primary"));
  else actions.append(actionButton("pause", strings.pause, fill(strings.pauseFor, { name })));
  if (card.mode === "delivery") actions.append(actionButton("address", strings.changeAddress, fill(strings.changeAddressFor, { name })));
  return [actions, next ? skipBox(card, next) : null];
}

function cardItem(card) {
  const states = [card.family && "family", !ended(card) && card.paused && "paused", ended(card) && "ended"].filter(Boolean);
  const item = element("li", ["flower-card", ...states.map((state) => `flower-card--${state}`)].join(" "));
  item.dataset.id = card.id;
  item.append(cardHead(card));
  if (card.family && card.recipient) item.append(element("p", "flower-card__for", fill(strings.familyFor, { name: card.recipient.name })));
  item.append(element("p", "flower-card__left", fill(strings.left, { remaining: card.remaining, count: card.count })));
  item.append(cardFacts(card));
  if (ended(card)) return item;
  const [actions, confirmBox] = cardActions(card);
  item.append(actions);
  if (confirmBox) item.append(confirmBox);
  return item;
}

function showCards() {
  showItems("card-list", "cards-empty", cards, cardItem);
}

function itemOf(card) {
  return $("card-list").querySelector(`[data-id="${CSS.escape(card.id)}"]`);
}

function replaceCard(changed) {
  cards = cards.map((card) => (card.id === changed.id ? changed : card));
  const fresh = cardItem(changed);
  const item = itemOf(changed);
  if (item) item.replaceWith(fresh);
  return fresh;
}

// ---- drawing the page ---------------------------------------------------------------------
/** Nothing at all (no balance, no movement, no card): one note on what the two are, instead. */
function render() {
  if (!settled) return;
  const noMoney = wallet !== null && !wallet.balance_fen && !(wallet.movements || []).length;
  const nothing = noMoney && cards !== null && cards.length === 0;
  $("wallet-empty").hidden = !nothing;
  $("balance-part").hidden = wallet === null || nothing;
  $("movements-part").hidden = wallet === null || nothing || !(wallet.movements || []).length;
  $("cards-part").hidden = cards === null || nothing;
  if (wallet) {
    showBalance();
    showMovements();
  }
  if (cards) showCards();
}

// ---- loading ------------------------------------------------------------------------------
async function loadWallet() {
  await loadPart("wallet", "/api/me/wallet", (data) => {
    wallet = data;
  });
  render();
}

/** The names a card is shown with: its bouquet's and its store's (without them, plain words). */
async function loadNames() {
  const [catalog, stores] = await Promise.all([api("/api/catalog"), api("/api/stores")]);
  if (catalog.ok) itemNames = Object.fromEntries((catalog.data.items || []).map((item) => [item.id, item.name]));
  if (stores.ok) storeNames = Object.fromEntries((stores.data.stores || []).map((store) => [store.id, store.name]));
}

async function loadCards(options) {
  const names = loadNames();
  await loadPart(
    "cards",
    "/api/me/subscriptions",
    (data) => {
      cards = data.subscriptions || [];
    },
    options,
  );
  await names;
  render();
}

async function load() {
  // the wallet's loading line stands for both until they are in
  await Promise.all([loadWallet(), loadCards({ quiet: true })]);
  settled = true;
  render();
  showListView();
}

/** After a refusal (the card ended meanwhile): the cards again, quietly. */
async function reloadCards() {
  const answer = await api("/api/me/subscriptions");
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return;
  cards = answer.data.subscriptions || [];
  showCards();
}

// ---- skipping, pausing --------------------------------------------------------------------
/** POST to the card's `action`; the changed card drawn again, or null when refused (said why). */
async function changeCard(card, action, body, button, busy) {
  const restore = setBusy(button, busy);
  const answer = await api(`/api/me/subscriptions/${encodeURIComponent(card.id)}/${action}`, { method: "POST", body });
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) {
    restore();
    status(answer.data.message, "error");
    if (answer.status === 409) await reloadCards();
    $("cards-status").focus();
    return null;
  }
  return replaceCard(answer.data);
}

/** Keep the keyboard where it was: the new item's button for `action`, else the status line. */
function focusIn(item, action) {
  const button = item && item.querySelector(`[data-action="${action}"]`);
  if (button) button.focus();
  else $("cards-status").focus();
}

async function skipNext(card, button) {
  const day = nextBouquet(card);
  const item = await changeCard(card, "skip", { date: day }, button, strings.skipping);
  if (!item) return;
  const next = nextBouquet(cards.find((each) => each.id === card.id));
  status(next ? fill(strings.skippedNext, { date: dayText(day), next: dayText(next) }) : fill(strings.skipped, { date: dayText(day) }));
  focusIn(item, "skip");
}

async function setPaused(card, paused, button) {
  const item = await changeCard(card, "pause", { paused }, button, paused ? strings.pausing : strings.resuming);
  if (!item) return;
  const next = nextBouquet(cards.find((each) => each.id === card.id));
  status(paused ? strings.pausedSaid : fill(strings.resumedSaid, { date: next ? dayText(next) : "" }));
  focusIn(item, paused ? "resume" : "pause");
}

function toggleSkip(item, open) {
  const box = item.querySelector(".flower-card__confirm");
  const opener = item.querySelector('[data-action="skip"]');
  box.hidden = !open;
  opener.hidden = open;
  if (open) box.querySelector("button").focus();
  else opener.focus();
}

function onListClick(event) {
  const button = event.target.closest("[data-action]");
  if (!button || button.disabled) return;
  const item = button.closest(".flower-card");
  const card = cards.find((each) => each.id === item.dataset.id);
  if (!card) return;
  switch (button.dataset.action) {
    case "skip":
      return toggleSkip(item, true);
    case "skip-no":
      return toggleSkip(item, false);
    case "skip-yes":
      return skipNext(card, button);
    case "pause":
      return setPaused(card, true, button);
    case "resume":
      return setPaused(card, false, button);
    case "address":
      return openAddress(card);
  }
}

// ---- the address --------------------------------------------------------------------------
const addressInput = (part) => $(`address-${part.replace("_", "-")}`);

function openAddress(card) {
  editing = card;
  clearErrors(form);
  form.reset();
  const recipient = card.recipient || {};
  const address = recipient.address || {};
  $("editor-card").textContent = fill(strings.editorCard, { name: cardName(card), kind: kindText(card) });
  $("recipient-name").value = recipient.name || "";
  $("recipient-phone").value = phoneText(recipient.phone);
  for (const part of ADDRESS_PARTS) addressInput(part).value = address[part] || "";
  status("");
  showEditor();
}

function closeEditor() {
  showListView();
  const item = editing && itemOf(editing);
  editing = null;
  focusIn(item, "address");
}

function need(value, control, text, problems) {
  if (value) return;
  fieldError(control, text);
  problems.push(control);
}

/** The new recipient, or null when something must be filled in first (the fields say what). */
function recipientRequest() {
  const problems = [];
  const name = $("recipient-name").value.trim();
  const phone = $("recipient-phone").value.replace(/\s/g, "");
  need(name, $("recipient-name"), strings.nameMissing, problems);
  need(phone, $("recipient-phone"), strings.phoneMissing, problems);
  const address = {};
  for (const part of ADDRESS_PARTS) {
    address[part] = addressInput(part).value.trim();
    need(address[part], addressInput(part), strings.addressMissing, problems);
  }
  if (!problems.length) return { name, phone, address };
  showMessage("error", strings.checkFields, form);
  problems[0].focus();
  return null;
}

async function saveAddress(event) {
  event.preventDefault();
  clearErrors(form);
  const recipient = recipientRequest();
  if (!recipient) return;
  const restore = setBusy($("save-address"), strings.saving);
  const path = `/api/me/subscriptions/${encodeURIComponent(editing.id)}/recipient`;
  const answer = await api(path, { method: "PUT", body: { recipient } });
  restore();
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return showProblems(form, answer.data);
  replaceCard(answer.data);
  editing = null;
  showListView();
  status(fill(strings.addressSaved, { address: addressText(answer.data.recipient.address) }));
  $("cards-status").focus();
}

$("card-list").addEventListener("click", onListClick);
$("cancel-address").addEventListener("click", closeEditor);
$("back-to-list").addEventListener("click", (event) => {
  event.preventDefault();
  closeEditor();
});
form.addEventListener("submit", saveAddress);
forgiveOnEdit(form);
retryPart("wallet", loadWallet);
retryPart("cards", () => loadCards());
load();
