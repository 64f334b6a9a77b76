// The booking slots (GET /api/staff/booking-rules; managers save them with PUT): the time windows
// and their places, the delivery fee, the same-day cut-off and the hold time, closed weekdays and
// days, the Gold share and Gold-first windows, the festivals (solar, lunar or Mother's Day, with
// their own capacities and early-bird price) and the card messages per occasion (each a Chinese
// and an English text, kept in one list as the API keeps them: Chinese, English, Chinese…).
// Staff see it read-only. What the page does not show (each store's own opening) is sent back as
// it came, so saving here never loses it. Loading, saving and the read-only view are
// staff-settings.js's.
import { fieldError } from "./form.js";
import { fenOf, typedNumber, yuanOf, yuanText } from "./money.js";
import { startSettings } from "./staff-settings.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("slots-form");
const WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const MAX_WINDOWS = 12;
const NUMBERS = {
  pickup_capacity: "slots-pickup",
  delivery_capacity: "slots-delivery",
  hold_hours: "slots-hold",
  gold_share_percent: "slots-gold-share",
  gold_first_days: "slots-gold-days",
};
const PEAK_NUMBERS = ["month", "day", "pickup_capacity", "delivery_capacity", "early_bird_days", "early_bird_percent"];

let rules = null;
let editable = false;
let serial = 0;

const shown = (value) => (value === null || value === undefined ? "" : String(value));

/** A copy of a row template, its controls given their own ids (and labels, and error lines). */
function rowFrom(templateId) {
  const row = $(templateId).content.firstElementChild.cloneNode(true);
  serial += 1;
  for (const control of row.querySelectorAll("[data-part]")) {
    control.id = `slot-${serial}-${control.dataset.part.replace(/_/g, "-")}`;
    const label = row.querySelector(`[data-for="${control.dataset.part}"]`);
    if (label) label.htmlFor = control.id;
    const error = row.querySelector(`[data-error-of="${control.dataset.part}"]`);
    if (error) error.id = `${control.id}-error`;
  }
  for (const button of row.querySelectorAll("[data-remove]")) button.hidden = !editable;
  return row;
}

const part = (row, name) => row.querySelector(`[data-part="${name}"]`);

// ---- windows ------------------------------------------------------------------------------
const windowRows = () => [...$("window-rows").querySelectorAll("[data-window-row]")];

function addWindow(value, focus) {
  const row = rowFrom("window-template");
  part(row, "window").value = value || "";
  $("window-rows").append(row);
  renumber();
  if (focus) part(row, "window").focus();
}

function typedWindows() {
  return windowRows().map((row) => part(row, "window").value.trim().replace(/[–—~～]/g, "-").replace(/\s/g, ""));
}

/** The Gold-first choices follow the windows as they are typed. */
function showGoldWindows(chosen) {
  const place = $("gold-windows");
  const before = chosen || [...place.querySelectorAll("input:checked")].map((box) => box.value);
  place.textContent = "";
  for (const window of typedWindows().filter((w) => WINDOW.test(w))) {
    const label = document.createElement("label");
    label.className = "chip-check";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = window;
    box.checked = before.includes(window);
    box.disabled = !editable;
    const text = document.createElement("span");
    text.textContent = window;
    label.append(box, text);
    place.append(label);
  }
  if (!place.children.length) {
    const none = document.createElement("p");
    none.className = "empty-line";
    none.textContent = strings.noWindows;
    place.append(none);
  }
}

// ---- closed days --------------------------------------------------------------------------
const closedRows = () => [...$("closed-rows").querySelectorAll("[data-closed-row]")];

function addClosed(value, focus) {
  const row = rowFrom("closed-template");
  part(row, "closed").value = value || "";
  $("closed-rows").append(row);
  renumber();
  if (focus) part(row, "closed").focus();
}

// ---- festivals ----------------------------------------------------------------------------
const peakRows = () => [...$("peak-rows").querySelectorAll("[data-peak-row]")];

function showPeakDate(row) {
  const movable = part(row, "calendar").value === "mothers-day";
  for (const field of row.querySelectorAll(".peak__date")) field.hidden = movable;
}

function addPeak(peak, focus) {
  const row = rowFrom("peak-template");
  const given = peak || { calendar: "solar", month: 1, day: 1, pickup_capacity: 30, delivery_capacity: 30, early_bird_days: 14, early_bird_percent: 10 };
  row.dataset.key = given.key || "";
  part(row, "name_zh").value = given.name_zh || "";
  part(row, "name_en").value = given.name_en || "";
  part(row, "calendar").value = given.calendar || "solar";
  for (const name of PEAK_NUMBERS) part(row, name).value = shown(given[name]);
  part(row, "calendar").addEventListener("change", () => showPeakDate(row));
  showPeakDate(row);
  $("peak-rows").append(row);
  renumber();
  if (focus) part(row, "name_zh").focus();
}

/** A new festival's key, from its English name: "Dragon Boat" is dragon-boat. */
function keyFor(row, taken) {
  if (row.dataset.key) return row.dataset.key;
  const base = part(row, "name_en").value.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 24) || "festival";
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  return key;
}

// ---- card messages ------------------------------------------------------------------------
function groupRows(group) {
  return [...group.querySelectorAll("[data-template-row]")];
}

function addTemplate(group, zh, en, focus) {
  const row = rowFrom("template-template");
  part(row, "zh").value = zh || "";
  part(row, "en").value = en || "";
  group.querySelector("[data-template-rows]").append(row);
  renumber();
  if (focus) part(row, "zh").focus();
}

// ---- numbering: ids stay, the API's field names and the labels follow the order --------------
function renumber() {
  windowRows().forEach((row, i) => {
    part(row, "window").dataset.field = `windows.${i} windows`;
    row.querySelector("[data-remove]").setAttribute("aria-label", fill(strings.removeWindow, { window: part(row, "window").value || i + 1 }));
  });
  $("add-window").disabled = windowRows().length >= MAX_WINDOWS;
  closedRows().forEach((row, i) => {
    part(row, "closed").dataset.field = `closed_days.${i}`;
    row.querySelector("[data-remove]").setAttribute("aria-label", fill(strings.removeDay, { number: i + 1 }));
  });
  $("closed-empty").hidden = closedRows().length > 0;
  peakRows().forEach((row, i) => {
    const name = part(row, "name_zh").value || fill(strings.peakNumber, { number: i + 1 });
    row.querySelector("[data-peak-title]").textContent = name;
    for (const control of row.querySelectorAll("[data-part]")) control.dataset.field = `peak_days.${i}.${control.dataset.part}`;
    row.querySelector("[data-remove]").setAttribute("aria-label", fill(strings.removePeak, { name }));
  });
  $("peaks-empty").hidden = peakRows().length > 0;
  for (const group of form.querySelectorAll("[data-occasion]")) {
    const rows = groupRows(group);
    rows.forEach((row, i) => {
      part(row, "zh").dataset.field = `card_templates.${group.dataset.occasion}.${i * 2} card_templates.${group.dataset.occasion}`;
      part(row, "en").dataset.field = `card_templates.${group.dataset.occasion}.${i * 2 + 1}`;
      row.querySelector("[data-remove]").setAttribute("aria-label", fill(strings.removeMessage, { number: i + 1 }));
    });
    group.querySelector("[data-count]").textContent = fill(strings.messages, { count: rows.length });
  }
}

// ---- showing and reading ------------------------------------------------------------------
function showRules(loaded) {
  rules = loaded;
  $("window-rows").textContent = "";
  for (const window of loaded.windows || []) addWindow(window);
  for (const [name, id] of Object.entries(NUMBERS)) $(id).value = shown(loaded[name]);
  $("slots-fee").value = typeof loaded.delivery_fee_fen === "number" ? yuanOf(loaded.delivery_fee_fen) : "";
  $("slots-cutoff").value = loaded.cutoff || "";
  for (const box of form.querySelectorAll('input[name="closed_weekdays"]')) box.checked = (loaded.closed_weekdays || []).includes(Number(box.value));
  $("closed-rows").textContent = "";
  for (const day of loaded.closed_days || []) addClosed(day);
  showGoldWindows(loaded.gold_priority_windows || []);
  $("peak-rows").textContent = "";
  for (const peak of loaded.peak_days || []) addPeak(peak);
  for (const group of form.querySelectorAll("[data-occasion]")) {
    group.querySelector("[data-template-rows]").textContent = "";
    const texts = (loaded.card_templates || {})[group.dataset.occasion] || [];
    for (let i = 0; i < texts.length; i += 2) addTemplate(group, texts[i], texts[i + 1] || "");
  }
  renumber();
}

function need(ok, control, text, problems) {
  if (ok) return;
  fieldError(control, text);
  problems.push(control);
}

function whole(control, problems) {
  const value = typedNumber(control.value, { whole: true });
  need(value !== null, control, strings.wholeInvalid, problems);
  return value;
}

function readWindows(problems) {
  const windows = typedWindows();
  windowRows().forEach((row, i) => {
    const [start, end] = windows[i].split("-");
    need(WINDOW.test(windows[i]) && start < end, part(row, "window"), strings.windowInvalid, problems);
  });
  return windows;
}

function readPeaks(problems) {
  const taken = new Set(peakRows().map((row) => row.dataset.key).filter(Boolean));
  return peakRows().map((row) => {
    const peak = { key: keyFor(row, taken) };
    taken.add(peak.key);
    row.dataset.key = peak.key;
    for (const name of ["name_zh", "name_en"]) {
      peak[name] = part(row, name).value.trim();
      need(peak[name], part(row, name), strings.nameMissing, problems);
    }
    peak.calendar = part(row, "calendar").value;
    for (const name of PEAK_NUMBERS) {
      if (peak.calendar === "mothers-day" && (name === "month" || name === "day")) continue;
      peak[name] = whole(part(row, name), problems);
    }
    if (peak.calendar === "mothers-day") Object.assign(peak, { month: 5, day: 1 });
    return peak;
  });
}

function readTemplates(problems) {
  const templates = {};
  for (const group of form.querySelectorAll("[data-occasion]")) {
    const texts = [];
    for (const row of groupRows(group)) {
      const zh = part(row, "zh").value.trim();
      const en = part(row, "en").value.trim();
      if (!zh && !en) continue;
      need(zh, part(row, "zh"), strings.textMissing, problems);
      need(en, part(row, "en"), strings.textMissing, problems);
      texts.push(zh, en);
    }
    if (texts.length) templates[group.dataset.occasion] = texts;
  }
  return templates;
}

/** BookingRules as the API takes them, or {problem} with the fields to fix marked. */
function readRules() {
  const problems = [];
  const body = { ...rules };
  body.windows = readWindows(problems);
  for (const [name, id] of Object.entries(NUMBERS)) body[name] = whole($(id), problems);
  const fee = yuanText($("slots-fee").value || "0");
  need(fee !== null, $("slots-fee"), strings.yuanInvalid, problems);
  body.delivery_fee_fen = fee === null ? null : fenOf(fee);
  body.cutoff = $("slots-cutoff").value;
  need(/^\d\d:\d\d$/.test(body.cutoff), $("slots-cutoff"), strings.windowInvalid, problems);
  body.closed_weekdays = [...form.querySelectorAll('input[name="closed_weekdays"]:checked')].map((box) => Number(box.value));
  body.closed_days = closedRows().map((row) => part(row, "closed").value).filter(Boolean);
  body.gold_priority_windows = [...$("gold-windows").querySelectorAll("input:checked")].map((box) => box.value).filter((w) => body.windows.includes(w));
  body.peak_days = readPeaks(problems);
  body.card_templates = readTemplates(problems);
  return problems.length ? { problem: problems[0] } : { body };
}

function onRemove(event) {
  const button = event.target.closest("[data-remove]");
  if (!button) return;
  const row = button.closest("li");
  const list = row.parentElement;
  const rows = [...list.children];
  const index = rows.indexOf(row);
  row.remove();
  renumber();
  showGoldWindows();
  const left = [...list.children];
  const next = left[Math.min(index, left.length - 1)];
  (next ? next.querySelector("input, select") : list.parentElement.querySelector("button")).focus();
}

form.addEventListener("click", onRemove);
form.addEventListener("input", (event) => {
  if (event.target.dataset.part === "window") showGoldWindows();
  if (event.target.dataset.part === "name_zh") renumber();
});
$("add-window").addEventListener("click", () => addWindow("", true));
$("add-closed").addEventListener("click", () => addClosed("", true));
$("add-peak").addEventListener("click", () => addPeak(null, true));
for (const button of form.querySelectorAll("[data-add-template]")) {
  button.addEventListener("click", () => addTemplate(button.closest("[data-occasion]"), "", "", true));
}
startSettings({
  name: "slots",
  path: "/api/staff/booking-rules",
  show: showRules,
  read: readRules,
  prepare: (manager) => {
    editable = manager;
  },
  reveal: (control) => control.closest("details")?.setAttribute("open", ""),
  revealAll: () => {
    for (const details of form.querySelectorAll("details")) details.open = true;
  },
});
