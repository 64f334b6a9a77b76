// The rules' bonus events: rows to add and remove, each with its names in both languages, its
// first and last day, its multiplier and, optionally, the tiers and stores it is for. Rows are
// copies of the page's template, numbered after every change so that each control has its own
// id and the API's field name (events.0.name_zh…) for its errors.
import { fieldError } from "./form.js";
import { typedNumber } from "./money.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const list = $("events");
const MAX_EVENTS = 20;
const PARTS = { "name-zh": "name_zh", "name-en": "name_en", starts: "starts_on", ends: "ends_on", multiplier: "multiplier" };

let stores = [];
let editable = false;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function rows() {
  return [...list.querySelectorAll("[data-event]")];
}

function storeChip(id, name, checked) {
  const label = element("label", "chip-check");
  const box = element("input");
  box.type = "checkbox";
  box.value = id;
  box.checked = checked;
  box.dataset.eventStore = "";
  label.append(box, element("span", "", name));
  return label;
}

function fillStores(row, chosen) {
  const place = row.querySelector("[data-event-stores]");
  place.textContent = "";
  const known = new Set(stores.map((s) => s.id));
  for (const store of stores) place.append(storeChip(store.id, store.name, chosen.includes(store.id)));
  for (const id of chosen.filter((id) => !known.has(id))) place.append(storeChip(id, id, true)); // a store since closed
  if (!place.children.length) place.append(element("p", "empty-line", strings.noStores));
}

/** Number every row's ids, labels, error lines and API field names after an add or a remove. */
function renumber() {
  rows().forEach((row, index) => {
    const n = index + 1;
    row.querySelector("[data-event-title]").textContent = fill(strings.eventNumber, { number: n });
    for (const [part, field] of Object.entries(PARTS)) {
      const control = row.querySelector(`.event-${part}`);
      const label = row.querySelector(`label[for="${CSS.escape(control.id)}"]`);
      const error = row.querySelector(`#${CSS.escape(control.id)}-error`);
      const hint = row.querySelector(`#${CSS.escape(control.id)}-hint`);
      control.id = `event-${part}-${n}`;
      if (label) label.htmlFor = control.id;
      if (error) error.id = `${control.id}-error`;
      if (hint) {
        hint.id = `${control.id}-hint`;
        control.setAttribute("aria-describedby", hint.id);
      }
      // The end day also answers for the event as a whole (its days in the wrong order).
      control.dataset.field = part === "ends" ? `events.${index}.${field} events.${index}` : `events.${index}.${field}`;
    }
    row.querySelector("[data-remove-event]").setAttribute("aria-label", fill(strings.removeEvent, { number: n }));
  });
  $("events-empty").hidden = rows().length > 0;
  $("add-event").disabled = rows().length >= MAX_EVENTS;
}

function addEvent(event, { focus = false } = {}) {
  if (rows().length >= MAX_EVENTS) return;
  const row = $("event-template").content.firstElementChild.cloneNode(true);
  list.append(row);
  const given = event || {};
  row.querySelector(".event-name-zh").value = given.name_zh || "";
  row.querySelector(".event-name-en").value = given.name_en || "";
  row.querySelector(".event-starts").value = given.starts_on || "";
  row.querySelector(".event-ends").value = given.ends_on || "";
  row.querySelector(".event-multiplier").value = given.multiplier ? String(given.multiplier) : "2";
  for (const box of row.querySelectorAll("[data-event-tier]")) box.checked = (given.tiers || []).includes(box.value);
  fillStores(row, given.stores || []);
  row.querySelector("[data-remove-event]").hidden = !editable;
  renumber();
  if (focus) row.querySelector(".event-name-zh").focus();
}

function removeEvent(row) {
  const index = rows().indexOf(row);
  row.remove();
  renumber();
  const left = rows();
  if (left.length) left[Math.min(index, left.length - 1)].querySelector(".event-name-zh").focus();
  else $("add-event").focus();
}

export function showEvents(events, storeList) {
  stores = storeList;
  list.textContent = "";
  for (const event of events || []) addEvent(event);
  renumber();
}

/** The events as the API takes them; the controls to fix are marked, and the first is returned as `problem`. */
export function readEvents() {
  const events = [];
  const problems = [];
  const need = (ok, control, text) => {
    if (ok) return;
    fieldError(control, text);
    problems.push(control);
  };
  for (const row of rows()) {
    const [nameZh, nameEn, starts, ends, multiplier] = ["name-zh", "name-en", "starts", "ends", "multiplier"].map((part) => row.querySelector(`.event-${part}`));
    const times = typedNumber(multiplier.value);
    need(nameZh.value.trim(), nameZh, strings.nameMissing);
    need(nameEn.value.trim(), nameEn, strings.nameMissing);
    need(starts.value, starts, strings.dateMissing);
    need(ends.value, ends, strings.dateMissing);
    need(!starts.value || !ends.value || ends.value >= starts.value, ends, strings.datesOrder);
    need(times !== null, multiplier, strings.numberInvalid);
    events.push({
      name_zh: nameZh.value.trim(),
      name_en: nameEn.value.trim(),
      starts_on: starts.value,
      ends_on: ends.value,
      multiplier: times,
      tiers: [...row.querySelectorAll("[data-event-tier]:checked")].map((box) => box.value),
      stores: [...row.querySelectorAll("[data-event-store]:checked")].map((box) => box.value),
    });
  }
  return problems.length ? { problem: problems[0] } : { events };
}

export function startEvents({ canEdit }) {
  editable = canEdit;
  $("add-event").addEventListener("click", () => addEvent(null, { focus: true }));
  list.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-remove-event]");
    if (remove) removeEvent(remove.closest("[data-event]"));
  });
}
