// My plants: the plants a member keeps (GET /api/me/plants), each with where it came from, since
// when, its care guide and a warning where it is toxic to the member's pets, then its watering
// and feeding, soonest first, each marked done or put off a few days (POST .../care). A plant is
// added from the guides' list (preselected by ?guide=<slug>, so a care guide can link here) or
// removed after a confirm step; below the list, how often the care digest comes (PUT
// /api/me/plant-digest). Anyone not signed in goes to the sign-in page.
import { api, pageUrl } from "./api.js";
import { element } from "./booking-text.js";
import { formatMonthDay } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, hideMessage, setBusy, showMessage, showProblems } from "./form.js";
import { actionButton, showEditor, showItems, showListView, statusLine } from "./notebook.js";
import { loadPart, retryPart, toSignIn } from "./section.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("plant-form");
const digestForm = $("digest-form");
const words = strings.plantWords;
// a snooze counts from today: only the choices that put a task later than it is already due
const SNOOZES = [
  [3, "in3Days"],
  [7, "inAWeek"],
];
/** A line above the list saying what just happened: "success" or "error". */
const status = statusLine("plants-status");

let plants = [];
let guides = [];

/** Today in the shop's time zone, as the API counts days: "2025-05-11". */
function shopToday() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: strings.timeZone }).format(new Date());
}

/** How a plant is named in sentences and buttons: "小绿 · 绿萝", or just "绿萝". */
function plantLabel(plant) {
  return plant.nickname ? fill(strings.nicknameOf, { nickname: plant.nickname, name: plant.name }) : plant.name;
}

function dueText(task) {
  const values = { task: words.tasks[task.task] || task.task, days: Math.abs(task.days) };
  if (task.days < -1) return fill(strings.late, values);
  if (task.days === -1) return fill(strings.lateOne, values);
  if (task.days === 0) return fill(strings.dueToday, values);
  if (task.days === 1) return fill(strings.dueTomorrow, values);
  return fill(strings.dueIn, values);
}

function urgency(days) {
  if (days < 0) return "late";
  if (days === 0) return "today";
  return days <= 2 ? "soon" : "later";
}

/** Watering follows the season (every 4 days in summer, 12 in winter); feeding does not. */
function everyText(plant, task) {
  if (task.task === "water" && plant.season) {
    return fill(strings.everyInSeason, { days: task.every_days, season: words.seasons[plant.season] || plant.season });
  }
  return fill(strings.every, { days: task.every_days });
}

// ---- the list -----------------------------------------------------------------------------
function snoozeBox(plant, task) {
  const box = element("div", "reward__confirm task__later");
  box.hidden = true;
  box.append(element("p", "reward__confirm-text", strings.laterChoices));
  const actions = element("div", "actions");
  for (const [days, text] of SNOOZES) {
    if (days <= task.days) continue;
    const button = actionButton("snooze", strings[text], strings[text]);
    button.dataset.days = String(days);
    actions.append(button);
  }
  actions.append(actionButton("later-no", strings.notNow, strings.notNow));
  box.append(actions);
  return box;
}

function taskItem(plant, task) {
  const item = element("li", `task task--${urgency(task.days)}`);
  item.dataset.task = task.task;
  const when = element("p", "task__when");
  when.append(element("strong", "task__due", dueText(task)), " ");
  when.append(element("span", "task__date", `${formatMonthDay(task.due_on)} · ${everyText(plant, task)}`));
  const how = element("details", "task__how");
  how.append(element("summary", "", task.task === "water" ? strings.howWater : strings.howFeed), element("p", "", task.how));
  const name = plantLabel(plant);
  const actions = element("div", "actions task__actions");
  const watering = task.task === "water";
  // feeding put off to next spring is not this season's to mark done
  if (task.days <= task.every_days) {
    const doneFor = fill(watering ? strings.doneWaterFor : strings.doneFeedFor, { plant: name });
    actions.append(actionButton("done", watering ? strings.doneWater : strings.doneFeed, doneFor, "primary"));
  }
  const later = snoozeBox(plant, task);
  if (later.querySelector('[data-action="snooze"]')) {
    const button = actionButton("later", strings.later, fill(watering ? strings.laterWaterFor : strings.laterFeedFor, { plant: name }));
    button.setAttribute("aria-expanded", "false");
    actions.append(button);
  }
  item.append(when, how);
  if (actions.childElementCount) item.append(actions, later);
  return item;
}

function taskList(plant) {
  const list = element("ul", "task-list");
  list.setAttribute("aria-label", fill(strings.tasksFor, { plant: plantLabel(plant) }));
  const soonest = [...plant.tasks].sort((a, b) => a.due_on.localeCompare(b.due_on));
  for (const task of soonest) list.append(taskItem(plant, task));
  return list;
}

function petWarning(plant) {
  const box = element("div", "plant__warning");
  box.append(element("p", "plant__warning-title", strings.petWarning), element("p", "", plant.pet_warning));
  return box;
}

function removeBox(plant) {
  const box = element("div", "reward__confirm plant__confirm");
  box.hidden = true;
  box.append(element("p", "reward__confirm-text", fill(strings.removeConfirm, { plant: plantLabel(plant) })));
  const actions = element("div", "actions");
  actions.append(actionButton("remove-yes", strings.removeYes, strings.removeYes, "danger"), actionButton("remove-no", strings.removeNo, strings.removeNo));
  box.append(actions);
  return box;
}

function plantItem(plant) {
  const item = element("li", `plant plant--${plant.source}`);
  item.dataset.id = plant.id;
  const head = element("div", "plant__head");
  head.append(element("h3", "plant__name", plant.nickname || plant.name));
  head.append(element("span", `badge plant__source plant__source--${plant.source}`, words.sources[plant.source] || plant.source));
  item.append(head);
  const meta = [plant.nickname ? plant.name : "", fill(strings.since, { date: formatMonthDay(plant.acquired_on) }), words.lights[plant.light]];
  item.append(element("p", "plant__meta", meta.filter(Boolean).join(" · ")));
  if (plant.pet_warning) item.append(petWarning(plant));
  item.append(plant.url ? taskList(plant) : element("p", "plant__no-guide", strings.noGuide));
  const actions = element("div", "actions plant__actions");
  if (plant.url) {
    const guide = element("a", "link-arrow", strings.careGuide);
    guide.href = plant.url;
    guide.setAttribute("aria-label", fill(strings.careGuideFor, { name: plant.name }));
    guide.append(element("span", "", " →"));
    guide.lastChild.setAttribute("aria-hidden", "true");
    actions.append(guide);
  }
  actions.append(actionButton("remove", strings.remove, fill(strings.removeFor, { plant: plantLabel(plant) })));
  item.append(actions, removeBox(plant));
  return item;
}

function showList() {
  showItems("plant-list", "plants-empty", plants, plantItem);
}

function itemOf(plant) {
  return $("plant-list").querySelector(`[data-id="${CSS.escape(plant.id)}"]`);
}

// ---- the digest ---------------------------------------------------------------------------
function showDigest(cadence) {
  for (const radio of digestForm.querySelectorAll("input[name=cadence]")) radio.checked = radio.value === cadence;
}

/** Without consent to hear from the shop no digest goes out: say so, with the way to change it. */
function showConsent(marketing) {
  const box = $("digest-no-consent");
  const granted = marketing === null || Object.values(marketing || {}).some((consent) => consent.granted);
  box.hidden = granted;
  $("digest-consent").hidden = !granted; // the general rule, or what it means for them
  $("digest-choices").setAttribute("aria-describedby", granted ? "digest-consent" : "digest-no-consent");
  if (granted) return;
  const [before, after] = strings.noConsent.split("{link}");
  const link = element("a", "", strings.yourProfile);
  link.href = pageUrl("profile/#marketing-title");
  box.replaceChildren(before, link, after || "");
}

async function saveDigest(event) {
  event.preventDefault();
  hideMessage(digestForm);
  const chosen = digestForm.querySelector("input[name=cadence]:checked");
  if (!chosen) return;
  const restore = setBusy($("save-digest"), strings.saving);
  const answer = await api("/api/me/plant-digest", { method: "PUT", body: { cadence: chosen.value } });
  restore();
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return showMessage("error", answer.data.message, digestForm);
  showMessage("success", strings.digestSaved[answer.data.digest], digestForm);
}

// ---- loading ------------------------------------------------------------------------------
function fillGuides() {
  const select = $("guide");
  for (const option of [...select.options].slice(1)) option.remove();
  for (const guide of guides) {
    const option = element("option", "", guide.name);
    option.value = guide.slug;
    select.append(option);
  }
}

async function load() {
  // the profile comes alongside the plants (the page's part that may fail and be tried again)
  const profile = api("/api/me");
  const mine = await loadPart("plants", "/api/me/plants", (data) => {
    plants = data.plants || [];
    guides = data.guides || [];
  });
  const me = await profile;
  if (me.status === 401) return toSignIn();
  if (!mine) return;
  fillGuides();
  showList();
  showDigest(mine.digest);
  // Without the profile the consent is unknown: the line under the choices says what it takes.
  showConsent(me.ok ? me.data.marketing || {} : null);
  showListView();
  // a care guide's "add to my plants" comes with its slug
  const wanted = new URLSearchParams(window.location.search).get("guide");
  if (wanted !== null) openEditor(wanted);
}

/** After a change: the list again (its order is the API's), quietly. */
async function reload() {
  const answer = await api("/api/me/plants");
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return;
  plants = answer.data.plants || [];
  showList();
}

// ---- caring, snoozing, removing -----------------------------------------------------------
function replacePlant(changed) {
  plants = plants.map((plant) => (plant.id === changed.id ? changed : plant));
  const item = itemOf(changed);
  const fresh = plantItem(changed);
  if (item) item.replaceWith(fresh);
  return fresh;
}

async function care(plant, task, request, button) {
  const restore = setBusy(button, strings.saving);
  const path = `/api/me/plants/${encodeURIComponent(plant.id)}/care`;
  const answer = await api(path, { method: "POST", body: { task, ...request } });
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) {
    restore();
    return status(answer.data.message, "error");
  }
  const item = replacePlant(answer.data);
  const next = (answer.data.tasks || []).find((each) => each.task === task);
  const date = next ? formatMonthDay(next.due_on) : "";
  if (request.action === "snooze") status(fill(strings.snoozedSaid, { date }));
  else status(fill(task === "water" ? strings.doneWaterSaid : strings.doneFeedSaid, { plant: plantLabel(answer.data), date }));
  // the item was drawn again: keep the keyboard on the same task
  const again = item.querySelector(`[data-task="${task}"] [data-action="done"]`);
  if (again) again.focus();
}

async function remove(plant, button) {
  const restore = setBusy(button, strings.removing);
  const answer = await api(`/api/me/plants/${encodeURIComponent(plant.id)}`, { method: "DELETE" });
  if (answer.status === 401) return toSignIn();
  if (!answer.ok && answer.status !== 404) {
    restore();
    return status(answer.data.message, "error");
  }
  await reload();
  status(fill(strings.removed, { plant: plantLabel(plant) }));
  $("plants-status").focus();
}

function toggle(box, opener, open) {
  box.hidden = !open;
  if (opener.hasAttribute("aria-expanded")) opener.setAttribute("aria-expanded", String(open));
  else opener.hidden = open;
  if (open) box.querySelector("button").focus();
  else opener.focus();
}

function onTaskClick(plant, button, task) {
  const later = task.querySelector(".task__later");
  const opener = task.querySelector('[data-action="later"]');
  switch (button.dataset.action) {
    case "done":
      return care(plant, task.dataset.task, { action: "done" }, button);
    case "later":
      return toggle(later, opener, later.hidden);
    case "later-no":
      return toggle(later, opener, false);
    case "snooze":
      return care(plant, task.dataset.task, { action: "snooze", days: Number(button.dataset.days) }, button);
  }
}

function onListClick(event) {
  const button = event.target.closest("[data-action]");
  if (!button || button.disabled) return;
  const item = button.closest(".plant");
  const plant = plants.find((each) => each.id === item.dataset.id);
  if (!plant) return;
  const task = button.closest(".task");
  if (task) return onTaskClick(plant, button, task);
  const confirmPart = item.querySelector(".plant__confirm");
  const removeButton = item.querySelector('[data-action="remove"]');
  switch (button.dataset.action) {
    case "remove":
      return toggle(confirmPart, removeButton, true);
    case "remove-no":
      return toggle(confirmPart, removeButton, false);
    case "remove-yes":
      return remove(plant, button);
  }
}

// ---- adding -------------------------------------------------------------------------------
function openEditor(slug) {
  clearErrors(form);
  form.reset();
  $("guide").value = guides.some((guide) => guide.slug === slug) ? slug : "";
  $("acquired-on").max = shopToday();
  status("");
  showEditor();
}

/** Drop ?guide= once the member has added or cancelled, so a reload shows the list. */
function forgetGuide() {
  if (window.location.search) window.history.replaceState(null, "", window.location.pathname);
}

function closeEditor() {
  forgetGuide();
  showListView();
  $("add-plant").focus();
}

/** The PlantRequest, or null when something must be fixed first (the fields say what). */
function plantRequest() {
  const problems = [];
  const guide = $("guide").value;
  if (!guide) {
    fieldError($("guide"), strings.guideMissing);
    problems.push($("guide"));
  }
  const acquired = $("acquired-on").value;
  if (acquired && acquired > shopToday()) {
    fieldError($("acquired-on"), strings.dateInFuture);
    problems.push($("acquired-on"));
  }
  if (problems.length) {
    showMessage("error", strings.checkFields, form);
    problems[0].focus();
    return null;
  }
  const request = { guide };
  const nickname = $("nickname").value.trim();
  if (nickname) request.nickname = nickname;
  if (acquired) request.acquired_on = acquired;
  return request;
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  const request = plantRequest();
  if (!request) return;
  const restore = setBusy($("save-plant"), strings.adding);
  const answer = await api("/api/me/plants", { method: "POST", body: request });
  restore();
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return showProblems(form, answer.data);
  const added = answer.data;
  forgetGuide();
  await reload();
  showListView();
  status(fill(strings.added, { plant: plantLabel(added) }));
  const item = itemOf(added);
  if (item) item.scrollIntoView({ block: "center" });
  $("plants-status").focus({ preventScroll: Boolean(item) });
}

$("plant-list").addEventListener("click", onListClick);
$("add-plant").addEventListener("click", () => openEditor(""));
$("cancel-add").addEventListener("click", closeEditor);
$("back-to-list").addEventListener("click", (event) => {
  event.preventDefault();
  closeEditor();
});
form.addEventListener("submit", save);
forgiveOnEdit(form);
digestForm.addEventListener("submit", saveDigest);
retryPart("plants", load);
load();
