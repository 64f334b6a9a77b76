// The care-guide index's search and filters, in the browser: the guides are all in the page
// (care.html, so without this script every guide shows), and care/search.json, written with the
// site, says for each what its filters read and the text its search matches (the names in both
// languages, the species, the summary). Typing or ticking hides the guides that do not match,
// says how many are left (politely, to screen readers too) and keeps the choice in the address
// (?q=百合&light=low&pets=safe&easy=1&kind=plant), so a filtered list can be shared and the back
// button goes back through the choices.
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("care-search");
const input = $("care-q");
const status = $("care-count");
const summary = $("care-summary");
const clearButton = $("care-clear");
const emptyActions = $("care-empty-actions");
const cards = new Map(Array.from(document.querySelectorAll(".care-result[data-slug]"), (card) => [card.dataset.slug, card]));
const groups = Array.from(document.querySelectorAll(".care-group"));

const MAX_QUERY = 40;
const KINDS = ["plant", "cut-flower"];
/** The ticked filters: the address's parameter and value, its checkbox, and what it asks of a guide. */
const FILTERS = [
  { name: "light", value: "low", box: $("care-light"), test: (guide) => guide.light === "low" },
  { name: "pets", value: "safe", box: $("care-pets"), test: (guide) => guide.cats === "safe" && guide.dogs === "safe" },
  { name: "easy", value: "1", box: $("care-easy"), test: (guide) => guide.difficulty === "easy" },
];
const OURS = ["q", ...FILTERS.map((filter) => filter.name), "kind"];
const ANNOUNCE_AFTER_MS = 500; // while typing, the count is said once the typing pauses

let guides = null; // care/search.json's guides, once here
let typing = false; // the current history entry is the one this bout of typing made
let announceTimer = 0;

/**
 * The words a query is split into, folded as care/search.json's text is (NFKC, lower case), each
 * with its English singular or plural ("lily" finds "Cut lilies", "roses" finds "Rose").
 */
function terms(query) {
  const words = query.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
  return words.map((word) => {
    const forms = [word];
    if (word.length < 4 || !/^[a-z]+$/.test(word)) return forms;
    if (word.endsWith("ies")) forms.push(`${word.slice(0, -3)}y`);
    else if (word.endsWith("y")) forms.push(`${word.slice(0, -1)}ies`);
    else if (word.endsWith("s") && !word.endsWith("ss")) forms.push(word.slice(0, -1));
    return forms;
  });
}

function emptyState() {
  return { q: "", light: false, pets: false, easy: false, kind: "" };
}

function isActive(state) {
  return Boolean(state.q.trim() || state.kind || FILTERS.some((filter) => state[filter.name]));
}

function fromAddress() {
  const params = new URLSearchParams(window.location.search);
  const state = emptyState();
  state.q = (params.get("q") || "").slice(0, MAX_QUERY);
  for (const filter of FILTERS) state[filter.name] = params.get(filter.name) === filter.value;
  const kind = params.get("kind") || "";
  state.kind = KINDS.includes(kind) ? kind : "";
  return state;
}

/** The page's address for a state; parameters that are not the search's are kept. */
function addressOf(state) {
  const params = new URLSearchParams(window.location.search);
  for (const name of OURS) params.delete(name);
  const query = state.q.trim();
  if (query) params.set("q", query);
  for (const filter of FILTERS) if (state[filter.name]) params.set(filter.name, filter.value);
  if (state.kind) params.set("kind", state.kind);
  const search = params.toString();
  return `${window.location.pathname}${search ? `?${search}` : ""}${window.location.hash}`;
}

function currentAddress() {
  return `${window.location.pathname}${window.location.search}${window.location.hash}`;
}

function fromForm() {
  const state = emptyState();
  state.q = input.value.slice(0, MAX_QUERY);
  for (const filter of FILTERS) state[filter.name] = filter.box.checked;
  const kind = form.querySelector("input[name=kind]:checked");
  state.kind = kind ? kind.value : "";
  return state;
}

function showInForm(state) {
  if (input.value.trim() !== state.q.trim()) input.value = state.q;
  for (const filter of FILTERS) filter.box.checked = state[filter.name];
  for (const radio of form.querySelectorAll("input[name=kind]")) radio.checked = radio.value === state.kind;
}

function matches(guide, state, words) {
  if (state.kind && guide.kind !== state.kind) return false;
  if (FILTERS.some((filter) => state[filter.name] && !filter.test(guide))) return false;
  return words.every((forms) => forms.some((form) => guide.text.includes(form)));
}

function countText(count) {
  if (count === 0) return strings.careNone;
  return count === 1 ? strings.careFoundOne : fill(strings.careFound, { count });
}

function labelOf(control) {
  return (control.closest("label") || control).textContent.trim();
}

function actionButton(text, onClick) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--secondary button--small";
  button.textContent = text;
  button.addEventListener("click", onClick);
  return button;
}

/** With nothing found: a way to drop each thing asked for, one at a time, or all of them. */
function showEmptyActions(state) {
  const actions = [];
  const query = state.q.trim();
  if (query) {
    actions.push(actionButton(fill(strings.careClearQuery, { query }), () => change({ ...state, q: "" }, input)));
  }
  for (const filter of FILTERS) {
    if (!state[filter.name]) continue;
    const text = fill(strings.careRemove, { filter: labelOf(filter.box) });
    actions.push(actionButton(text, () => change({ ...state, [filter.name]: false }, filter.box)));
  }
  if (state.kind) {
    const radio = $(`care-kind-${state.kind}`);
    const all = $("care-kind-all");
    actions.push(actionButton(fill(strings.careRemove, { filter: labelOf(radio) }), () => change({ ...state, kind: "" }, all)));
  }
  if (actions.length > 1) {
    actions.push(actionButton(fill(strings.careShowAll, { count: cards.size }), () => change(emptyState(), input)));
  }
  emptyActions.replaceChildren(...actions);
}

function announce(text, later) {
  window.clearTimeout(announceTimer);
  if (!later) {
    status.textContent = text;
    return;
  }
  announceTimer = window.setTimeout(() => {
    status.textContent = text;
  }, ANNOUNCE_AFTER_MS);
}

/** Show the guides that match `state`; `later`: say the count once typing pauses. */
function show(state, later = false) {
  if (!guides) return;
  const words = terms(state.q);
  const shown = new Set(guides.filter((guide) => matches(guide, state, words)).map((guide) => guide.slug));
  const active = isActive(state);
  for (const [slug, card] of cards) card.hidden = active && !shown.has(slug);
  for (const group of groups) {
    const visible = group.querySelectorAll(".care-result:not([hidden])").length;
    group.hidden = visible === 0;
    const count = group.querySelector("[data-count]");
    if (count) count.textContent = String(visible);
  }
  const count = active ? shown.size : cards.size;
  clearButton.hidden = !active || count === 0;
  summary.classList.toggle("care-summary--none", count === 0);
  emptyActions.hidden = count > 0;
  if (count === 0) showEmptyActions(state);
  else emptyActions.replaceChildren();
  announce(countText(count), later);
}

/** A choice made: a new history entry (the back button undoes it), the list, the count. */
function change(state, focus) {
  typing = false;
  showInForm(state);
  const address = addressOf(state);
  if (address !== currentAddress()) window.history.pushState(null, "", address);
  show(state);
  if (focus) focus.focus();
}

/** Typed: the first keystroke of a bout makes a history entry, the next ones replace it. */
function typed() {
  const state = fromForm();
  const address = addressOf(state);
  if (typing) window.history.replaceState(null, "", address);
  else if (address !== currentAddress()) {
    window.history.pushState(null, "", address);
    typing = true;
  }
  show(state, true);
}

function listen() {
  let composing = false; // a Chinese input method is still choosing characters (拼音 → 百合)
  input.addEventListener("compositionstart", () => {
    composing = true;
  });
  input.addEventListener("compositionend", () => {
    composing = false;
    typed(); // some browsers (WeChat's on iOS among them) send no input event after it
  });
  input.addEventListener("input", (event) => {
    if (!composing && !event.isComposing) typed();
  });
  input.addEventListener("change", () => {
    typing = false; // left the box or pressed Enter: the next typing is a new entry
  });
  form.addEventListener("change", (event) => {
    if (event.target !== input) change(fromForm());
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    typing = false;
    show(fromForm());
    // on a phone, Enter ("搜索") puts the keyboard away so that the guides can be seen
    if (window.matchMedia("(pointer: coarse)").matches) input.blur();
  });
  clearButton.addEventListener("click", () => change(emptyState(), input));
  window.addEventListener("popstate", () => {
    typing = false;
    const state = fromAddress();
    showInForm(state);
    show(state);
  });
}

async function loadIndex() {
  try {
    const answer = await fetch(form.dataset.index, { credentials: "same-origin" });
    return answer.ok ? await answer.json() : null;
  } catch {
    return null;
  }
}

/**
 * The form shows at once (so the page does not jump once the index comes) and is read as soon
 * as the index is here; without the index, no search: the form goes and every guide shows.
 */
async function start() {
  if (!form) return;
  const asked = fromAddress();
  showInForm(asked);
  form.hidden = false;
  summary.hidden = false;
  listen();
  const index = await loadIndex();
  if (!index || !Array.isArray(index.guides)) {
    form.hidden = true;
    summary.hidden = true;
    return;
  }
  guides = index.guides.filter((guide) => cards.has(guide.slug));
  const state = fromForm(); // what the address asked for, or what was typed in the meantime
  window.history.replaceState(null, "", addressOf(state)); // a parameter it did not know is dropped
  show(state);
}

start();
