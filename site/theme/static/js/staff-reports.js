// The reports dashboard: GET /api/staff/reports?from=&to=[&store=] for a period (two dates, or a
// quick choice: the last 4 weeks, the last 3 months, this year) and a store (managers: any store,
// or none for the whole chain; a clerk: their own store). Each chart of the answer gets a card,
// grouped by what it is about: its title, the chart (charts.js), a CSV of its numbers made here
// (UTF-8 with a byte-order mark, so Excel opens the Chinese), and the numbers as a table. Money
// comes in fen and is shown in yuan. Managers may take the members' census again (POST
// /api/staff/reports/census). The choice is kept in the address, to bookmark or share.
import { api } from "./api.js";
import { shopToday } from "./booking-calendar.js";
import { element } from "./booking-text.js";
import { dataTable, drawChart, isEmpty, isTimeline, layoutOf } from "./charts.js";
import { setBusy } from "./form.js";
import { money } from "./money.js";
import { csvDownload } from "./staff-csv.js";
import { pageMessage, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const MAX_DAYS = 366;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
// The dashboard's sections, in the order a shop reads them, and the charts each holds; a chart
// not named here goes to "other", in the answer's order.
const GROUPS = [
  ["members", ["new_members", "active_members", "repeat_rate", "tiers", "tier_moves"]],
  ["sales", ["sales_by_category", "sales_by_payment", "average_order"]],
  ["points", ["points", "liability"]],
  ["bookings", ["bookings_by_slot", "peak_fill"]],
  ["outreach", ["outreach", "campaigns", "ratings"]],
];
const WEEKLY = new Set(["new_members", "average_order", "points", "ratings"]);
// Series that are averages: a 0 there is "nothing to average" (no order, no rating that week),
// left out of the line rather than drawn as a fall to zero.
const AVERAGES = { average_order: [0], ratings: [0] };

let staff = null;
let latest = 0; // a slow answer for an earlier choice is dropped
let drawn = []; // the charts on the page (each follows its card's width), and the CSVs' addresses

const locale = () => strings.dateLocale;

// --- dates ----------------------------------------------------------------------------------

function addDays(iso, by) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + by)).toISOString().slice(0, 10);
}

/** The same day `by` months away, kept inside the month (31 May less 3 months is 28 or 29 February). */
function addMonths(iso, by) {
  const [y, m, d] = iso.split("-").map(Number);
  const last = new Date(Date.UTC(y, m - 1 + by + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + by, Math.min(d, last))).toISOString().slice(0, 10);
}

const daysBetween = (first, last) => (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000;

/** The quick choices' periods, ending today. */
function quickRange(name) {
  const today = shopToday();
  if (name === "4w") return [addDays(today, -27), today];
  if (name === "3m") return [addDays(addMonths(today, -3), 1), today];
  return [`${today.slice(0, 4)}-01-01`, today];
}

const utc = (iso) => {
  const [y, m, d = 1] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
};
const dateText = (iso, options) => new Intl.DateTimeFormat(locale(), { ...options, timeZone: "UTC" }).format(utc(iso));
const longDate = (iso) => dateText(iso, { year: "numeric", month: "long", day: "numeric" });

// --- how a chart's numbers and labels are written ----------------------------------------------

const compact = (value) => new Intl.NumberFormat(locale(), { notation: "compact", maximumFractionDigits: 1 }).format(value);
const whole = (value) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value);

/** The value formats of a chart's unit: in full, and short (axes, above bars). */
function formatsOf(unit) {
  if (unit === "fen") {
    return { value: money, short: (fen) => `${fen < 0 ? "-" : ""}¥${compact(Math.abs(fen) / 100)}`, integer: false };
  }
  if (unit === "percent") return { value: (v) => `${whole(v)}%`, short: (v) => `${whole(v)}%`, integer: false };
  return { value: whole, short: compact, integer: true };
}

const DAY_AND_NAME = /^(\d{4}-\d{2}-\d{2}) (.+)$/; // a peak day: "2025-05-11 母亲节"

/** A label's name: a category's, a payment method's or a message kind's in words, others as they come. */
const nameOf = (label) => strings.names[label] || String(label);

/** How a chart's labels are written: days and months in the page's language, keys as names. */
function labelsOf(key, labels) {
  const years = new Set(labels.map((label) => String(label).slice(0, 4)));
  const severalYears = years.size > 1;
  const short = (label) => {
    const text = String(label);
    if (ISO_DAY.test(text)) return dateText(text, { month: "numeric", day: "numeric" });
    if (/^\d{4}-\d{2}$/.test(text)) return dateText(text, { month: "short", ...(severalYears ? { year: "2-digit" } : {}) });
    const peak = DAY_AND_NAME.exec(text);
    if (peak) return `${dateText(peak[1], { month: "numeric", day: "numeric" })} ${peak[2]}`;
    return nameOf(text);
  };
  const long = (label) => {
    const text = String(label);
    if (ISO_DAY.test(text)) {
      return WEEKLY.has(key) ? fill(strings.weekOf, { day: longDate(text) }) : longDate(text);
    }
    if (/^\d{4}-\d{2}$/.test(text)) return dateText(text, { year: "numeric", month: "long" });
    const peak = DAY_AND_NAME.exec(text);
    if (peak) return `${longDate(peak[1])} ${peak[2]}`;
    return nameOf(text);
  };
  return { label: short, labelLong: long };
}

/** The name of a chart's first column (in its table and its CSV): what its labels are. */
function labelColumn(key, labels) {
  if (strings.columns[key]) return strings.columns[key];
  if (labels.length && labels.every((label) => /^\d{4}-\d{2}$/.test(label))) return strings.columns.month;
  if (isTimeline(labels)) return WEEKLY.has(key) ? strings.columns.week : strings.columns.day;
  return strings.columns.other;
}

function chartOptions(key, chart) {
  return {
    ...formatsOf(chart.unit),
    ...labelsOf(key, chart.labels || []),
    locale: locale(),
    title: chart.title,
    words: {
      kinds: strings.chartKinds,
      summary: strings.chartSummary,
      span: strings.chartSpan,
      series: strings.chartSeries,
      share: strings.chartShare,
      separator: locale().startsWith("zh") ? "；" : "; ",
      stop: locale().startsWith("zh") ? "。" : ".",
      total: strings.chartTotal,
      share_column: strings.chartShareColumn,
      label_column: labelColumn(key, chart.labels || []),
    },
  };
}

// --- CSV ------------------------------------------------------------------------------------

/** A value as a spreadsheet reads it: yuan with two decimals, a percent with its sign, a count. */
function csvValue(unit, value) {
  if (typeof value !== "number" || Number.isNaN(value)) return "";
  if (unit === "fen") return (value / 100).toFixed(2);
  if (unit === "percent") return `${Number(value.toFixed(2))}%`;
  return String(value);
}

function csvRecords(key, chart) {
  const unit = strings.units[chart.unit];
  const column = (series) => (unit ? fill(strings.csvColumn, { name: series.name, unit }) : series.name);
  const header = [labelColumn(key, chart.labels), ...chart.series.map(column)];
  const rows = chart.labels.map((label, i) => [
    ISO_DAY.test(label) || /^\d{4}-\d{2}$/.test(label) ? label : nameOf(label),
    ...chart.series.map((series) => csvValue(chart.unit, series.values[i])),
  ]);
  return [header, ...rows];
}

function csvName(key, report) {
  const parts = [key.replace(/_/g, "-"), report.from, report.to];
  if (report.store) parts.push(typeof report.store === "object" ? report.store.id : report.store);
  return `${parts.join("_")}.csv`;
}

// --- the cards --------------------------------------------------------------------------------

function card(key, chart, report) {
  const article = $("report-card-template").content.firstElementChild.cloneNode(true);
  article.id = `chart-${key.replace(/_/g, "-")}`;
  article.dataset.chart = key;
  const title = article.querySelector("[data-title]");
  title.id = `${article.id}-title`;
  title.textContent = chart.title || key;
  article.setAttribute("aria-labelledby", title.id);
  const note = article.querySelector("[data-note]");
  const census = report.totals && report.totals.census_day;
  if (strings.notes[key] && (census || !strings.notes[key].includes("{day}"))) {
    note.textContent = fill(strings.notes[key], { day: census ? longDate(census) : "" });
    note.hidden = false;
  }
  const link = article.querySelector("[data-csv]");
  const host = article.querySelector("[data-chart]");
  const details = article.querySelector("[data-details]");
  if (isEmpty(chart)) {
    article.classList.add("report-card--empty");
    article.querySelector("[data-empty-text]").textContent = strings.empty[key] || strings.empty.other;
    article.querySelector("[data-empty]").hidden = false;
    host.hidden = true;
    details.hidden = true;
    link.hidden = true;
    return { article };
  }
  article.querySelector("[data-csv-of]").textContent = ` · ${title.textContent}`;
  csvDownload(link, csvName(key, report), csvRecords(key, chart));
  const options = chartOptions(key, chart);
  article.querySelector("[data-table]").append(dataTable(chart, options));
  const layout = layoutOf(chart);
  if ((layout === "columns" || layout === "line") && chart.labels.length > 16) article.classList.add("report-card--wide");
  return { article, draw: () => drawChart(host, chart, options), blob: link.href };
}

/** Every chart's numbers are usable: known series values, null where the API has none (or an average of nothing). */
function tidy(key, chart) {
  const labels = Array.isArray(chart.labels) ? chart.labels : [];
  const averages = AVERAGES[key] || [];
  const series = (Array.isArray(chart.series) ? chart.series : []).map((one, s) => ({
    name: one.name ?? "",
    values: labels.map((_, i) => {
      const value = one.values?.[i];
      if (typeof value !== "number" || (value === 0 && averages.includes(s))) return null;
      return value;
    }),
  }));
  return { ...chart, labels, series };
}

function forget() {
  for (const one of drawn) {
    if (one.chart) one.chart.destroy();
    if (one.blob && one.blob.startsWith("blob:")) URL.revokeObjectURL(one.blob);
  }
  drawn = [];
}

function showTotals(totals = {}) {
  const list = $("reports-totals");
  list.replaceChildren();
  for (const [key, value] of Object.entries(totals)) {
    if (typeof value !== "number" || !(key in strings.totals)) continue;
    if (key === "refunded_fen" && !value) continue; // no refunds: nothing to say
    if (key === "members" && !totals.census_day) continue; // no census yet: not counted
    let text;
    if (key.endsWith("_fen")) text = money(value);
    else if (/rate|percent/.test(key)) text = `${whole(value)}%`;
    else text = whole(value);
    const item = element("li", "reports-total");
    item.append(element("span", "reports-total__name", strings.totals[key]), element("strong", "reports-total__value", text));
    list.append(item);
  }
  list.hidden = !list.children.length;
}

function showReport(report) {
  forget();
  const charts = Object.entries(report.charts || {}).map(([key, chart]) => [key, tidy(key, chart)]);
  const known = new Set(GROUPS.flatMap(([, keys]) => keys));
  const groups = [...GROUPS, ["other", charts.map(([key]) => key).filter((key) => !known.has(key))]];
  const byKey = Object.fromEntries(charts);
  const sections = [];
  for (const [name, keys] of groups) {
    const mine = keys.filter((key) => key in byKey);
    if (!mine.length) continue;
    const section = element("section", `reports-group reports-group--${name}`);
    const heading = element("h2", "reports-group__title", strings.groups[name]);
    heading.id = `group-${name}`;
    section.setAttribute("aria-labelledby", heading.id);
    const grid = element("div", "reports-grid");
    for (const key of mine) {
      const made = card(key, byKey[key], report);
      grid.append(made.article);
      drawn.push(made);
    }
    section.append(heading, grid);
    sections.push(section);
  }
  $("reports-groups").replaceChildren(...sections);
  // drawn once in the page, so each chart knows its card's width
  for (const made of drawn) if (made.draw) made.chart = made.draw();
  showTotals(report.totals);
  const census = report.totals && report.totals.census_day;
  const when = census ? fill(strings.censusDay, { day: longDate(census) }) : strings.censusNever;
  $("census-day").textContent = locale().startsWith("zh") ? when : ` ${when}`; // Chinese runs on without a space
  $("reports-none").hidden = charts.length > 0;
}

// --- the choice: period and store ---------------------------------------------------------------

function storeName(id) {
  const option = [...$("reports-store").options].find((one) => one.value === id);
  return option ? option.textContent : strings.chain;
}

function showScope(first, last, store) {
  $("reports-scope").textContent = fill(strings.scope, { store: storeName(store), first: longDate(first), last: longDate(last) });
}

function markQuick(first, last) {
  for (const button of document.querySelectorAll("[data-quick]")) {
    const [from, to] = quickRange(button.dataset.quick);
    button.setAttribute("aria-pressed", String(from === first && to === last));
  }
}

function rangeProblem(first, last) {
  if (!ISO_DAY.test(first) || !ISO_DAY.test(last)) return strings.chooseDate;
  if (last < first) return strings.rangeOrder;
  if (daysBetween(first, last) + 1 > MAX_DAYS) return strings.rangeLong;
  return "";
}

function keepInAddress(first, last, store) {
  const query = new URLSearchParams({ from: first, to: last });
  if (store) query.set("store", store);
  window.history.replaceState(null, "", `${window.location.pathname}?${query}`);
}

async function load() {
  const first = $("reports-from").value;
  const last = $("reports-to").value;
  const store = $("reports-store").value;
  markQuick(first, last);
  const problem = rangeProblem(first, last);
  const error = $("reports-range-error");
  error.textContent = problem;
  error.hidden = !problem;
  for (const input of [$("reports-from"), $("reports-to")]) input.setAttribute("aria-invalid", String(Boolean(problem)));
  if (problem) {
    latest++;
    $("reports-loading").hidden = true;
    return;
  }
  keepInAddress(first, last, store);
  showScope(first, last, store);
  const ticket = ++latest;
  const results = $("reports-results");
  results.classList.add("is-stale");
  results.setAttribute("aria-busy", "true");
  $("reports-loading").hidden = false;
  $("reports-error").hidden = true;
  const query = new URLSearchParams({ from: first, to: last });
  if (store) query.set("store", store);
  const answer = await api(`/api/staff/reports?${query}`);
  if (ticket !== latest) return;
  $("reports-loading").hidden = true;
  results.classList.remove("is-stale");
  results.removeAttribute("aria-busy");
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) {
    forget();
    $("reports-groups").replaceChildren();
    $("reports-totals").hidden = true;
    $("reports-none").hidden = true;
    $("reports-error-text").textContent = answer.data.message;
    $("reports-error").hidden = false;
    return;
  }
  showReport(answer.data);
}

function choose(first, last) {
  $("reports-from").value = first;
  $("reports-to").value = last;
  load();
}

function fillStores(stores) {
  const select = $("reports-store");
  select.replaceChildren();
  const manager = staff.role === "manager";
  if (manager) {
    const chain = element("option", "", strings.chain);
    chain.value = "";
    select.append(chain);
  }
  for (const store of stores) {
    if (!manager && !(staff.store && staff.store.id === store.id)) continue;
    const option = element("option", "", store.name);
    option.value = store.id;
    select.append(option);
  }
  if (!manager) {
    // a clerk sees their own store's reports only
    select.disabled = true;
    $("reports-store-hint").hidden = false;
  }
}

async function refreshCensus(event) {
  const restore = setBusy(event.currentTarget, strings.censusAsking);
  const message = $("census-message");
  message.textContent = "";
  message.classList.remove("reports-census__message--error");
  const answer = await api("/api/staff/reports/census", { method: "POST", body: {} });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  message.textContent = answer.ok ? answer.data.message || strings.censusTaken : answer.data.message;
  message.classList.toggle("reports-census__message--error", !answer.ok);
}

async function start() {
  staff = await staffSession();
  if (!staff) return;
  const stores = await api("/api/staff/stores");
  stopLoading();
  if (stores.status === 401) return toStaffSignIn();
  if (!stores.ok) return pageMessage("error", stores.data.message);
  fillStores(stores.data.stores || []);
  const query = new URLSearchParams(window.location.search);
  const wanted = query.get("store");
  const select = $("reports-store");
  if (wanted !== null && [...select.options].some((option) => option.value === wanted)) select.value = wanted;
  else if (staff.role !== "manager" && staff.store) select.value = staff.store.id;
  let [first, last] = quickRange("3m");
  const [from, to] = [query.get("from") || "", query.get("to") || ""];
  if (ISO_DAY.test(from) && ISO_DAY.test(to)) [first, last] = [from, to];
  $("reports-from").value = first;
  $("reports-to").value = last;
  $("census").hidden = staff.role !== "manager";
  $("reports-body").hidden = false;
  load();
}

for (const button of document.querySelectorAll("[data-quick]")) {
  button.addEventListener("click", () => choose(...quickRange(button.dataset.quick)));
}
for (const id of ["reports-from", "reports-to", "reports-store"]) $(id).addEventListener("change", load);
$("reports-pick").addEventListener("submit", (event) => event.preventDefault());
$("reports-retry").addEventListener("click", load);
$("census-refresh").addEventListener("click", refreshCensus);
start();
