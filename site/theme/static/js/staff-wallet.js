// The stored value settings (GET /api/staff/wallet-rules; managers save them with PUT): the most a
// member's balance may hold and up to 10 top-up offers (top up at least this much, get this bonus,
// and perhaps a tier for a year), and up to 20 flower cards on sale (a name in each language, a
// bouquet from GET /api/catalog, how many, how often, the price), which the sell-a-card page
// offers as quick choices. Money is typed in yuan and sent as yuan; the API answers in fen.
// Staff see it read-only. Loading, saving and the read-only view are staff-settings.js's.
import { api } from "./api.js";
import { element } from "./booking-text.js";
import { fieldError } from "./form.js";
import { fenOf, money, moneyExact, yuanOf, yuanText } from "./money.js";
import { startSettings } from "./staff-settings.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("wallet-form");
const MAX_OFFERS = 10;
const MAX_CAP_FEN = 5_000_000;
const MAX_PLANS = 20;

let editable = false;
let serial = 0;
let items = []; // the catalog's active items, for the flower cards' bouquets

const offerRows = () => [...$("offer-rows").querySelectorAll("[data-offer-row]")];
const part = (row, name) => row.querySelector(`[data-part="${name}"]`);

/** A copy of an offer's or a flower card's template, its controls given their own ids (and labels, and error lines). */
function newRow(kind) {
  const row = $(`${kind}-template`).content.firstElementChild.cloneNode(true);
  serial += 1;
  for (const control of row.querySelectorAll("[data-part]")) {
    control.id = `${kind}-${serial}-${control.dataset.part.replace("_", "-")}`;
    row.querySelector(`[data-for="${control.dataset.part}"]`).htmlFor = control.id;
    row.querySelector(`[data-error-of="${control.dataset.part}"]`).id = `${control.id}-error`;
  }
  row.querySelector(`[data-${kind}-summary]`).id = `${kind}-${serial}-summary`;
  for (const control of row.querySelectorAll("input, select")) control.setAttribute("aria-describedby", `${kind}-${serial}-summary`);
  for (const foot of row.querySelectorAll("[data-edit]")) foot.hidden = !editable;
  return row;
}

const offerRow = () => newRow("offer");

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

// ---- flower cards on sale -----------------------------------------------------------------
const planRows = () => [...$("plan-rows").querySelectorAll("[data-plan-row]")];
const itemOf = (id) => items.find((item) => item.id === id) || null;

function readPlanCount(row) {
  const typed = part(row, "count").value.trim();
  const number = /^\d{1,2}$/.test(typed) ? Number(typed) : 0;
  return number >= 1 && number <= 52 ? number : null;
}

/** "4 × 粉玫瑰花束, every week: ¥599 (list price ¥796)": the card as it is typed. */
function showPlanSummary(row) {
  const item = itemOf(part(row, "item_id").value);
  const number = readPlanCount(row);
  const price = yuanText(part(row, "price").value);
  const summary = row.querySelector("[data-plan-summary]");
  summary.textContent =
    item && number && price
      ? fill(strings.planSummary, {
          count: number,
          item: item.name,
          cadence: strings.cadences[part(row, "cadence").value],
          price: moneyExact(fenOf(price)),
          list: moneyExact(item.price_fen * number),
        })
      : "";
}

function addPlan(plan, focus) {
  if (planRows().length >= MAX_PLANS) return;
  const row = newRow("plan");
  const select = part(row, "item_id");
  const choices = items.map((item) => [item.id, item.name]);
  if (plan && !itemOf(plan.item_id)) choices.push([plan.item_id, fill(strings.planItemGone, { item: plan.item_id })]);
  for (const [value, text] of choices) {
    const option = element("option", "", text);
    option.value = value;
    select.append(option);
  }
  part(row, "name_zh").value = plan ? plan.name_zh : "";
  part(row, "name_en").value = plan ? plan.name_en : "";
  if (plan) select.value = plan.item_id;
  part(row, "count").value = plan ? String(plan.count) : "4";
  part(row, "cadence").value = plan ? plan.cadence : "weekly";
  part(row, "price").value = plan ? yuanOf(plan.price_fen) : "";
  $("plan-rows").append(row);
  showPlanSummary(row);
  renumberPlans();
  if (focus) part(row, "name_zh").focus();
}

function renumberPlans() {
  planRows().forEach((row, i) => {
    row.querySelector("[data-plan-title]").textContent = fill(strings.planNumber, { number: i + 1 });
    for (const control of row.querySelectorAll("[data-part]")) control.dataset.field = `card_plans.${i}.${control.dataset.part}`;
    part(row, "name_zh").dataset.field += ` card_plans.${i}`;
    row.querySelector("[data-remove]").setAttribute("aria-label", fill(strings.removePlan, { number: i + 1 }));
  });
  $("plans-empty").hidden = planRows().length > 0;
  $("add-plan").disabled = planRows().length >= MAX_PLANS;
}

function readPlans(problems) {
  return planRows().map((row) => {
    const nameZh = part(row, "name_zh").value.trim();
    const nameEn = part(row, "name_en").value.trim() || nameZh; // one name serves both when only one is typed
    const number = readPlanCount(row);
    const price = yuanText(part(row, "price").value);
    need(nameZh, part(row, "name_zh"), strings.planNameMissing, problems);
    need(part(row, "item_id").value, part(row, "item_id"), strings.planItemMissing, problems);
    need(number, part(row, "count"), strings.planCountInvalid, problems);
    need(price && fenOf(price) >= 100, part(row, "price"), strings.planPriceInvalid, problems);
    return { name_zh: nameZh, name_en: nameEn, item_id: part(row, "item_id").value, count: number, cadence: part(row, "cadence").value, price };
  });
}

async function loadItems() {
  const answer = await api("/api/catalog");
  if (answer.ok) items = answer.data.items || [];
}

function showRules(loaded) {
  $("wallet-cap").value = typeof loaded.cap_fen === "number" ? yuanOf(loaded.cap_fen) : "";
  $("offer-rows").textContent = "";
  const offers = [...(loaded.offers || [])].sort((a, b) => a.pay_fen - b.pay_fen);
  for (const offer of offers) addOffer(offer);
  renumber();
  $("plan-rows").textContent = "";
  for (const plan of loaded.card_plans || []) addPlan(plan);
  renumberPlans();
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
  const plans = readPlans(problems);
  return problems.length ? { problem: problems[0] } : { body: { cap, offers, card_plans: plans } };
}

function onRemove(event) {
  const button = event.target.closest("[data-remove]");
  if (!button) return;
  const plan = button.closest("[data-plan-row]");
  if (plan) {
    const index = planRows().indexOf(plan);
    plan.remove();
    renumberPlans();
    const left = planRows();
    const next = left[Math.min(index, left.length - 1)];
    (next ? part(next, "name_zh") : $("add-plan")).focus();
    return;
  }
  const row = button.closest("[data-offer-row]");
  const index = offerRows().indexOf(row);
  row.remove();
  renumber();
  const left = offerRows();
  const next = left[Math.min(index, left.length - 1)];
  (next ? part(next, "pay") : $("add-offer")).focus();
}

function onEdit(event) {
  const row = event.target.closest("[data-offer-row]");
  if (row) showSummary(row);
  const plan = event.target.closest("[data-plan-row]");
  if (plan) showPlanSummary(plan);
}

form.addEventListener("click", onRemove);
form.addEventListener("input", onEdit);
form.addEventListener("change", onEdit);
$("add-offer").addEventListener("click", () => addOffer(null, true));
$("add-plan").addEventListener("click", () => addPlan(null, true));
startSettings({
  name: "wallet",
  path: "/api/staff/wallet-rules",
  show: showRules,
  read: readRules,
  prepare: (manager) => {
    editable = manager;
    return loadItems();
  },
});
