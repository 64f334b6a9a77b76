// My gift notebook: the member's own birthday (from GET /api/me/occasions and the profile), then
// the people they give flowers to and their days, nearest first (paused ones last), each with the
// date as the family keeps it (solar or lunar), the next date and the days to go, the flowers they
// like and how far ahead we remind; "Book again" opens the booking page filled in from the last
// booking for them. Reminders stop and start again (PATCH paused), a day is edited in the form or
// deleted after a confirm step. Anyone not signed in goes to the sign-in page.
import { api, pageUrl } from "./api.js";
import { birthdayFields } from "./birthday.js";
import { element } from "./booking-text.js";
import { formatBirthday, formatDay, formatMonthDay } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { actionButton, showEditor, showItems, showListView, statusLine } from "./notebook.js";
import { loadPart, retryPart, toSignIn } from "./section.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("occasion-form");
const date = birthdayFields(form, { prefix: "date", incomplete: strings.dateIncomplete });
const words = strings.occasionWords;
const DEFAULT_REMIND_DAYS = 7;
/** A line above the list saying what just happened: "success" or "error". */
const status = statusLine("notebook-status");

let occasions = [];
let editing = null; // the Occasion being edited, or null when adding one

function kindText(occasion) {
  if (occasion.kind === "custom" && occasion.label) return occasion.label;
  return words.kinds[occasion.kind] || occasion.kind;
}

function daysText(days) {
  if (days === 0) return strings.today;
  if (days === 1) return strings.inOneDay;
  return fill(strings.inDays, { days });
}

function remindText(days) {
  if (days === 0) return strings.remindOnDay;
  if (days === 1) return strings.remindOneDay;
  return fill(strings.remindAhead, { days });
}

function flowersText(flowers) {
  return (flowers || []).map((value) => strings.labels.flowers[value] || value).join(strings.listJoin);
}

function itemsText(items) {
  return (items || []).map((item) => (item.quantity > 1 ? `${item.name} ×${item.quantity}` : item.name)).join(strings.listJoin);
}

// ---- the member's own birthday ------------------------------------------------------------
function ownNextText(own) {
  if (own.days === 0) return strings.ownToday;
  const text = own.days === 1 ? strings.ownTomorrow : strings.ownNext;
  return fill(text, { date: formatMonthDay(own.date), days: own.days });
}

function showOwnBirthday(own, birthday) {
  $("own-birthday").hidden = !birthday;
  $("own-birthday").textContent = birthday ? formatBirthday(birthday) : "";
  $("own-birthday-none").hidden = Boolean(birthday || own);
  const next = $("own-birthday-next");
  next.hidden = !own;
  next.textContent = own ? ownNextText(own) : "";
  $("own-birthday-link-text").textContent = birthday || own ? strings.ownChange : strings.ownAdd;
}

// ---- the list -----------------------------------------------------------------------------
function fact(list, title, value) {
  if (!value) return;
  const row = element("div");
  row.append(element("dt", "", title), element("dd", "", value));
  list.append(row);
}

function bookAgainLink(occasion) {
  const booking = occasion.last_booking;
  const query = new URLSearchParams({ again: booking.id, date: occasion.next_date, occasion: occasion.id });
  const link = element("a", `button button--small button--${occasion.kind === "memorial" ? "secondary" : "primary"}`, strings.bookAgain);
  link.href = pageUrl(`book/?${query}`);
  link.setAttribute("aria-label", fill(strings.bookAgainFor, { person: occasion.person }));
  return link;
}

function confirmBox(occasion) {
  const box = element("div", "reward__confirm occasion__confirm");
  box.hidden = true;
  const text = fill(strings.deleteConfirm, { person: occasion.person, occasion: kindText(occasion) });
  box.append(element("p", "reward__confirm-text", text));
  const actions = element("div", "actions");
  actions.append(actionButton("delete-yes", strings.deleteYes, strings.deleteYes, "danger"), actionButton("delete-no", strings.deleteNo, strings.deleteNo));
  box.append(actions);
  return box;
}

function occasionItem(occasion) {
  const classes = ["occasion", `occasion--${occasion.kind}`];
  if (occasion.paused) classes.push("occasion--paused");
  const item = element("li", classes.join(" "));
  item.dataset.id = occasion.id;
  const head = element("div", "occasion__head");
  const relationship = words.relationships[occasion.relationship] || occasion.relationship;
  const title = element("h3", "occasion__person", occasion.person);
  head.append(title, element("span", "badge occasion__kind", kindText(occasion)));
  item.append(head);
  // "妈妈" is already who she is: the relationship is said only when it adds something
  if (relationship !== occasion.person) item.append(element("p", "occasion__relationship", relationship));
  const when = element("p", "occasion__when");
  // a date gone by (not moved on yet) is not counted down
  if (occasion.days >= 0) when.append(element("strong", "occasion__days", daysText(occasion.days)), " ");
  when.append(element("span", "occasion__next", fill(strings.nextOn, { date: formatDay(occasion.next_date) })));
  item.append(when);
  // a solar date without its year says no more than the next date does
  if (occasion.date.calendar === "lunar" || occasion.date.year) item.append(element("p", "occasion__date", formatBirthday(occasion.date)));
  const facts = element("dl", "details details--compact occasion__facts");
  fact(facts, strings.flowersLiked, flowersText(occasion.flowers));
  fact(facts, strings.reminder, occasion.paused ? strings.paused : remindText(occasion.remind_days));
  const last = occasion.last_booking;
  if (last) fact(facts, strings.lastBooking, fill(strings.lastBookingText, { date: formatMonthDay(last.date), items: itemsText(last.items) }));
  item.append(facts);
  if (occasion.paused) item.append(element("p", "occasion__paused-note", strings.pausedNote));
  const actions = element("div", "actions occasion__actions");
  if (last) actions.append(bookAgainLink(occasion));
  actions.append(actionButton("edit", strings.edit, fill(strings.editFor, { person: occasion.person })));
  actions.append(
    occasion.paused
      ? actionButton("resume", strings.resume, fill(strings.resumeFor, { person: occasion.person }))
      : actionButton("pause", strings.pause, fill(strings.pauseFor, { person: occasion.person })),
  );
  actions.append(actionButton("delete", strings.delete, fill(strings.deleteFor, { person: occasion.person })));
  item.append(actions, confirmBox(occasion));
  return item;
}

function showList() {
  showItems("occasion-list", "occasions-empty", occasions, occasionItem);
}

// ---- loading ------------------------------------------------------------------------------
function fillRecipients(recipients) {
  const select = $("recipient-id");
  for (const option of [...select.options].slice(1)) option.remove();
  for (const saved of recipients) {
    const option = element("option", "", saved.name);
    option.value = saved.id;
    select.append(option);
  }
  $("recipient-part").hidden = recipients.length === 0;
}

async function load() {
  // alongside the notebook (the page's part that may fail and be tried again): the profile and
  // the saved recipients
  const others = Promise.all([api("/api/me"), api("/api/me/recipients")]);
  const notebook = await loadPart("notebook", "/api/me/occasions", (data) => {
    occasions = data.occasions || [];
  });
  const [me, saved] = await others;
  if (me.status === 401) return toSignIn();
  if (!notebook) return;
  // The profile says how the birthday was entered (lunar, say); without it, the next date will do.
  showOwnBirthday(notebook.own_birthday, me.ok ? me.data.birthday : null);
  // Saved recipients are a convenience: without them, the form simply does not offer one.
  fillRecipients(saved.ok ? saved.data.recipients || [] : []);
  showList();
  showListView();
}

/** After a change: the list again (its order and next dates are the API's), quietly. */
async function reload() {
  const answer = await api("/api/me/occasions");
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return;
  occasions = answer.data.occasions || [];
  showList();
}

// ---- pausing, resuming, deleting ------------------------------------------------------------
async function setPaused(occasion, button, paused) {
  const restore = setBusy(button, paused ? strings.pausing : strings.resuming);
  const answer = await api(`/api/me/occasions/${encodeURIComponent(occasion.id)}`, { method: "PATCH", body: { paused } });
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) {
    restore();
    return status(answer.data.message, "error");
  }
  await reload();
  const values = { person: occasion.person, occasion: kindText(occasion) };
  status(fill(paused ? strings.pausedDone : strings.resumedDone, values));
  // the button changed: focus its successor, so the keyboard stays in place
  const again = $("occasion-list").querySelector(`[data-id="${CSS.escape(occasion.id)}"] [data-action="${paused ? "resume" : "pause"}"]`);
  if (again) again.focus();
}

async function remove(occasion, button) {
  const restore = setBusy(button, strings.deleting);
  const answer = await api(`/api/me/occasions/${encodeURIComponent(occasion.id)}`, { method: "DELETE" });
  if (answer.status === 401) return toSignIn();
  if (!answer.ok && answer.status !== 404) {
    restore();
    return status(answer.data.message, "error");
  }
  await reload();
  status(fill(strings.deleted, { person: occasion.person, occasion: kindText(occasion) }));
  $("notebook-status").focus();
}

function onListClick(event) {
  const button = event.target.closest("[data-action]");
  if (!button || button.disabled) return;
  const item = button.closest(".occasion");
  const occasion = occasions.find((each) => each.id === item.dataset.id);
  if (!occasion) return;
  const confirmPart = item.querySelector(".occasion__confirm");
  const deleteButton = item.querySelector('[data-action="delete"]');
  switch (button.dataset.action) {
    case "edit":
      return openEditor(occasion);
    case "pause":
      return setPaused(occasion, button, true);
    case "resume":
      return setPaused(occasion, button, false);
    case "delete":
      confirmPart.hidden = false;
      deleteButton.hidden = true;
      return confirmPart.querySelector('[data-action="delete-yes"]').focus();
    case "delete-no":
      confirmPart.hidden = true;
      deleteButton.hidden = false;
      return deleteButton.focus();
    case "delete-yes":
      return remove(occasion, button);
  }
}

// ---- adding and editing -------------------------------------------------------------------
function checkFlowers(values) {
  for (const box of form.querySelectorAll("input[name=flowers]")) box.checked = (values || []).includes(box.value);
}

function followKind() {
  $("label-part").hidden = $("kind").value !== "custom";
}

function openEditor(occasion) {
  editing = occasion || null;
  clearErrors(form);
  form.reset();
  $("editor-title").textContent = occasion ? fill(strings.editTitle, { person: occasion.person }) : strings.addTitle;
  $("person").value = occasion ? occasion.person : "";
  $("relationship").value = occasion ? occasion.relationship : "mother";
  $("kind").value = occasion ? occasion.kind : "birthday";
  $("label").value = (occasion && occasion.label) || "";
  date.fill(occasion ? occasion.date : null);
  $("remind-days").value = String(occasion ? occasion.remind_days : DEFAULT_REMIND_DAYS);
  checkFlowers(occasion ? occasion.flowers : []);
  const select = $("recipient-id");
  select.value = (occasion && occasion.recipient_id) || "";
  if (select.value !== ((occasion && occasion.recipient_id) || "")) select.value = "";
  followKind();
  status("");
  showEditor();
}

function closeEditor() {
  const was = editing;
  editing = null;
  showListView();
  const back = was && $("occasion-list").querySelector(`[data-id="${CSS.escape(was.id)}"] [data-action="edit"]`);
  (back || $("add-occasion")).focus();
}

function readRemindDays(problems) {
  const typed = $("remind-days").value.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
  const days = typed === "" ? DEFAULT_REMIND_DAYS : Number(typed);
  if (!/^\d{0,2}$/.test(typed) || days > 60) {
    fieldError($("remind-days"), strings.remindInvalid);
    problems.push($("remind-days"));
  }
  return days;
}

/** The OccasionRequest, or null when something must be fixed first (the fields say what). */
function occasionRequest() {
  const problems = [];
  const person = $("person").value.trim();
  if (!person) {
    fieldError($("person"), strings.personMissing);
    problems.push($("person"));
  }
  const kind = $("kind").value;
  const label = $("label").value.trim();
  if (kind === "custom" && !label) {
    fieldError($("label"), strings.labelMissing);
    problems.push($("label"));
  }
  const chosen = date.read();
  if (chosen === false) problems.push(date.firstProblem());
  if (chosen === null) {
    fieldError($("date-month"), strings.dateMissing);
    problems.push($("date-month"));
  }
  const remindDays = readRemindDays(problems);
  if (problems.length) {
    showMessage("error", strings.checkFields, form);
    problems[0].focus();
    return null;
  }
  const flowers = [...form.querySelectorAll("input[name=flowers]:checked")].map((box) => box.value);
  const request = { person, relationship: $("relationship").value, kind, date: chosen, remind_days: remindDays, flowers };
  if (kind === "custom") request.label = label;
  const recipient = $("recipient-id").value;
  if (recipient) request.recipient_id = recipient;
  else if (editing && editing.recipient_id) request.recipient_id = null; // unlinked on purpose
  return request;
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  const request = occasionRequest();
  if (!request) return;
  const restore = setBusy($("save-occasion"), strings.saving);
  const path = editing ? `/api/me/occasions/${encodeURIComponent(editing.id)}` : "/api/me/occasions";
  const answer = await api(path, { method: editing ? "PATCH" : "POST", body: request });
  restore();
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return showProblems(form, answer.data);
  const saved = answer.data;
  const text = editing ? strings.saved : fill(strings.added, { person: saved.person, occasion: kindText(saved) });
  editing = null;
  await reload();
  showListView();
  status(text);
  const item = $("occasion-list").querySelector(`[data-id="${CSS.escape(saved.id)}"]`);
  if (item) item.scrollIntoView({ block: "center" });
  $("notebook-status").focus({ preventScroll: Boolean(item) });
}

$("occasion-list").addEventListener("click", onListClick);
$("add-occasion").addEventListener("click", () => openEditor(null));
$("kind").addEventListener("change", followKind);
$("cancel-edit").addEventListener("click", closeEditor);
$("back-to-list").addEventListener("click", (event) => {
  event.preventDefault();
  closeEditor();
});
form.addEventListener("submit", save);
forgiveOnEdit(form);
retryPart("notebook", load);
load();
