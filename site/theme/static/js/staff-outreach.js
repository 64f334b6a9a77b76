// The outreach, for managers: a day's plan (GET /api/staff/outreach/plan?date=), grouped by what
// the daily run decides; the messages of that day (GET /api/staff/outreach/sent?date=); and an
// automated offer against its holdout (GET /api/staff/outreach/holdouts?kind=&from=&to=), two
// bars and the uplift's 95% interval drawn as a range. Clerks are told the page is for managers.
import { api, pageUrl } from "./api.js";
import { shopToday } from "./booking-calendar.js";
import { element } from "./booking-text.js";
import { intervalChart } from "./charts.js";
import { showManagersOnly, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const MAX_DAYS = 92;
// The plan's groups, in the order a manager reads them, and the decisions each holds.
const GROUPS = [
  ["send", ["send-sms", "send-email"]],
  ["held-out", ["held-out"]],
  ["skip", ["skip-no-consent", "skip-cap", "nobody"]],
  ["no-message", ["no-message"]],
];
const latest = { plan: 0, sent: 0, holdout: 0 }; // a slow answer for an earlier choice is dropped

const kindText = (kind) => strings.kinds[kind] || kind;
const dayOf = () => $("outreach-date").value || shopToday();

function addDays(iso, by) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + by)).toISOString().slice(0, 10);
}

function daysBetween(first, last) {
  return (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000;
}

const percent = (rate) =>
  new Intl.NumberFormat(strings.dateLocale, { style: "percent", maximumFractionDigits: 1 }).format(rate);

/** A difference of two rates in percentage points, signed: "+8.3", "-2". */
function points(value) {
  const options = { maximumFractionDigits: 1, signDisplay: "exceptZero" };
  return new Intl.NumberFormat(strings.dateLocale, options).format(value * 100);
}

/** Loading, error or done for one part of the page; true when the answer may be shown. */
async function fetchPart(part, path) {
  const ticket = ++latest[part];
  $(`${part}-loading`).hidden = false;
  $(`${part}-error`).hidden = true;
  const answer = await api(path);
  if (ticket !== latest[part]) return null;
  $(`${part}-loading`).hidden = true;
  if (answer.status === 401) {
    toStaffSignIn();
    return null;
  }
  if (answer.status === 403) {
    showManagersOnly();
    return null;
  }
  if (!answer.ok) {
    $(`${part}-error-text`).textContent = answer.data.message;
    $(`${part}-error`).hidden = false;
    return null;
  }
  return answer.data;
}

// --- the day's plan ---------------------------------------------------------------------------

function planRow(item) {
  const row = element("li", `plan-item plan-item--${item.decision}`);
  const who = element("div", "plan-item__who");
  if (item.member) {
    const link = element("a", "plan-item__name", item.member.name);
    link.href = `${pageUrl("staff/member/")}?id=${encodeURIComponent(item.member.id)}`;
    who.append(link);
  } else {
    who.append(element("span", "plan-item__name plan-item__name--none", strings.noMember));
  }
  who.append(element("span", "plan-item__kind", kindText(item.kind)));
  row.append(who, element("span", "plan-item__decision", strings.decisions[item.decision] || item.decision));
  return row;
}

function showPlan(items) {
  const counts = $("plan-counts");
  const groups = $("plan-groups");
  counts.replaceChildren();
  groups.replaceChildren();
  for (const [name, decisions] of GROUPS) {
    const mine = items.filter((item) => decisions.includes(item.decision));
    const count = element("li", `outreach-count outreach-count--${name}`);
    count.append(element("strong", "outreach-count__n", String(mine.length)), element("span", "", strings.groups[name]));
    counts.append(count);
    if (!mine.length) continue;
    mine.sort((a, b) => a.decision.localeCompare(b.decision) || kindText(a.kind).localeCompare(kindText(b.kind)));
    const section = element("section", `plan-group plan-group--${name}`);
    const title = element("h3", "plan-group__title", `${strings.groups[name]} · ${mine.length}`);
    const list = element("ul", "plan-list");
    list.append(...mine.map(planRow));
    section.append(title, list);
    groups.append(section);
  }
  counts.hidden = !items.length;
  $("plan-empty").hidden = Boolean(items.length);
}

async function loadPlan() {
  $("plan-groups").replaceChildren();
  $("plan-counts").hidden = true;
  $("plan-empty").hidden = true;
  const data = await fetchPart("plan", `/api/staff/outreach/plan?date=${dayOf()}`);
  if (data) showPlan(data.items || []);
}

// --- the sent log -----------------------------------------------------------------------------

const timeOf = (iso) =>
  new Intl.DateTimeFormat(strings.dateLocale, { hour: "2-digit", minute: "2-digit", timeZone: strings.timeZone }).format(
    new Date(iso),
  );

function statusText(message) {
  const status = strings.statuses[message.status] || message.status;
  if (!message.why) return status;
  return fill(strings.statusWhy, { status, why: strings.whys[message.why] || message.why });
}

function sentRow(message) {
  const row = element("tr", `sent-row sent-row--${message.status}`);
  const member = element("td", "sent-row__member");
  const link = element("a", "", message.member_id.slice(0, 8));
  link.href = `${pageUrl("staff/member/")}?id=${encodeURIComponent(message.member_id)}`;
  link.title = message.member_id;
  member.append(link);
  const status = element("td", "sent-row__status");
  status.append(element("span", `status-dot status-dot--${message.status}`, statusText(message)));
  row.append(
    element("td", "sent-row__time", timeOf(message.at)),
    member,
    element("td", "sent-row__kind", kindText(message.kind)),
    element("td", "sent-row__channel", message.channel ? strings.channels[message.channel] || message.channel : "—"),
    status,
  );
  return row;
}

async function loadSent() {
  $("sent-table").hidden = true;
  $("sent-empty").hidden = true;
  const data = await fetchPart("sent", `/api/staff/outreach/sent?date=${dayOf()}`);
  if (!data) return;
  const messages = [...(data.messages || [])].sort((a, b) => a.at.localeCompare(b.at));
  $("sent-rows").replaceChildren(...messages.map(sentRow));
  $("sent-table").hidden = !messages.length;
  $("sent-empty").hidden = Boolean(messages.length);
}

function loadDay() {
  loadPlan();
  loadSent();
}

function chooseDay(iso) {
  $("outreach-date").value = iso;
  loadDay();
}

// --- an offer against its holdout -------------------------------------------------------------

function bar(name, label, group) {
  const row = element("div", `holdout-bar holdout-bar--${name}`);
  const head = element("p", "holdout-bar__head");
  head.append(element("span", "holdout-bar__label", label));
  head.append(element("strong", "holdout-bar__rate", group.rate === null ? "—" : percent(group.rate)));
  const track = element("div", "holdout-bar__track");
  const filled = element("div", "holdout-bar__fill");
  filled.style.width = `${Math.max(0, Math.min(1, group.rate || 0)) * 100}%`;
  track.append(filled);
  track.setAttribute("aria-hidden", "true");
  const counts = group.n ? fill(strings.bought, { converted: group.converted, n: group.n }) : strings.nobodyInGroup;
  row.append(head, track, element("p", "holdout-bar__counts", counts));
  return row;
}

function showHoldout(report) {
  $("holdout-too-few").hidden = report.enough;
  $("holdout-bars").replaceChildren(
    bar("contacted", strings.contacted, report.contacted),
    bar("held-out", strings.heldOut, report.held_out),
  );
  const interval = $("holdout-interval");
  interval.replaceChildren();
  $("holdout-interval-text").textContent = "";
  if (report.uplift === null || report.uplift === undefined) {
    $("holdout-uplift").textContent = strings.noUplift;
  } else {
    $("holdout-uplift").textContent = fill(strings.uplift, { value: points(report.uplift) });
    if (report.interval) {
      const [low, high] = report.interval;
      const text = fill(strings.interval, { low: points(low), high: points(high) });
      interval.append(intervalChart(report.uplift, report.interval, `${strings.intervalLabel}: ${text}`, points));
      $("holdout-interval-text").textContent = text;
    }
  }
  $("holdout-result").hidden = false;
}

function rangeProblem(first, last) {
  if (!first || !last) return strings.chooseDate;
  if (last < first) return strings.rangeOrder;
  if (daysBetween(first, last) > MAX_DAYS) return strings.rangeLong;
  return "";
}

async function loadHoldout() {
  const first = $("holdout-from").value;
  const last = $("holdout-to").value;
  const problem = rangeProblem(first, last);
  const error = $("holdout-range-error");
  error.textContent = problem;
  error.hidden = !problem;
  for (const input of [$("holdout-from"), $("holdout-to")]) input.toggleAttribute("aria-invalid", Boolean(problem));
  $("holdout-result").hidden = true;
  if (problem) {
    latest.holdout++;
    $("holdout-loading").hidden = true;
    return;
  }
  const query = new URLSearchParams({ kind: $("holdout-kind").value, from: first, to: last });
  const report = await fetchPart("holdout", `/api/staff/outreach/holdouts?${query}`);
  if (report) showHoldout(report);
}

async function start() {
  const staff = await staffSession({ managersOnly: true });
  if (!staff) return;
  stopLoading();
  const today = shopToday();
  const query = new URLSearchParams(window.location.search);
  const wanted = query.get("date") || "";
  $("outreach-date").value = /^\d{4}-\d{2}-\d{2}$/.test(wanted) ? wanted : today;
  $("holdout-from").value = addDays(today, -30);
  $("holdout-to").value = today;
  $("outreach-body").hidden = false;
  loadDay();
  loadHoldout();
}

$("outreach-date").addEventListener("change", () => {
  if ($("outreach-date").value) loadDay();
});
$("day-before").addEventListener("click", () => chooseDay(addDays(dayOf(), -1)));
$("day-after").addEventListener("click", () => chooseDay(addDays(dayOf(), 1)));
$("day-today").addEventListener("click", () => chooseDay(shopToday()));
$("day-pick").addEventListener("submit", (event) => event.preventDefault());
$("plan-retry").addEventListener("click", loadPlan);
$("sent-retry").addEventListener("click", loadSent);
$("holdout-retry").addEventListener("click", loadHoldout);
$("holdout-pick").addEventListener("submit", (event) => event.preventDefault());
for (const id of ["holdout-kind", "holdout-from", "holdout-to"]) $(id).addEventListener("change", loadHoldout);
start();
