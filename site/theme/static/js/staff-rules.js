// The points rules (GET /api/staff/rules; managers save them with PUT): earning, expiry, points as
// money off, tiers and bonus events. Staff see them read-only. Money is typed in yuan and sent in
// fen; what the page does not show is sent back as it came, so a rule added to the API later is
// never lost by saving here. Loading, saving and the read-only view are staff-settings.js's.
import { api } from "./api.js";
import { fieldError } from "./form.js";
import { fenOf, typedNumber, yuanOf, yuanText } from "./money.js";
import { readEvents, showEvents, startEvents } from "./staff-rules-events.js";
import { startSettings } from "./staff-settings.js";
import { strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("rules-form");
const TIERS = ["regular", "silver", "gold"];
// Simple numbers: the control and whether it takes whole numbers only.
const NUMBERS = {
  points_per_yuan: ["rules-points-per-yuan", true],
  birthday_month_multiplier: ["rules-birthday", false],
  first_purchase_bonus: ["rules-first-purchase", true],
  referral_bonus: ["rules-referral", true],
  fen_per_point: ["rules-fen-per-point", true],
  redeem_share_percent: ["rules-redeem-share", true],
};

let rules = null; // as the API last answered
let storesKnown = []; // for the events' store choices

const tierPart = (key, part) => $(`tier-${key}-${part}`);
const shown = (value) => (value === null || value === undefined ? "" : String(value));

function showRules(loaded) {
  rules = loaded;
  for (const [name, [id]] of Object.entries(NUMBERS)) $(id).value = shown(loaded[name]);
  for (const input of form.querySelectorAll("[data-category]")) {
    input.value = shown((loaded.category_multipliers || {})[input.dataset.category]);
  }
  for (const radio of form.querySelectorAll('input[name="expiry"]')) radio.checked = radio.value === loaded.expiry;
  $("rules-yearly-review").checked = Boolean(loaded.yearly_review);
  for (const key of TIERS) {
    const tier = (loaded.tiers || []).find((t) => t.key === key) || {};
    tierPart(key, "name-zh").value = tier.name_zh || "";
    tierPart(key, "name-en").value = tier.name_en || "";
    tierPart(key, "spend").value = key === "regular" ? "0" : yuanOf(tier.spend_fen || 0);
    tierPart(key, "discount").value = shown(tier.discount_percent);
    tierPart(key, "multiplier").value = shown(tier.points_multiplier);
  }
}

/** Read a number field; marks it and adds it to `problems` when it is not a number. */
function numberFrom(input, whole, problems) {
  const value = typedNumber(input.value, { whole });
  if (value === null) {
    fieldError(input, whole ? strings.wholeInvalid : strings.numberInvalid);
    problems.push(input);
  }
  return value;
}

function readCategories(problems) {
  // Categories the page does not show (delivery) keep what they had.
  const multipliers = { ...(rules.category_multipliers || {}) };
  for (const input of form.querySelectorAll("[data-category]")) {
    const category = input.dataset.category;
    delete multipliers[category];
    if (!input.value.trim()) continue;
    const value = numberFrom(input, false, problems);
    if (value !== null && value !== 1) multipliers[category] = value;
  }
  return multipliers;
}

function readTier(key, problems) {
  const before = (rules.tiers || []).find((t) => t.key === key) || {};
  const spendInput = tierPart(key, "spend");
  const spend = key === "regular" ? "0.00" : yuanText(spendInput.value);
  if (spend === null) {
    fieldError(spendInput, strings.yuanInvalid);
    problems.push(spendInput);
  }
  return {
    ...before,
    key,
    name_zh: tierPart(key, "name-zh").value.trim(),
    name_en: tierPart(key, "name-en").value.trim(),
    spend_fen: spend === null ? null : fenOf(spend),
    discount_percent: numberFrom(tierPart(key, "discount"), true, problems),
    points_multiplier: numberFrom(tierPart(key, "multiplier"), false, problems),
  };
}

/** The rules as the API takes them, or {problem} with the fields to fix marked. */
function readRules() {
  const problems = [];
  const body = { ...rules };
  for (const [name, [id, whole]] of Object.entries(NUMBERS)) body[name] = numberFrom($(id), whole, problems);
  body.category_multipliers = readCategories(problems);
  body.expiry = form.querySelector('input[name="expiry"]:checked')?.value || rules.expiry;
  body.yearly_review = $("rules-yearly-review").checked;
  body.tiers = TIERS.map((key) => readTier(key, problems));
  const events = readEvents();
  if (events.problem) problems.push(events.problem);
  body.events = events.events;
  return problems.length ? { problem: problems[0] } : { body };
}

startSettings({
  name: "rules",
  path: "/api/staff/rules",
  show: (loaded) => {
    showRules(loaded);
    showEvents(loaded.events, storesKnown);
  },
  read: readRules,
  prepare: async (manager) => {
    startEvents({ canEdit: manager });
    const stores = await api("/api/staff/stores");
    storesKnown = stores.ok ? stores.data.stores || [] : [];
  },
});
