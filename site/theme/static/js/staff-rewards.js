// The rewards catalog (GET /api/staff/rewards): what members can exchange points for. Managers add
// one (POST), edit one in the same form, and withdraw it or offer it again (PATCH active), which
// leaves the coupons already given valid. Staff see the list only. The list and the form's add,
// edit and withdraw are staff-offers.js's, as on the booking catalog page.
import { element } from "./booking-text.js";
import { fieldError } from "./form.js";
import { count, money, typedNumber, yuanOf, yuanText } from "./money.js";
import { startOffers } from "./staff-offers.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.pointWords;
const form = $("reward-form");
const WITH_VALUE = ["money-off", "free-delivery"];

function details(reward) {
  const parts = [fill(strings.cost, { points: count(reward.points_cost) })];
  if (reward.kind === "money-off") parts.push(fill(strings.moneyOff, { amount: money(reward.value_fen) }));
  if (reward.kind === "free-delivery") parts.push(fill(strings.deliveryUpTo, { amount: money(reward.value_fen) }));
  parts.push(typeof reward.stock === "number" ? fill(strings.stockLeft, { count: count(reward.stock) }) : strings.unlimited);
  if (typeof reward.per_member_limit === "number") parts.push(fill(strings.perMember, { limit: reward.per_member_limit }));
  parts.push(fill(strings.validDays, { days: reward.valid_days }));
  if (reward.eligible_tiers && reward.eligible_tiers.length) {
    parts.push(fill(strings.onlyFor, { tiers: reward.eligible_tiers.map((key) => words.tiers[key] || key).join(strings.listJoin) }));
  }
  return parts.join(" · ");
}

/** Its row in the list: its kind, the English name, what it costs and the rest. */
function describe(reward) {
  return { badges: [element("span", "badge reward__kind", words.rewardKinds[reward.kind] || reward.kind)], details: [reward.name_en, details(reward)] };
}

// ---- the form ---------------------------------------------------------------------------
function showValueField() {
  const kind = $("reward-kind").value;
  const needed = WITH_VALUE.includes(kind);
  $("reward-value-part").hidden = !needed;
  if (!needed) return;
  $("reward-value-label").textContent = strings.valueLabels[kind];
  $("reward-value-hint").textContent = strings.valueHints[kind];
}

function tierBoxes() {
  return [...form.querySelectorAll('input[name="eligible_tiers"]')];
}

function fillForm(reward) {
  $("reward-name-zh").value = reward.name_zh;
  $("reward-name-en").value = reward.name_en;
  $("reward-kind").value = reward.kind;
  $("reward-value").value = WITH_VALUE.includes(reward.kind) ? yuanOf(reward.value_fen || 0) : "";
  $("reward-cost").value = String(reward.points_cost);
  for (const box of tierBoxes()) box.checked = (reward.eligible_tiers || []).includes(box.value);
  $("reward-stock").value = typeof reward.stock === "number" ? String(reward.stock) : "";
  $("reward-limit").value = typeof reward.per_member_limit === "number" ? String(reward.per_member_limit) : "";
  $("reward-days").value = String(reward.valid_days);
  showValueField();
}

/** An optional whole number: null when empty; undefined (and marked) when not a number. */
function optionalWhole(input, problems) {
  if (!input.value.trim()) return null;
  return requiredWhole(input, problems);
}

function requiredWhole(input, problems) {
  const value = typedNumber(input.value, { whole: true });
  if (value !== null) return value;
  fieldError(input, strings.wholeInvalid);
  problems.push(input);
  return undefined;
}

/** The RewardRequest, or {problem} with the fields to fix marked. */
function readReward() {
  const problems = [];
  const body = {
    name_zh: $("reward-name-zh").value.trim(),
    name_en: $("reward-name-en").value.trim(),
    kind: $("reward-kind").value,
  };
  for (const [field, id] of [["name_zh", "reward-name-zh"], ["name_en", "reward-name-en"]]) {
    if (body[field]) continue;
    fieldError($(id), strings.nameMissing);
    problems.push($(id));
  }
  // A gift, an upgrade or a class is worth no money: "0", which also clears an old value when the kind changes.
  body.value = WITH_VALUE.includes(body.kind) ? yuanText($("reward-value").value) : "0";
  if (!body.value) {
    fieldError($("reward-value"), strings.yuanInvalid);
    problems.push($("reward-value"));
  }
  body.points_cost = requiredWhole($("reward-cost"), problems);
  body.eligible_tiers = tierBoxes().filter((box) => box.checked).map((box) => box.value);
  body.stock = optionalWhole($("reward-stock"), problems);
  body.per_member_limit = optionalWhole($("reward-limit"), problems);
  body.valid_days = requiredWhole($("reward-days"), problems);
  return problems.length ? { problem: problems[0] } : { body };
}

form.addEventListener("reset", () => setTimeout(showValueField));
$("reward-kind").addEventListener("change", showValueField);
startOffers({
  path: "/api/staff/rewards",
  listed: "rewards",
  page: "rewards",
  name: "reward",
  texts: { editOne: strings.editReward, withdrawOne: strings.withdrawReward, restoreOne: strings.restoreReward, none: strings.noRewards, noneStaff: strings.noRewardsStaff },
  describe,
  fillForm,
  read: readReward,
  formReady: showValueField,
});
