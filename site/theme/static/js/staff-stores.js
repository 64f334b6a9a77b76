// The stores (managers): the list, each with its poster, and one form to add a store or edit one.
import { api, pageUrl } from "./api.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { pageMessage, showManagersOnly, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const list = $("store-list");
const form = $("store-form");
const FIELDS = ["name", "address", "phone", "hours"];

let stores = [];
let editing = null;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function posterUrl(store) {
  return pageUrl(`staff/poster/?${new URLSearchParams({ store: store.id })}`);
}

function row(store) {
  const item = element("li", "admin-row");
  const main = element("div", "admin-row__main");
  main.append(element("p", "admin-row__name", store.name));
  for (const line of [store.address, store.phone, store.hours].filter(Boolean)) {
    main.append(element("p", "admin-row__details", line));
  }
  const controls = element("div", "admin-row__controls");
  const edit = element("button", "button button--small button--secondary", strings.edit);
  edit.type = "button";
  edit.setAttribute("aria-label", fill(strings.editStore, { store: store.name }));
  edit.addEventListener("click", () => startEditing(store));
  const poster = element("a", "button button--small button--secondary", strings.poster);
  poster.href = posterUrl(store);
  poster.setAttribute("aria-label", fill(strings.posterFor, { store: store.name }));
  controls.append(edit, poster);
  item.append(main, controls);
  return item;
}

function render() {
  list.textContent = "";
  if (!stores.length) list.append(element("li", "empty-line", strings.noStores));
  for (const store of stores) list.append(row(store));
}

function setMode(store) {
  editing = store;
  $("store-form-title").textContent = store ? fill(strings.editTitle, { store: store.name }) : strings.addTitle;
  $("save-store").querySelector(".button__label").textContent = store ? strings.saveButton : strings.addButton;
  $("cancel-edit").hidden = !store;
}

function startEditing(store) {
  clearErrors(form);
  for (const field of FIELDS) $(`store-${field}`).value = store[field] || "";
  setMode(store);
  $("store-name").focus();
  $("store-form-title").scrollIntoView({ block: "start", behavior: "smooth" });
}

function stopEditing() {
  clearErrors(form);
  form.reset();
  setMode(null);
}

function announce(text) {
  $("stores-status").textContent = text;
  $("stores-status").hidden = !text;
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  announce("");
  const body = Object.fromEntries(FIELDS.map((field) => [field, $(`store-${field}`).value.trim()]));
  if (!body.name) {
    fieldError($("store-name"), strings.nameMissing);
    return $("store-name").focus();
  }
  const restore = setBusy($("save-store"), strings.saving);
  const answer = editing
    ? await api(`/api/staff/stores/${encodeURIComponent(editing.id)}`, { method: "PATCH", body })
    : await api("/api/staff/stores", { method: "POST", body });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (answer.status === 403) return showManagersOnly();
  if (!answer.ok) return showProblems(form, answer.data);
  const saved = answer.data;
  const wasEditing = Boolean(editing);
  stores = wasEditing ? stores.map((s) => (s.id === saved.id ? saved : s)) : [...stores, saved];
  render();
  stopEditing();
  showMessage("success", fill(wasEditing ? strings.saved : strings.added, { store: saved.name }), form);
}

async function start() {
  const me = await staffSession({ managersOnly: true });
  if (!me) return;
  const answer = await api("/api/staff/stores");
  stopLoading();
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) return pageMessage("error", answer.data.message);
  stores = answer.data.stores || [];
  render();
  $("stores").hidden = false;
}

form.addEventListener("submit", save);
$("cancel-edit").addEventListener("click", stopEditing);
forgiveOnEdit(form);
start();
