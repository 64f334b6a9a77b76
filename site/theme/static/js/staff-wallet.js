// The stored value settings (GET /api/staff/wallet-rules; managers save them with PUT): the most a
// member's balance may hold and up to 10 top-up offers (top up at least this much, get this bonus,
// and perhaps a tier for a year). Money is typed in yuan and sent as yuan; the API answers in fen.
// Staff see it read-only. Loading, saving and the read-only view are staff-settings.js's.
import { fieldError } from "./form.js";
import { fenOf, money, yuanOf, yuanText } from "./money.js";
import { startSettings } from "./staff-settings.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("wallet-form");
const MAX_OFFERS = 10;
const MAX_CAP_FEN = 5_000_000;

let editable = false;
let serial = 0;

const offerRows = () => [...$("offer-rows").querySelectorAll("[data-offer-row]")];
const part = (row, name) => row.querySelector(`[data-part="${name}"]`);

/** A copy of the offer template, its controls given their own ids (and labels, and error lines). */
function offerRow() {
  const row = $("offer-template").content.firstElementChild.cloneNode(true);
  serial += 1;
  for (const control of row.querySelectorAll("[data-part]")) {
    control.id = `offer-${serial}-${control.dataset.part}`;
    row.querySelector(`[data-for="${control.dataset.part}"]`).htmlFor = control.id;
    row.querySelector(`[data-error-of="${control.dataset.part}"]`).id = `${control.id}-error`;
  }
  row.querySelector("[data-offer-summary]").id = `offer-${serial}-summary`;
  for (const control of row.querySelectorAll("input, select")) control.setAttribute("aria-describedby", `offer-${serial}-summary`);
  for (const foot of row.querySelectorAll("[data-edit]")) foot.hidden = !editable;
  return row;
}

/** "Top up ¥1,000, get ¥150 more (15%)": what the offer means, as it is typed. */
function showSummary(row) {
  const pay = yuanText(part(row, "pay").value);
  const bonus = yuanText(part(row, "bonus").value || "0");
  const summary = row.querySelector("[data-offer-summary]");
  if (!pay || !bonus || fenOf(pay) <= 0) {
    summary.textContent = "";
    return;
  }
  const percent = Math.round((fenOf(bonus) * 1000) / fenOf(pay)) / 10;
  const tier = part(row, "tier").value;
  const values = { pay: money(fenOf(pay)), bonus: money(fenOf(bonus)), percent, tier: strings.tiers[tier] || tier };
  summary.textContent = fill(tier ? strings.offerSummaryTier : strings.offerSummary, values);
}

function addOffer(offer, focus) {
  if (offerRows().length >= MAX_OFFERS) return;
  const row = offerRow();
  part(row, "pay").value = offer ? yuanOf(offer.pay_fen) : "";
  part(row, "bonus").value = offer ? yuanOf(offer.bonus_fen) : "";
  part(row, "tier").value = (offer && offer.tier) || "";
  $("offer-rows").append(row);
  showSummary(row);
  renumber();
  if (focus) part(row, "pay").focus();
}

/** The API's field names, the titles and the remove buttons' names follow the order. */
function renumber() {
  offerRows().forEach((row, i) => {
    row.querySelector("[data-offer-title]").textContent = fill(strings.offerNumber, { number: i + 1 });
    for (const control of row.querySelectorAll("[data-part]")) control.dataset.field = `offers.${i}.${control.dataset.part}`;
    part(row, "pay").dataset.field += ` offers.${i}`;
    row.querySelector("[data-remove]").setAttribute("aria-label", fill(strings.removeOffer, { number: i + 1 }));
  });
  $("offers-empty").hidden = offerRows().length > 0;
  $("add-offer").disabled = offerRows().length >= MAX_OFFERS;
}

function showRules(loaded) {
  $("wallet-cap").value = typeof loaded.cap_fen === "number" ? yuanOf(loaded.cap_fen) : "";
  $("offer-rows").textContent = "";
  const offers = [...(loaded.offers || [])].sort((a, b) => a.pay_fen - b.pay_fen);
  for (const offer of offers) addOffer(offer);
  renumber();
}

function need(ok, control, text, problems) {
  if (ok) return;
  fieldError(control, text);
  problems.push(control);
}

function readOffers(problems) {
  const seen = new Set();
  return offerRows().map((row) => {
    const pay = yuanText(part(row, "pay").value);
    const bonus = yuanText(part(row, "bonus").value || "0");
    need(pay, part(row, "pay"), strings.yuanInvalid, problems);
    need(!pay || fenOf(pay) >= 100, part(row, "pay"), strings.payTooSmall, problems);
    need(!pay || !seen.has(pay), part(row, "pay"), strings.samePay, problems);
    need(bonus, part(row, "bonus"), strings.yuanInvalid, problems);
    if (pay) seen.add(pay);
    const offer = { pay, bonus };
    if (part(row, "tier").value) offer.tier = part(row, "tier").value;
    return offer;
  });
}

/** The settings as the API takes them, or {problem} with the fields to fix marked. */
function readRules() {
  const problems = [];
  const cap = yuanText($("wallet-cap").value);
  need(cap, $("wallet-cap"), strings.yuanInvalid, problems);
  need(!cap || fenOf(cap) <= MAX_CAP_FEN, $("wallet-cap"), strings.capTooLarge, problems);
  const offers = readOffers(problems);
  return problems.length ? { problem: problems[0] } : { body: { cap, offers } };
}

function onRemove(event) {
  const button = event.target.closest("[data-remove]");
  if (!button) return;
  const row = button.closest("[data-offer-row]");
  const index = offerRows().indexOf(row);
  row.remove();
  renumber();
  const left = offerRows();
  const next = left[Math.min(index, left.length - 1)];
  (next ? part(next, "pay") : $("add-offer")).focus();
}

form.addEventListener("click", onRemove);
form.addEventListener("input", (event) => {
  const row = event.target.closest("[data-offer-row]");
  if (row) showSummary(row);
});
form.addEventListener("change", (event) => {
  const row = event.target.closest("[data-offer-row]");
  if (row) showSummary(row);
});
$("add-offer").addEventListener("click", () => addOffer(null, true));
startSettings({
  name: "wallet",
  path: "/api/staff/wallet-rules",
  show: showRules,
  read: readRules,
  prepare: (manager) => {
    editable = manager;
  },
});
