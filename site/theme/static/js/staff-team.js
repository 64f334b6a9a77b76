// The team (managers): every staff account with its role and whether it may sign in, and a form
// to add one. A change is saved at once (PATCH /api/staff/staff/{id}); disabling signs the
// account out everywhere. A manager cannot disable or demote their own account here.
import { api } from "./api.js";
import { readablePhone } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { pageMessage, showManagersOnly, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const list = $("team-list");
const form = $("staff-form");

let me = null;
let team = [];

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function announce(text) {
  const line = $("team-status");
  line.textContent = text;
  line.hidden = !text;
}

/** An answer that cannot be shown as a result: says why, and true when the caller should stop. */
function failed(answer) {
  if (answer.ok) return false;
  if (answer.status === 401) toStaffSignIn();
  else if (answer.status === 403) showManagersOnly();
  else pageMessage("error", answer.data.message);
  return true;
}

function roleSelect(person) {
  const id = `role-${person.id}`;
  const wrap = element("div", "admin-row__control");
  const label = element("label", "visually-hidden", fill(strings.roleFor, { name: person.name }));
  label.htmlFor = id;
  const select = element("select", "field__input field__input--small");
  select.id = id;
  for (const role of ["staff", "manager"]) {
    const option = element("option", "", strings.roles[role]);
    option.value = role;
    select.append(option);
  }
  select.value = person.role;
  select.disabled = person.id === me.id;
  select.addEventListener("change", () => change(person, { role: select.value }, select));
  wrap.append(label, select);
  return wrap;
}

function row(person) {
  const item = element("li", `admin-row${person.active ? "" : " admin-row--off"}`);
  item.dataset.id = person.id;
  const who = element("div", "admin-row__main");
  const name = element("p", "admin-row__name", person.name);
  if (person.id === me.id) name.append(" ", element("span", "admin-row__you", `(${strings.you})`));
  const status = element("span", `badge ${person.active ? "badge--pet-safe" : "badge--off"}`, person.active ? strings.active : strings.disabled);
  name.append(" ", status);
  const contact = person.contact ? readablePhone(person.contact) : "";
  const details = [contact, person.store ? person.store.name : strings.noStore].filter(Boolean).join(" · ");
  who.append(name, element("p", "admin-row__details", details));
  const toggle = element("button", "button button--small button--secondary");
  toggle.type = "button";
  toggle.append(element("span", "button__spinner"), element("span", "button__label", person.active ? strings.disable : strings.enable));
  toggle.querySelector(".button__spinner").setAttribute("aria-hidden", "true");
  toggle.setAttribute("aria-label", `${person.active ? strings.disable : strings.enable} ${person.name}`);
  toggle.disabled = person.id === me.id;
  toggle.addEventListener("click", () => change(person, { active: !person.active }, toggle));
  const controls = element("div", "admin-row__controls");
  controls.append(roleSelect(person), toggle);
  item.append(who, controls);
  return item;
}

function render() {
  list.textContent = "";
  if (!team.length) list.append(element("li", "empty-line", strings.noStaff));
  for (const person of team) list.append(row(person));
}

function doneText(person, changes) {
  if ("active" in changes) return fill(changes.active ? strings.enabledDone : strings.disabledDone, { name: person.name });
  return fill(strings.roleDone, { name: person.name, role: strings.roles[changes.role] });
}

async function change(person, changes, control) {
  announce("");
  pageMessage("info", "");
  const restore = control.tagName === "BUTTON" ? setBusy(control, strings.saving) : null;
  if (!restore) control.disabled = true;
  const answer = await api(`/api/staff/staff/${encodeURIComponent(person.id)}`, { method: "PATCH", body: changes });
  if (restore) restore();
  else control.disabled = false;
  if (failed(answer)) {
    render(); // back to what is on record
    return;
  }
  team = team.map((p) => (p.id === person.id ? answer.data : p));
  render();
  const focusAgain = list.querySelector(`[data-id="${CSS.escape(person.id)}"] ${"active" in changes ? "button" : "select"}`);
  if (focusAgain) focusAgain.focus();
  announce(doneText(answer.data, changes));
}

function fillStores(stores) {
  const select = $("staff-store");
  select.textContent = "";
  for (const store of stores) {
    const option = element("option", "", store.name);
    option.value = store.id;
    select.append(option);
  }
  if (me.store) select.value = me.store.id;
}

async function addStaff(event) {
  event.preventDefault();
  clearErrors(form);
  const name = $("staff-name").value.trim();
  const contact = $("staff-contact").value.trim();
  if (!name) fieldError($("staff-name"), strings.nameMissing);
  if (!contact) fieldError($("staff-contact"), strings.contactMissing);
  if (!name || !contact) return (name ? $("staff-contact") : $("staff-name")).focus();
  const restore = setBusy($("add-staff"), strings.adding);
  const body = { contact, name, role: $("staff-role").value, store: $("staff-store").value };
  const answer = await api("/api/staff/staff", { method: "POST", body });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (answer.status === 403) return showManagersOnly();
  if (!answer.ok) return showProblems(form, answer.data);
  team.push(answer.data);
  render();
  form.reset();
  if (me.store) $("staff-store").value = me.store.id;
  showMessage("success", fill(strings.addedDone, { name: answer.data.name }), form);
}

async function start() {
  me = await staffSession({ managersOnly: true });
  if (!me) return;
  const [staffAnswer, storesAnswer] = await Promise.all([api("/api/staff/staff"), api("/api/staff/stores")]);
  stopLoading();
  if (failed(staffAnswer) || failed(storesAnswer)) return;
  team = staffAnswer.data.staff || [];
  fillStores(storesAnswer.data.stores || []);
  render();
  $("team").hidden = false;
}

form.addEventListener("submit", addStaff);
forgiveOnEdit(form);
start();
