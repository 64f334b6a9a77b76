// The member's points (GET /api/me/points): the reminder of points about to lapse, tier and the
// way to the next, balance and what it is worth, and every ledger line; then the rewards, the
// member's coupons and their invitation, each loading on its own. Anyone not signed in goes to the
// sign-in page.
import { api } from "./api.js";
import { formatDate, formatMonthDay } from "./dates.js";
import { showNewCoupon, startCoupons } from "./member-coupons.js";
import { startInvite } from "./member-invite.js";
import { startRewards } from "./member-rewards.js";
import { count, money, ruleLabel, signed } from "./money.js";
import { toSignIn } from "./section.js";
import { fill, localName, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.pointWords;
let started = false; // the rewards, coupons and invitation, once the points are in

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function showTier(points) {
  const tier = points.tier || {};
  $("tier-title").textContent = tier.name || words.tiers[tier.key] || tier.key || "";
  $("tier-discount").textContent = tier.discount_percent
    ? fill(strings.tierDiscount, { percent: tier.discount_percent })
    : strings.tierNoDiscount;
  $("tier-spend").textContent = fill(strings.spend, { amount: money(points.spend_fen || 0) });
  const next = points.next_tier;
  $("tier-progress-part").hidden = !next;
  $("tier-top").hidden = Boolean(next);
  if (!next) return;
  const spend = points.spend_fen || 0;
  const goal = spend + (next.remaining_fen || 0);
  const percent = goal > 0 ? Math.min(100, Math.round((spend / goal) * 100)) : 100;
  const bar = $("tier-progress");
  bar.setAttribute("aria-valuenow", String(percent));
  bar.setAttribute("aria-valuetext", `${percent}%`);
  $("tier-progress-fill").style.width = `${percent}%`;
  $("tier-next").textContent = fill(strings.toNextTier, { amount: money(next.remaining_fen || 0), tier: next.name || words.tiers[next.key] || next.key });
}

/** The reminder item: from 1 December under 年度清零, or 30 days ahead of a twelve-month lapse. */
function showReminder(points) {
  const reminder = points.lapse_reminder;
  const shown = Boolean(reminder && reminder.points);
  $("lapse-reminder").hidden = !shown;
  if (!shown) return false;
  $("lapse-text").textContent = fill(strings.lapseReminder, { points: count(reminder.points), date: formatMonthDay(reminder.expires_on) });
  $("lapse-days").textContent = reminder.days > 0 ? fill(strings.lapseDays, { days: reminder.days }) : strings.lapseToday;
  return true;
}

function showBalance(points, reminded) {
  const balance = points.balance || 0;
  $("balance").textContent = count(balance);
  $("balance-worth").textContent = fill(strings.worth, { amount: money(balance * (points.fen_per_point || 1)) });
  const soon = points.lapsing_soon;
  // The banner says it already when it is about the same points.
  const same = reminded && soon && soon.expires_on === points.lapse_reminder.expires_on;
  $("lapsing").hidden = !(soon && soon.points) || same;
  if (soon && soon.points) {
    $("lapsing").textContent = fill(strings.lapsing, { points: count(soon.points), date: formatDate(soon.expires_on) });
  }
  $("debt").hidden = !points.debt;
  if (points.debt) $("debt").textContent = fill(strings.debt, { points: count(points.debt) });
}

function reasonText(line) {
  // A reward's line names the reward in the page's language (the reason keeps the Chinese name).
  const named = line.kind === "reward" && Array.isArray(line.rules) && line.rules[0] ? localName(line.rules[0]) : "";
  if (named) return named;
  if (!line.reason) return "";
  return words.reasons[line.reason] || line.reason;
}

function historyLine(line) {
  const item = element("li", `ledger__line ledger__line--${line.kind}`);
  const head = element("div", "ledger__head");
  const what = element("span", "ledger__kind", words.kinds[line.kind] || line.kind);
  const points = element("span", `ledger__points ${line.points < 0 ? "ledger__points--minus" : "ledger__points--plus"}`, signed(line.points));
  points.append(element("span", "visually-hidden", ` ${strings.pointsUnit}`));
  head.append(what, points);
  item.append(head);
  const meta = [formatDate(line.at), reasonText(line)].filter(Boolean).join(" · ");
  item.append(element("p", "ledger__meta", meta));
  if (line.kind === "earn" && Array.isArray(line.rules) && line.rules.length) {
    const rules = element("ul", "ledger__rules");
    for (const rule of line.rules) {
      const chip = element("li", "ledger__rule");
      chip.append(element("span", "", ruleLabel(rule)), " ", element("strong", "", signed(rule.points)));
      rules.append(chip);
    }
    item.append(rules);
  }
  if (typeof line.balance_after === "number") {
    item.append(element("p", "ledger__after", fill(strings.balanceAfter, { points: count(line.balance_after) })));
  }
  return item;
}

function showHistory(points) {
  const history = points.history || [];
  const list = $("history");
  list.textContent = "";
  for (const line of history) list.append(historyLine(line));
  list.hidden = history.length === 0;
  $("history-empty").hidden = history.length > 0;
}

function show(points) {
  showTier(points);
  showBalance(points, showReminder(points));
  showHistory(points);
}

/** After an exchange: the new balance and its ledger line, and the new coupon in view. */
async function redeemed({ coupon, balance }) {
  $("balance").textContent = count(balance);
  const answer = await api("/api/me/points");
  if (answer.ok) show(answer.data);
  await showNewCoupon(coupon.code);
}

async function load() {
  $("points-loading").hidden = false;
  $("load-error").hidden = true;
  $("load-retry").hidden = true;
  const answer = await api("/api/me/points");
  if (answer.status === 401) {
    toSignIn();
    return;
  }
  $("points-loading").hidden = true;
  if (!answer.ok) {
    $("load-error").textContent = answer.data.message;
    $("load-error").hidden = false;
    $("load-retry").hidden = false;
    return;
  }
  show(answer.data);
  $("points-page").hidden = false;
  if (!started) {
    started = true;
    startRewards(redeemed);
    startCoupons();
    startInvite();
  }
}

$("retry").addEventListener("click", load);
load();
