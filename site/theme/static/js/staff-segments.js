// Segments (会员分组), for managers: the saved ones (GET /api/staff/segments), each with its
// status and count; a form that builds one from criteria, its choices from GET
// /api/staff/segment-options, and saves it (POST, or PUT for an edit), which counts it in the
// background; the segment's part follows the count (GET /api/staff/segments/{id} every second, a
// progress bar) to the count, a sample of the members and the CSV (members.csv). Count again
// (POST .../count) and delete (DELETE, after a confirmation). ?id= opens one.
import { api, pageUrl } from "./api.js";
import { shopToday } from "./booking-calendar.js";
import { element } from "./booking-text.js";
import { formatDateTime, formatDay } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, hideMessage, setBusy, showMessage, showProblems } from "./form.js";
import { money, typedNumber } from "./money.js";
import { refused, staffSession, stopLoading } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("segment-form");
const POLL_MS = 1000;
const YEARS_BACK = 5;
const COUNTING = ["queued", "running"];

let options = { tiers: [], tags: [], categories: [], festivals: [], stores: [] };
let segments = [];
let editing = null; // the segment being edited, or null for a new one
let shown = null; // the segment in the segment's part
let follow = 0; // the current poll; a newer one stops the older
const chosen = { festivals: [], "not-festivals": [] }; // "mothers-day#2025", as the criteria take them

// ---- words -----------------------------------------------------------------------------------
const nameIn = (list, key, id = "key") => (list.find((one) => String(one[id]) === String(key)) || {}).name || key;
const joined = (values, joiner = strings.listJoin) => values.join(joiner);

function festivalText(value) {
  const [key, year] = String(value).split("#");
  return fill(strings.festivalYear, { festival: nameIn(options.festivals, key), year });
}

function membersText(count) {
  if (!count) return strings.membersNone;
  return count === 1 ? strings.membersOne : fill(strings.members, { count: count.toLocaleString(strings.dateLocale) });
}

const yuan = (value) => money(value * 100);

function range(both, min, max, low, high, shown = (v) => v) {
  if (low != null && high != null) return fill(both, { min: shown(low), max: shown(high) });
  if (low != null) return fill(min, { min: shown(low) });
  return fill(max, { max: shown(high) });
}

/** The criteria in words, each a phrase after "Members who:". */
function phrases(criteria) {
  const c = criteria || {};
  const words = strings.criteria;
  const out = [];
  if (c.tiers && c.tiers.length) out.push(fill(words.tiers, { tiers: joined(c.tiers.map((k) => nameIn(options.tiers, k)), strings.orJoin) }));
  if (c.tags && c.tags.length) out.push(fill(words.tags, { tags: joined(c.tags.map((k) => nameIn(options.tags, k))) }));
  if (c.not_tags && c.not_tags.length) out.push(fill(words.notTags, { tags: joined(c.not_tags.map((k) => nameIn(options.tags, k)), strings.orJoin) }));
  if (c.spend_min_yuan != null || c.spend_max_yuan != null) {
    const months = c.spend_months || 12;
    const text = range(words.spendBoth, words.spendMin, words.spendMax, c.spend_min_yuan, c.spend_max_yuan, yuan);
    out.push(fill(text, { months }));
  }
  if (c.bought_within_days != null) out.push(fill(words.boughtWithin, { days: c.bought_within_days }));
  if (c.not_bought_for_days != null) out.push(fill(words.notBoughtFor, { days: c.not_bought_for_days }));
  if (c.purchases_min != null || c.purchases_max != null) {
    out.push(range(words.purchasesBoth, words.purchasesMin, words.purchasesMax, c.purchases_min, c.purchases_max));
  }
  if (c.categories && c.categories.length) {
    out.push(fill(words.categories, { categories: joined(c.categories.map((k) => nameIn(options.categories, k)), strings.orJoin) }));
  }
  if (c.festivals && c.festivals.length) out.push(fill(words.festivals, { festivals: joined(c.festivals.map(festivalText), strings.orJoin) }));
  if (c.not_festivals && c.not_festivals.length) {
    out.push(fill(words.notFestivals, { festivals: joined(c.not_festivals.map(festivalText), strings.orJoin) }));
  }
  if (c.no_booking_since) out.push(fill(words.noBookingSince, { date: formatDay(c.no_booking_since) }));
  if (c.store) out.push(fill(words.store, { store: nameIn(options.stores, c.store, "id") }));
  if (c.birthday_month) out.push(fill(words.birthdayMonth, { month: strings.months[c.birthday_month - 1] }));
  if (c.consent) out.push(fill(words.consent, { channel: strings.consents[c.consent] || c.consent }));
  return out;
}

function summary(criteria) {
  const all = phrases(criteria);
  return all.length ? fill(strings.summaryLead, { criteria: joined(all, strings.andJoin) }) : strings.everyone;
}

const criteriaOf = (segment) => (typeof segment.criteria === "string" ? JSON.parse(segment.criteria || "{}") : segment.criteria || {});
const percentDone = (segment) => (segment.parts ? Math.round((100 * (segment.done || 0)) / segment.parts) : 0);
const csvPath = (segment) => `/api/staff/segments/${encodeURIComponent(segment.id)}/members.csv`;
const segmentPage = (segment) => `${pageUrl("staff/segments/")}?id=${encodeURIComponent(segment.id)}`;

// ---- the list --------------------------------------------------------------------------------
function statusBadge(segment) {
  const kinds = { ready: "badge--pet-safe", failed: "badge--pet-toxic" };
  return element("span", `badge ${kinds[segment.status] || "badge--pet-mild"} segment-status`, strings.statuses[segment.status] || segment.status);
}

function countLine(segment) {
  if (COUNTING.includes(segment.status)) return fill(strings.progress, { percent: percentDone(segment) });
  if (segment.status === "ready") {
    const when = segment.evaluated_at ? ` · ${fill(strings.evaluatedAt, { time: formatDateTime(segment.evaluated_at) })}` : "";
    return `${membersText(segment.count)}${when}`;
  }
  return strings.statuses[segment.status] || "";
}

function row(segment) {
  const entry = element("li", `admin-row segment-row${shown && shown.id === segment.id ? " segment-row--open" : ""}`);
  entry.dataset.id = segment.id;
  const main = element("div", "admin-row__main");
  const name = element("p", "admin-row__name");
  const link = element("a", "segment-row__link", segment.name);
  link.href = segmentPage(segment);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    openSegment(segment, true);
  });
  if (shown && shown.id === segment.id) link.setAttribute("aria-current", "true");
  name.append(link, " ", statusBadge(segment));
  main.append(name, element("p", "admin-row__details segment-row__count", countLine(segment)));
  main.append(element("p", "admin-row__details", summary(criteriaOf(segment))));
  entry.append(main);
  if (segment.status === "ready") {
    const controls = element("div", "admin-row__controls");
    const csv = element("a", "button button--small button--secondary", strings.csv);
    csv.href = csvPath(segment);
    csv.setAttribute("download", "");
    csv.setAttribute("aria-label", fill(strings.downloadSegment, { segment: segment.name }));
    controls.append(csv);
    entry.append(controls);
  }
  return entry;
}

/** The list drawn again (as a count moves on), keeping the keyboard's place in it. */
function renderList() {
  const list = $("segment-list");
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const place = focused && [focused.closest("li[data-id]").dataset.id, focused.tagName, focused.getAttribute("download") !== null];
  list.replaceChildren(...segments.map(row));
  $("segments-empty").hidden = segments.length > 0;
  if (!place) return;
  const again = [...list.querySelectorAll(`li[data-id="${CSS.escape(place[0])}"] a`)].find(
    (one) => one.tagName === place[1] && (one.getAttribute("download") !== null) === place[2],
  );
  if (again) again.focus();
}

function remember(segment) {
  const known = segments.some((one) => one.id === segment.id);
  segments = known ? segments.map((one) => (one.id === segment.id ? { ...one, ...segment } : one)) : [segment, ...segments];
  renderList();
}

// ---- one segment: its count, a sample, the CSV ------------------------------------------------
function showProgress(segment) {
  const percent = percentDone(segment);
  $("detail-progress-text").textContent = segment.status === "queued" ? strings.queued : fill(strings.progress, { percent });
  $("detail-progress").setAttribute("aria-valuenow", String(percent));
  $("detail-progress").setAttribute("aria-valuetext", `${percent}%`);
  $("detail-progress-fill").style.width = `${percent}%`;
}

function sampleRow(member) {
  const tr = element("tr");
  const who = element("td");
  const link = element("a", "", member.name);
  link.href = `${pageUrl("staff/member/")}?id=${encodeURIComponent(member.id)}`;
  who.append(link);
  tr.append(
    who,
    element("td", "", member.tier ? nameIn(options.tiers, member.tier) : "—"),
    element("td", "", member.last_purchase_day ? formatDay(member.last_purchase_day) : strings.noPurchase),
  );
  return tr;
}

function showSegment(segment) {
  shown = segment;
  $("detail-title").textContent = segment.name;
  $("detail-criteria").textContent = summary(criteriaOf(segment));
  const counting = COUNTING.includes(segment.status);
  const ready = segment.status === "ready";
  $("detail-counting").hidden = !counting;
  $("detail-failed").hidden = segment.status !== "failed";
  $("detail-ready").hidden = !ready;
  if (counting) showProgress(segment);
  if (ready) {
    $("detail-count").textContent = (segment.count || 0).toLocaleString(strings.dateLocale);
    $("detail-count-words").textContent = segment.count ? strings.inSegment : strings.noneMatch;
    $("detail-count").hidden = !segment.count;
    $("detail-evaluated").textContent = segment.evaluated_at ? fill(strings.evaluatedAt, { time: formatDateTime(segment.evaluated_at) }) : "";
    const sample = segment.sample || [];
    $("detail-sample").replaceChildren(...sample.map(sampleRow));
    $("detail-sample-caption").textContent = fill(strings.sampleCaption, { shown: sample.length, count: segment.count || 0 });
    $("detail-sample-part").hidden = !sample.length;
  }
  $("detail-csv").hidden = !ready || !segment.count;
  $("detail-csv").href = csvPath(segment);
  $("detail-campaign").hidden = !ready || !segment.count;
  $("detail-campaign").href = `${pageUrl("staff/campaign/")}?segment=${encodeURIComponent(segment.id)}`;
  $("detail-recount").disabled = counting;
  $("detail-edit").disabled = counting;
  $("detail-delete").disabled = counting;
  $("segment-detail").hidden = false;
}

/** Show a segment, and follow its count until it is done. */
async function watch(id) {
  const ticket = ++follow;
  $("detail-error").hidden = true;
  for (;;) {
    const answer = await api(`/api/staff/segments/${encodeURIComponent(id)}`);
    if (ticket !== follow) return;
    $("detail-loading").hidden = true;
    if (refused(answer)) return;
    if (!answer.ok) {
      $("detail-error-text").textContent = answer.data.message;
      $("detail-error").hidden = false;
      return;
    }
    showSegment(answer.data);
    remember(answer.data);
    if (!COUNTING.includes(answer.data.status)) {
      $("segments-status").hidden = true; // "saved: counting" has been answered by the count
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (ticket !== follow) return;
  }
}

function openSegment(segment, focus) {
  hideMessage($("segment-detail"));
  closeBuilder();
  showSegment(segment);
  renderList();
  window.history.replaceState(null, "", segmentPage(segment));
  if (focus) {
    $("segment-detail").focus();
    $("segment-detail").scrollIntoView({ block: "start", behavior: "smooth" });
  }
  watch(segment.id);
}

function closeSegment() {
  follow++;
  shown = null;
  $("segment-detail").hidden = true;
  window.history.replaceState(null, "", pageUrl("staff/segments/"));
  renderList();
}

async function recount() {
  if (!shown) return;
  hideMessage($("segment-detail"));
  const restore = setBusy($("detail-recount"), strings.counting);
  const answer = await api(`/api/staff/segments/${encodeURIComponent(shown.id)}/count`, { method: "POST", body: {} });
  restore();
  if (refused(answer)) return;
  if (!answer.ok) {
    showMessage("error", answer.data.message, $("segment-detail"));
    return;
  }
  showSegment(answer.data);
  remember(answer.data);
  watch(answer.data.id);
}

// ---- deleting ------------------------------------------------------------------------------
const dialog = $("delete-dialog");

function askDelete() {
  if (!shown) return;
  $("delete-dialog-title").textContent = fill(strings.deleteTitle, { segment: shown.name });
  dialog.showModal();
}

async function onDelete(event) {
  if (event.submitter && event.submitter.value !== "delete") return;
  event.preventDefault(); // the dialog stays open while the request runs
  const segment = shown;
  const restore = setBusy($("confirm-delete"), strings.deleting);
  const answer = await api(`/api/staff/segments/${encodeURIComponent(segment.id)}`, { method: "DELETE" });
  restore();
  dialog.close();
  if (refused(answer)) return;
  if (!answer.ok) {
    showMessage("error", answer.data.message, $("segment-detail"));
    return;
  }
  segments = segments.filter((one) => one.id !== segment.id);
  closeSegment();
  const status = $("segments-status");
  status.textContent = fill(strings.deleted, { segment: segment.name });
  status.hidden = false;
  $("new-segment").focus();
}

// ---- the builder -----------------------------------------------------------------------------
function chip(group, value, text) {
  const label = element("label", "chip-check");
  const box = element("input");
  box.type = "checkbox";
  box.name = group;
  box.value = value;
  label.append(box, element("span", "", text));
  return label;
}

function fillChoices() {
  const groups = { tiers: options.tiers, tags: options.tags, not_tags: options.tags, categories: options.categories };
  for (const [field, list] of Object.entries(groups)) {
    const box = form.querySelector(`[data-options="${field}"]`);
    box.replaceChildren(...list.map((one) => chip(field, one.key, one.name)));
    if (!list.length) box.append(element("span", "empty-line", strings.noOptions));
  }
  const store = $("seg-store");
  store.replaceChildren(store.options[0]);
  for (const one of options.stores) {
    const option = element("option", "", one.name);
    option.value = one.id;
    store.append(option);
  }
  const thisYear = Number(shopToday().slice(0, 4));
  for (const name of Object.keys(chosen)) {
    const key = $(`seg-${name}-key`);
    key.replaceChildren(
      ...options.festivals.map((one) => {
        const option = element("option", "", one.name);
        option.value = one.key;
        return option;
      }),
    );
    const year = $(`seg-${name}-year`);
    year.replaceChildren();
    for (let y = thisYear; y >= thisYear - YEARS_BACK; y--) {
      const option = element("option", "", String(y));
      option.value = String(y);
      year.append(option);
    }
    year.value = String(name === "festivals" ? thisYear - 1 : thisYear);
    $(`seg-${name}-add`).disabled = !options.festivals.length;
  }
}

const boxes = (field) => [...form.querySelectorAll(`input[type="checkbox"][name="${field}"]`)];

function showFestivals(name) {
  const list = $(`seg-${name}-list`);
  list.replaceChildren();
  if (!chosen[name].length) list.append(element("li", "empty-line", strings.noFestivals));
  for (const value of chosen[name]) {
    const item = element("li", "companies__member");
    item.dataset.value = value;
    const remove = element("button", "companies__remove", "×");
    remove.type = "button";
    remove.setAttribute("aria-label", fill(strings.removeFestival, { festival: festivalText(value) }));
    remove.addEventListener("click", () => removeFestival(name, value));
    item.append(element("span", "", festivalText(value)), remove);
    list.append(item);
  }
}

function announce(text) {
  $("festival-status").textContent = text;
}

function addFestival(name) {
  const value = `${$(`seg-${name}-key`).value}#${$(`seg-${name}-year`).value}`;
  clearGroupError($(`seg-${name}`));
  if (chosen[name].includes(value)) {
    announce(fill(strings.festivalAlready, { festival: festivalText(value) }));
    return;
  }
  chosen[name] = [...chosen[name], value];
  showFestivals(name);
  announce(fill(strings.festivalAdded, { festival: festivalText(value) }));
}

function removeFestival(name, value) {
  const index = chosen[name].indexOf(value);
  chosen[name] = chosen[name].filter((one) => one !== value);
  showFestivals(name);
  announce(fill(strings.festivalRemoved, { festival: festivalText(value) }));
  const left = [...$(`seg-${name}-list`).querySelectorAll(".companies__remove")];
  (left[Math.min(index, left.length - 1)] || $(`seg-${name}-key`)).focus();
}

function clearGroupError(group) {
  group.removeAttribute("aria-invalid");
  const line = $(`${group.id}-error`);
  line.hidden = true;
  line.textContent = "";
}

const NUMBERS = {
  "seg-spend-min": "spend_min_yuan",
  "seg-spend-max": "spend_max_yuan",
  "seg-bought-within": "bought_within_days",
  "seg-not-bought-for": "not_bought_for_days",
  "seg-purchases-min": "purchases_min",
  "seg-purchases-max": "purchases_max",
};
const splitTags = (text) =>
  text
    .split(/[,，、;；\s]+/)
    .map((tag) => tag.trim())
    .filter(Boolean);

/** The criteria's fields into the form. */
function fillForm(segment) {
  const c = criteriaOf(segment || {});
  $("segment-name").value = segment ? segment.name : "";
  for (const field of ["tiers", "categories"]) for (const box of boxes(field)) box.checked = (c[field] || []).includes(box.value);
  const automatic = new Set(options.tags.map((one) => one.key));
  for (const [field, own] of [
    ["tags", "seg-tags-own"],
    ["not_tags", "seg-not-tags-own"],
  ]) {
    const given = c[field] || [];
    for (const box of boxes(field)) box.checked = given.includes(box.value);
    $(own).value = given.filter((tag) => !automatic.has(tag)).join(strings.listJoin);
  }
  for (const [id, field] of Object.entries(NUMBERS)) $(id).value = c[field] != null ? String(c[field]) : "";
  $("seg-spend-months").value = String(c.spend_months || 12);
  $("seg-store").value = c.store || "";
  $("seg-birthday-month").value = c.birthday_month ? String(c.birthday_month) : "";
  $("seg-consent").value = c.consent || "";
  $("seg-no-booking-since").value = c.no_booking_since || "";
  chosen.festivals = [...(c.festivals || [])];
  chosen["not-festivals"] = [...(c.not_festivals || [])];
  for (const name of Object.keys(chosen)) showFestivals(name);
}

/** The form as the API takes it ({name, criteria}, only the criteria given), or {problem}: the
 *  first field to fix, all of them marked (when `mark`). `criteria` is what could be read. */
function readForm(mark = true) {
  const need = (ok, control, text, problems) => {
    if (ok) return;
    if (mark) fieldError(control, text);
    problems.push(control);
  };
  const problems = [];
  const name = $("segment-name").value.trim();
  need(name, $("segment-name"), strings.nameMissing, problems);
  const criteria = {};
  for (const field of ["tiers", "categories"]) {
    const checked = boxes(field).filter((box) => box.checked).map((box) => box.value);
    if (checked.length) criteria[field] = checked;
  }
  for (const [field, own] of [
    ["tags", "seg-tags-own"],
    ["not_tags", "seg-not-tags-own"],
  ]) {
    const typed = splitTags($(own).value);
    need(
      typed.every((tag) => tag.length <= 12),
      $(own),
      strings.tagTooLong,
      problems,
    );
    const all = [...new Set([...boxes(field).filter((box) => box.checked).map((box) => box.value), ...typed])];
    if (all.length) criteria[field] = all;
  }
  for (const [id, field] of Object.entries(NUMBERS)) {
    const typed = $(id).value.trim();
    if (!typed) continue;
    const number = typedNumber(typed, { whole: true });
    const days = field.endsWith("_days");
    need(number !== null && (!days || (number >= 1 && number <= 3650)), $(id), days ? strings.daysInvalid : strings.numberInvalid, problems);
    if (number !== null) criteria[field] = number;
  }
  for (const [low, high, id] of [
    ["spend_min_yuan", "spend_max_yuan", "seg-spend-max"],
    ["purchases_min", "purchases_max", "seg-purchases-max"],
  ]) {
    if (criteria[low] != null && criteria[high] != null) need(criteria[low] <= criteria[high], $(id), strings.rangeOrder, problems);
  }
  if (criteria.spend_min_yuan != null || criteria.spend_max_yuan != null) criteria.spend_months = Number($("seg-spend-months").value);
  if (chosen.festivals.length) criteria.festivals = [...chosen.festivals];
  if (chosen["not-festivals"].length) criteria.not_festivals = [...chosen["not-festivals"]];
  if ($("seg-no-booking-since").value) criteria.no_booking_since = $("seg-no-booking-since").value;
  if ($("seg-store").value) criteria.store = $("seg-store").value;
  if ($("seg-birthday-month").value) criteria.birthday_month = Number($("seg-birthday-month").value);
  if ($("seg-consent").value) criteria.consent = $("seg-consent").value;
  return problems.length ? { problem: problems[0], criteria } : { body: { name, criteria }, criteria };
}

/** The criteria in words as the form changes (fields are marked only when saving). */
function quietSummary() {
  $("segment-summary").textContent = summary(readForm(false).criteria);
}

function openBuilder(segment) {
  editing = segment;
  clearErrors(form);
  fillForm(segment);
  $("segment-form-title").textContent = segment ? fill(strings.editTitle, { segment: segment.name }) : strings.newTitle;
  $("save-segment").querySelector(".button__label").textContent = segment ? strings.saveEdit : strings.saveNew;
  $("segment-builder").hidden = false;
  quietSummary();
  $("segment-name").focus();
  $("segment-builder").scrollIntoView({ block: "start", behavior: "smooth" });
}

function closeBuilder() {
  editing = null;
  $("segment-builder").hidden = true;
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  const { body, problem } = readForm();
  if (problem) {
    showMessage("error", strings.checkFields, form);
    problem.focus();
    return;
  }
  const restore = setBusy($("save-segment"), strings.saving);
  const path = editing ? `/api/staff/segments/${encodeURIComponent(editing.id)}` : "/api/staff/segments";
  const answer = await api(path, { method: editing ? "PUT" : "POST", body });
  restore();
  if (refused(answer)) return;
  if (!answer.ok) {
    showProblems(form, answer.data);
    return;
  }
  const saved = answer.data;
  remember(saved);
  const status = $("segments-status");
  status.textContent = fill(strings.saved, { segment: saved.name });
  status.hidden = false;
  openSegment(saved, true);
}

// ---- the page --------------------------------------------------------------------------------
async function loadAll() {
  $("segments-loading").hidden = false;
  $("segments-error").hidden = true;
  const [opts, list] = await Promise.all([api("/api/staff/segment-options"), api("/api/staff/segments")]);
  $("segments-loading").hidden = true;
  for (const answer of [opts, list]) if (refused(answer)) return false;
  const failed = [opts, list].find((answer) => !answer.ok);
  if (failed) {
    $("segments-error-text").textContent = failed.data.message;
    $("segments-error").hidden = false;
    $("new-segment").disabled = true;
    return false;
  }
  options = { ...options, ...opts.data };
  segments = list.data.segments || [];
  $("new-segment").disabled = false;
  fillChoices();
  renderList();
  return true;
}

async function start() {
  const staff = await staffSession({ managersOnly: true });
  if (!staff) return;
  stopLoading();
  $("segments-body").hidden = false;
  if (!(await loadAll())) return;
  const wanted = new URLSearchParams(window.location.search).get("id");
  const segment = wanted && segments.find((one) => one.id === wanted);
  if (segment) openSegment(segment, false);
  else if (!segments.length) openBuilder(null);
}

$("segments-retry").addEventListener("click", async () => {
  if ((await loadAll()) && shown) watch(shown.id);
});
$("detail-retry").addEventListener("click", () => shown && watch(shown.id));
$("new-segment").addEventListener("click", () => {
  closeSegment();
  openBuilder(null);
});
$("cancel-segment").addEventListener("click", () => {
  const was = editing;
  closeBuilder();
  if (was) openSegment(was, true);
  else $("new-segment").focus();
});
$("detail-edit").addEventListener("click", () => {
  const segment = shown;
  follow++;
  $("segment-detail").hidden = true;
  openBuilder(segment);
});
$("detail-recount").addEventListener("click", recount);
$("detail-delete").addEventListener("click", askDelete);
dialog.querySelector("form").addEventListener("submit", onDelete);
for (const name of Object.keys(chosen)) $(`seg-${name}-add`).addEventListener("click", () => addFestival(name));
form.addEventListener("submit", save);
form.addEventListener("input", quietSummary);
form.addEventListener("change", quietSummary);
forgiveOnEdit(form);
start();
