// The open follow-ups of low ratings (GET /api/staff/follow-ups[?store=]): each with the member
// (a link to their card), the stars, the comment, what was rated and when. "Close…" opens a note
// of what was done in place, and closing (POST /api/staff/follow-ups/{id}/close) takes it off the
// list. Clerks see their own store; managers choose the store, kept in the address (?store=).
import { api, pageUrl } from "./api.js";
import { element } from "./booking-text.js";
import { formatDateTime, formatDay } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showProblems } from "./form.js";
import { actionButton, statusLine } from "./notebook.js";
import { pageMessage, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { starsShown } from "./stars.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const status = statusLine("follow-ups-status");
const storeNames = new Map(); // store id -> name
let followUps = [];
let manager = false;
let latest = 0; // a slow answer for an earlier store is dropped

function storeName(store) {
  if (!store) return "";
  if (typeof store === "object") return store.name || storeNames.get(store.id) || "";
  return storeNames.get(store) || store;
}

function closeForm(followUp) {
  const form = element("form", "form follow-up__close");
  form.noValidate = true;
  form.hidden = true;
  form.id = `close-${followUp.index}`;
  const id = `note-${followUp.index}`;
  const field = element("div", "field");
  const label = element("label", "field__label", strings.note);
  label.htmlFor = id;
  const hint = element("p", "field__hint", strings.noteHint);
  hint.id = `${id}-hint`;
  const area = element("textarea", "field__input field__input--area");
  area.id = id;
  area.rows = 3;
  area.maxLength = 300;
  area.dataset.field = "note";
  area.setAttribute("aria-describedby", hint.id);
  const error = element("p", "field__error");
  error.id = `${id}-error`;
  error.hidden = true;
  field.append(label, hint, area, error);
  const message = element("div", "message");
  message.setAttribute("role", "alert");
  message.dataset.formMessage = "";
  message.hidden = true;
  const actions = element("div", "actions");
  const yes = actionButton("close-yes", strings.closeYes, strings.closeYes, "primary");
  yes.type = "submit";
  actions.append(yes, actionButton("close-no", strings.closeNo, strings.closeNo));
  form.append(field, message, actions);
  forgiveOnEdit(form);
  return form;
}

function followUpItem(followUp) {
  const item = element("li", "follow-up card");
  item.dataset.id = followUp.id;
  const member = followUp.member || {};
  const head = element("div", "follow-up__head");
  const link = element("a", "follow-up__member", member.name || member.id || "");
  link.href = `${pageUrl("staff/member/")}?id=${encodeURIComponent(member.id || "")}`;
  head.append(link, starsShown(followUp.rating));
  item.append(head);
  const what = [followUp.what, strings.kinds[followUp.kind || String(followUp.subject || "").split("#")[0]], formatDay(followUp.day), storeName(followUp.store)];
  item.append(element("p", "follow-up__what", what.filter(Boolean).join(" · ")));
  if (followUp.comment) item.append(element("blockquote", "follow-up__comment", followUp.comment));
  else item.append(element("p", "follow-up__comment follow-up__comment--none", strings.noComment));
  if (followUp.created_at) item.append(element("p", "follow-up__meta", fill(strings.rated, { date: formatDateTime(followUp.created_at) })));
  const actions = element("div", "actions follow-up__actions");
  const opener = actionButton("close", strings.close, fill(strings.closeFor, { name: member.name || "" }));
  opener.setAttribute("aria-expanded", "false");
  const form = closeForm(followUp);
  opener.setAttribute("aria-controls", form.id);
  actions.append(opener);
  item.append(actions, form);
  return item;
}

function show() {
  followUps.forEach((followUp, index) => {
    followUp.index = index;
  });
  $("follow-up-list").replaceChildren(...followUps.map(followUpItem));
  $("follow-up-list").hidden = followUps.length === 0;
  $("follow-ups-empty").hidden = followUps.length > 0;
  $("open-title").textContent = fill(strings.openCount, { count: followUps.length });
  $("follow-ups-body").hidden = false;
}

// ---- loading ---------------------------------------------------------------------------------
function chosenStore() {
  return manager ? $("follow-ups-store").value : "";
}

async function load() {
  const ticket = ++latest;
  $("list-loading").hidden = false;
  $("list-error").hidden = true;
  const store = chosenStore();
  const answer = await api(`/api/staff/follow-ups${store ? `?${new URLSearchParams({ store })}` : ""}`);
  if (ticket !== latest) return;
  $("list-loading").hidden = true;
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) {
    $("list-error-text").textContent = answer.data.message;
    $("list-error").hidden = false;
    $("follow-ups-body").hidden = true;
    return;
  }
  followUps = answer.data.follow_ups || [];
  show();
}

function remember() {
  const url = new URL(window.location.href);
  url.searchParams.set("store", $("follow-ups-store").value);
  window.history.replaceState(null, "", url.pathname + url.search);
}

// ---- closing --------------------------------------------------------------------------------
function toggle(item, open) {
  const form = item.querySelector(".follow-up__close");
  const opener = item.querySelector('[data-action="close"]');
  form.hidden = !open;
  opener.setAttribute("aria-expanded", String(open));
  opener.hidden = open;
  if (open) form.querySelector("textarea").focus();
  else opener.focus();
}

async function close(item, form) {
  const followUp = followUps.find((each) => each.id === item.dataset.id);
  if (!followUp) return;
  clearErrors(form);
  const area = form.querySelector("textarea");
  const note = area.value.trim();
  if (!note) {
    fieldError(area, strings.noteMissing);
    area.focus();
    return;
  }
  const button = form.querySelector('[data-action="close-yes"]');
  if (button.disabled) return;
  const restore = setBusy(button, strings.closing);
  const answer = await api(`/api/staff/follow-ups/${encodeURIComponent(followUp.id)}/close`, { method: "POST", body: { note } });
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok && answer.status !== 409) {
    restore();
    return showProblems(form, answer.data);
  }
  // closed (or closed already by a colleague): off the list
  followUps = followUps.filter((each) => each !== followUp);
  show();
  status(fill(strings.closed, { name: (followUp.member && followUp.member.name) || "" }));
  $("follow-ups-status").focus();
}

function onClick(event) {
  const button = event.target.closest("[data-action]");
  if (!button || button.disabled) return;
  const item = button.closest(".follow-up");
  if (button.dataset.action === "close") toggle(item, true);
  else if (button.dataset.action === "close-no") toggle(item, false);
}

function onSubmit(event) {
  event.preventDefault();
  close(event.target.closest(".follow-up"), event.target);
}

function onKeydown(event) {
  if (event.key !== "Escape") return;
  const form = event.target.closest(".follow-up__close");
  if (form) toggle(form.closest(".follow-up"), false);
}

async function start() {
  const staff = await staffSession();
  if (!staff) return;
  manager = staff.role === "manager";
  const stores = await api("/api/staff/stores");
  stopLoading();
  if (stores.status === 401) return toStaffSignIn();
  if (stores.ok) for (const store of stores.data.stores || []) storeNames.set(store.id, store.name);
  if (manager) {
    if (!stores.ok) return pageMessage("error", stores.data.message);
    const select = $("follow-ups-store");
    for (const [id, name] of storeNames) {
      const option = element("option", "", name);
      option.value = id;
      select.append(option);
    }
    const wanted = new URLSearchParams(window.location.search).get("store") || (staff.store && staff.store.id);
    if (wanted && storeNames.has(wanted)) select.value = wanted;
    $("follow-ups-pick").hidden = false;
  }
  await load();
}

const list = $("follow-up-list");
list.addEventListener("click", onClick);
list.addEventListener("submit", onSubmit);
list.addEventListener("keydown", onKeydown);
$("follow-ups-store").addEventListener("change", () => {
  status("");
  remember();
  load();
});
$("follow-ups-pick").addEventListener("submit", (event) => event.preventDefault());
$("list-retry").addEventListener("click", () => load());
start();
