// The rewards a member can exchange points for (GET /api/me/rewards): what each is, its cost, how
// many are left, and whether this member can take it now or why not. Exchanging asks to confirm
// first, then POST /api/me/rewards/{id}/redemptions with an Idempotency-Key made when the member
// asks for the reward and sent again on every retry of that request, so a lost answer never
// spends the points twice.
import { api } from "./api.js";
import { setBusy } from "./form.js";
import { newKey } from "./idempotency.js";
import { count, money } from "./money.js";
import { loadPart, retryPart, toSignIn } from "./section.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.pointWords;
const list = $("rewards-list");
// A refusal that settles the request: the list is read again, and a new request gets a new key.
const REFUSALS = ["not_enough_points", "reward_out_of_stock", "reward_limit_reached", "reward_not_for_tier", "not_found"];

let balance = 0;
let onRedeemed = () => {};
let pending = null; // {reward, key}: the exchange being confirmed

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(className, label) {
  const node = element("button", `button ${className}`);
  node.type = "button";
  const spinner = element("span", "button__spinner");
  spinner.setAttribute("aria-hidden", "true");
  node.append(spinner, element("span", "button__label", label));
  return node;
}

function announce(kind, text) {
  const line = $("rewards-status");
  line.className = `message message--${kind}`;
  line.setAttribute("role", kind === "error" ? "alert" : "status");
  line.textContent = text;
  line.hidden = !text;
}

/** What the reward is, in a line: "¥20 off a purchase", "A gift to collect at the counter". */
export function rewardWhat(kind, valueFen) {
  const text = strings.rewardWhat[kind];
  if (!text) return words.rewardKinds[kind] || kind;
  if (kind === "money-off" || kind === "free-delivery") return valueFen ? fill(text, { amount: money(valueFen) }) : words.rewardKinds[kind];
  return text;
}

function tierNames(keys) {
  return keys.map((key) => words.tiers[key] || key).join(strings.listJoin);
}

function facts(reward) {
  const parts = [fill(strings.validDays, { days: reward.valid_days })];
  if (typeof reward.stock === "number" && reward.stock > 0) parts.push(fill(strings.stockLeft, { count: count(reward.stock) }));
  if (typeof reward.per_member_limit === "number") {
    parts.push(fill(reward.taken ? strings.perMemberTaken : strings.perMember, { limit: reward.per_member_limit, taken: reward.taken }));
  }
  if (reward.eligible_tiers && reward.eligible_tiers.length) parts.push(fill(strings.onlyFor, { tiers: tierNames(reward.eligible_tiers) }));
  return parts.join(" · ");
}

function whyNot(reward) {
  const text = strings.whyNot[reward.why_not] || strings.whyNot.not_enough_points;
  return fill(text, { points: count(Math.max(0, reward.points_cost - balance)) });
}

function rewardItem(reward) {
  const item = element("li", `reward${reward.available ? "" : " reward--off"}`);
  item.dataset.rewardId = reward.id;
  const nameId = `reward-name-${reward.id}`;
  const head = element("div", "reward__head");
  const name = element("h3", "reward__name", reward.name);
  name.id = nameId;
  head.append(element("span", "badge reward__kind", words.rewardKinds[reward.kind] || reward.kind), name);
  const cost = element("p", "reward__cost");
  cost.append(element("strong", "", count(reward.points_cost)), ` ${strings.pointsUnit}`);
  item.append(head, element("p", "reward__what", rewardWhat(reward.kind, reward.value_fen)), cost, element("p", "reward__facts", facts(reward)));
  if (!reward.available) {
    item.append(element("p", "reward__why", whyNot(reward)));
    return item;
  }
  const exchange = button("button--primary reward__redeem", strings.redeem);
  exchange.setAttribute("aria-describedby", nameId);
  exchange.addEventListener("click", () => askToConfirm(reward, item));
  item.append(exchange);
  return item;
}

/** The confirm step, in place of the button: the cost, the reward, confirm or cancel. */
function askToConfirm(reward, item) {
  closeConfirm();
  pending = { reward, key: newKey() };
  const panel = element("div", "reward__confirm");
  panel.setAttribute("role", "group");
  panel.setAttribute("aria-labelledby", `confirm-text-${reward.id}`);
  const text = element("p", "reward__confirm-text", fill(strings.confirmText, { points: count(reward.points_cost), reward: reward.name }));
  text.id = `confirm-text-${reward.id}`;
  const problem = element("p", "message message--error");
  problem.setAttribute("role", "alert");
  problem.hidden = true;
  const yes = button("button--primary", strings.confirm);
  const no = button("button--secondary", strings.cancel);
  yes.addEventListener("click", () => redeem(yes, problem));
  no.addEventListener("click", () => closeConfirm({ focus: true }));
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeConfirm({ focus: true });
  });
  const actions = element("div", "actions");
  actions.append(yes, no);
  panel.append(text, problem, actions);
  item.querySelector(".reward__redeem").hidden = true;
  item.append(panel);
  yes.focus();
}

function closeConfirm({ focus = false } = {}) {
  if (!pending) return;
  const item = list.querySelector(`[data-reward-id="${CSS.escape(pending.reward.id)}"]`);
  pending = null;
  if (!item) return;
  item.querySelector(".reward__confirm")?.remove();
  const exchange = item.querySelector(".reward__redeem");
  exchange.hidden = false;
  if (focus) exchange.focus();
}

async function redeem(yes, problem) {
  const { reward, key } = pending;
  announce("success", "");
  problem.hidden = true;
  const restore = setBusy(yes, strings.redeeming);
  const answer = await api(`/api/me/rewards/${encodeURIComponent(reward.id)}/redemptions`, {
    method: "POST",
    body: {},
    headers: { "Idempotency-Key": key },
  });
  restore();
  if (answer.status === 401) return toSignIn();
  if (answer.ok) {
    pending = null;
    balance = answer.data.balance;
    announce("success", fill(strings.redeemed, { code: answer.data.coupon.code }));
    await loadRewards({ quiet: true });
    onRedeemed(answer.data);
    return;
  }
  if (REFUSALS.includes(answer.data.error) || answer.status === 404) {
    pending = null;
    announce("error", answer.data.message);
    await loadRewards({ quiet: true });
    $("rewards-status").focus();
    return;
  }
  // Not settled (the connection, or the request still in progress): the same key goes again.
  problem.textContent = answer.data.message;
  problem.hidden = false;
  yes.querySelector(".button__label").textContent = strings.tryAgain;
  yes.focus();
}

function show(data) {
  balance = data.balance || 0;
  const rewards = data.rewards || [];
  list.textContent = "";
  for (const reward of rewards) list.append(rewardItem(reward));
  list.hidden = rewards.length === 0;
  $("rewards-empty").hidden = rewards.length > 0;
}

export function loadRewards({ quiet = false } = {}) {
  return loadPart("rewards", "/api/me/rewards", show, { quiet });
}

/** Start the part; `redeemed` is called with {coupon, balance} after each exchange. */
export function startRewards(redeemed) {
  onRedeemed = redeemed;
  $("rewards-status").tabIndex = -1;
  retryPart("rewards", loadRewards);
  return loadRewards();
}
