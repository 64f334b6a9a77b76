// The rewards catalog (GET /api/staff/rewards): what members can exchange points for. Managers add
// one (POST), edit one in the same form, and withdraw it or offer it again (PATCH active), which
// leaves the coupons already given valid. Staff see the list only.
import { api } from "./api.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { count, money, typedNumber, yuanOf, yuanText } from "./money.js";
import { pageMessage, showManagersOnly, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.pointWords;
const list = $("reward-list");
const form = $("reward-form");
const WITH_VALUE = ["money-off", "free-delivery"];

let rewards = [];
let editing = null;
let manager = false;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function smallButton(label, name) {
  const button = element("button", "button button--small button--secondary");
  button.type = "button";
  const spinner = element("span", "button__spinner");
  spinner.setAttribute("aria-hidden", "true");
  button.append(spinner, element("span", "button__label", label));
  button.setAttribute("aria-label", name);
  return button;
}

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

function row(reward) {
  const item = element("li", `admin-row${reward.active ? "" : " admin-row--off"}`);
  item.dataset.id = reward.id;
  const main = element("div", "admin-row__main");
  const name = element("p", "admin-row__name", reward.name_zh);
  name.append(
    " ",
    element("span", "badge reward__kind", words.rewardKinds[reward.kind] || reward.kind),
    " ",
    element("span", `badge ${reward.active ? "badge--pet-safe" : "badge--off"}`, reward.active ? strings.offered : strings.withdrawn),
  );
  main.append(name, element("p", "admin-row__details", reward.name_en), element("p", "admin-row__details", details(reward)));
  item.append(main);
  if (!manager) return item;
  const controls = element("div", "admin-row__controls");
  const edit = smallButton(strings.edit, fill(strings.editReward, { reward: reward.name_zh }));
  edit.addEventListener("click", () => startEditing(reward));
  const toggle = reward.active
    ? smallButton(strings.withdraw, fill(strings.withdrawReward, { reward: reward.name_zh }))
    : smallButton(strings.restore, fill(strings.restoreReward, { reward: reward.name_zh }));
  toggle.dataset.toggle = "";
  toggle.addEventListener("click", () => setOffered(reward, !reward.active, toggle));
  controls.append(edit, toggle);
  item.append(controls);
  return item;
}

/** Offered ones first, as the API lists them. */
function render() {
  rewards.sort((a, b) => Number(b.active) - Number(a.active));
  list.textContent = "";
  if (!rewards.length) list.append(element("li", "empty-line", manager ? strings.noRewards : strings.noRewardsStaff));
  for (const reward of rewards) list.append(row(reward));
}

function announce(text) {
  $("rewards-status").textContent = text;
  $("rewards-status").hidden = !text;
}

function failed(answer) {
  if (answer.ok) return false;
  if (answer.status === 401) toStaffSignIn();
  else if (answer.status === 403) showManagersOnly();
  else pageMessage("error", answer.data.message);
  return true;
}

async function setOffered(reward, active, button) {
  announce("");
  pageMessage("info", "");
  const restore = setBusy(button, strings.saving);
  const answer = await api(`/api/staff/rewards/${encodeURIComponent(reward.id)}`, { method: "PATCH", body: { active } });
  restore();
  if (failed(answer)) return;
  rewards = rewards.map((r) => (r.id === reward.id ? answer.data : r));
  render();
  list.querySelector(`[data-id="${CSS.escape(reward.id)}"] [data-toggle]`)?.focus();
  announce(fill(active ? strings.restoredDone : strings.withdrawnDone, { reward: answer.data.name_zh }));
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

function setMode(reward) {
  editing = reward;
  $("reward-form-title").textContent = reward ? fill(strings.editTitle, { reward: reward.name_zh }) : strings.addTitle;
  $("save-reward").querySelector(".button__label").textContent = reward ? strings.saveButton : strings.addButton;
  $("cancel-edit").hidden = !reward;
}

function startEditing(reward) {
  clearErrors(form);
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
  setMode(reward);
  $("reward-name-zh").focus();
  $("reward-form-title").scrollIntoView({ block: "start", behavior: "smooth" });
}

function stopEditing() {
  clearErrors(form);
  form.reset();
  setMode(null);
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

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  announce("");
  const { body, problem } = readReward();
  if (problem) return problem.focus();
  const restore = setBusy($("save-reward"), strings.saving);
  const answer = editing
    ? await api(`/api/staff/rewards/${encodeURIComponent(editing.id)}`, { method: "PATCH", body })
    : await api("/api/staff/rewards", { method: "POST", body });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (answer.status === 403) return showManagersOnly();
  if (!answer.ok) return showProblems(form, answer.data);
  const saved = answer.data;
  const wasEditing = Boolean(editing);
  rewards = wasEditing ? rewards.map((r) => (r.id === saved.id ? saved : r)) : [saved, ...rewards];
  render();
  stopEditing();
  showMessage("success", fill(wasEditing ? strings.saved : strings.added, { reward: saved.name_zh }), form);
}

async function start() {
  const me = await staffSession();
  if (!me) return;
  manager = me.role === "manager";
  const answer = await api("/api/staff/rewards");
  stopLoading();
  if (failed(answer)) return;
  rewards = answer.data.rewards || [];
  render();
  if (!manager) {
    $("read-only").hidden = false;
    for (const part of document.querySelectorAll("[data-edit]")) part.hidden = true;
  }
  showValueField();
  $("rewards").hidden = false;
}

form.addEventListener("submit", save);
form.addEventListener("reset", () => setTimeout(showValueField));
$("reward-kind").addEventListener("change", showValueField);
$("cancel-edit").addEventListener("click", stopEditing);
forgiveOnEdit(form);
start();
