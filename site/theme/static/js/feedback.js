// Rate your flowers: the member's recent purchases and completed bookings still to rate, and the
// ratings they gave (GET /api/me/feedback). Each thing to rate is a small form: 1 to 5 stars (a
// real radio group, so arrows and screen readers work as usual), then an optional comment of up
// to 300 characters and the send button, shown once a star is chosen (POST /api/me/feedback). A
// low rating is answered with an apology: the store follows it up. Anyone not signed in goes to
// the sign-in page.
import { api } from "./api.js";
import { element } from "./booking-text.js";
import { formatDate, formatDay } from "./dates.js";
import { clearErrors, fieldError, setBusy, showProblems } from "./form.js";
import { statusLine } from "./notebook.js";
import { loadPart, retryPart, toSignIn } from "./section.js";
import { starsShown } from "./stars.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const STAR = "M12 2.6l2.85 6.06 6.65.8-4.9 4.57 1.25 6.57L12 17.35 6.15 20.6l1.25-6.57-4.9-4.57 6.65-.8z";
const LONGEST_COMMENT = 300;
/** A line above the lists saying what just happened. */
const status = statusLine("feedback-status");

let toRate = [];
let given = [];
const storeNames = new Map(); // store id -> its name

function storeName(store) {
  if (!store) return "";
  if (typeof store === "object") return store.name || storeNames.get(store.id) || "";
  return storeNames.get(store) || store;
}

const whatOf = (thing) => thing.what || strings.kinds[thing.kind] || "";

function starIcon() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "32");
  svg.setAttribute("height", "32");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", STAR);
  svg.append(path);
  return svg;
}

// ---- the things to rate ------------------------------------------------------------------
function starsField(prefix, what) {
  const set = element("fieldset", "field stars");
  set.id = `${prefix}-rating`;
  const legend = element("legend", "field__label", strings.howWere);
  legend.append(element("span", "visually-hidden", ` ${what}`));
  const options = element("div", "stars__options");
  for (let n = 1; n <= 5; n += 1) {
    const label = element("label", "star");
    const input = element("input");
    input.type = "radio";
    input.name = `${prefix}-rating`;
    input.value = String(n);
    input.dataset.errorId = `${prefix}-rating-error`;
    label.append(input, starIcon(), element("span", "visually-hidden", strings.starLabels[n]));
    options.append(label);
  }
  const word = element("span", "stars__word");
  word.setAttribute("aria-hidden", "true"); // each star's own label already says it
  options.append(word);
  const error = element("p", "field__error");
  error.id = `${prefix}-rating-error`;
  error.hidden = true;
  set.append(legend, options, error);
  return set;
}

function commentField(prefix) {
  const field = element("div", "field");
  const id = `${prefix}-comment`;
  const label = element("label", "field__label", strings.comment);
  label.htmlFor = id;
  label.append(" ", element("span", "field__optional", strings.optional));
  const hint = element("p", "field__hint", strings.commentHint);
  hint.id = `${id}-hint`;
  const area = element("textarea", "field__input field__input--area");
  area.id = id;
  area.name = "comment";
  area.rows = 3;
  area.maxLength = LONGEST_COMMENT;
  area.dataset.field = "comment";
  const left = element("p", "field__hint rate-form__left", fill(strings.charsLeft, { count: LONGEST_COMMENT }));
  left.id = `${id}-left`;
  area.setAttribute("aria-describedby", `${hint.id} ${left.id}`);
  const error = element("p", "field__error");
  error.id = `${id}-error`;
  error.hidden = true;
  field.append(label, hint, area, left, error);
  return field;
}

function sendButton(what) {
  const button = element("button", "button button--primary");
  button.type = "submit";
  button.append(element("span", "button__spinner"), element("span", "button__label", strings.send));
  button.firstChild.setAttribute("aria-hidden", "true");
  button.setAttribute("aria-label", fill(strings.sendFor, { what }));
  return button;
}

function rateItem(thing, index) {
  const prefix = `rate-${index}`;
  const what = whatOf(thing);
  const item = element("li", `rate-item rate-item--${thing.kind}`);
  item.dataset.subject = thing.subject;
  const head = element("div", "rate-item__head");
  head.append(element("h3", "rate-item__what", what), element("span", "badge rate-item__kind", strings.kinds[thing.kind] || thing.kind));
  item.append(head, element("p", "rate-item__meta", [formatDay(thing.day), storeName(thing.store)].filter(Boolean).join(" · ")));
  const form = element("form", "form rate-form");
  form.noValidate = true;
  const more = element("div", "rate-form__more");
  more.hidden = true;
  const message = element("div", "message");
  message.setAttribute("role", "alert");
  message.dataset.formMessage = "";
  message.hidden = true;
  const actions = element("div", "actions");
  actions.append(sendButton(what));
  more.append(commentField(prefix), message, actions);
  form.append(starsField(prefix, what), more);
  item.append(form);
  return item;
}

function showToRate() {
  const list = $("to-rate");
  list.replaceChildren(...toRate.map(rateItem));
  list.hidden = toRate.length === 0;
  $("to-rate-empty").hidden = toRate.length > 0;
}

// ---- the ratings given ---------------------------------------------------------------------
/** The shop's day of a moment, as the API counts days: "2025-05-11". */
function shopDay(iso) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: strings.timeZone }).format(new Date(iso));
}

function givenItem(rating) {
  const item = element("li", "rated");
  const head = element("div", "rated__head");
  head.append(element("span", "rated__what", whatOf(rating)), starsShown(rating.rating));
  item.append(head);
  // the day of the purchase or booking, unless it is the day it was rated
  const ratedOn = rating.created_at ? shopDay(rating.created_at) : "";
  const meta = [
    rating.what ? strings.kinds[rating.kind] || "" : "",
    rating.day && rating.day !== ratedOn ? formatDay(rating.day) : "",
    ratedOn ? fill(strings.ratedOn, { date: formatDate(rating.created_at) }) : "",
  ];
  item.append(element("p", "rated__meta", meta.filter(Boolean).join(" · ")));
  if (rating.comment) item.append(element("p", "rated__comment", rating.comment));
  return item;
}

function showGiven() {
  const newestFirst = [...given].sort((a, b) => String(b.created_at || "").localeCompare(String(a.created_at || "")));
  const list = $("given");
  list.replaceChildren(...newestFirst.map(givenItem));
  list.hidden = given.length === 0;
  $("given-empty").hidden = given.length > 0;
}

function take(data) {
  toRate = data.to_rate || [];
  given = data.given || [];
}

function showAll() {
  showToRate();
  showGiven();
  $("list-view").hidden = false;
}

// ---- rating ----------------------------------------------------------------------------------
function onChange(event) {
  const target = event.target;
  const form = target.closest(".rate-form");
  if (!form) return;
  if (target.type === "radio") {
    form.querySelector(".stars__word").textContent = strings.starWords[target.value];
    for (const radio of form.querySelectorAll("input[type=radio]")) radio.removeAttribute("aria-invalid");
    const error = form.querySelector(".stars .field__error");
    error.hidden = true;
    error.textContent = "";
    form.querySelector(".rate-form__more").hidden = false;
  }
}

function onInput(event) {
  const area = event.target;
  if (area.tagName !== "TEXTAREA") return;
  const left = LONGEST_COMMENT - area.value.length;
  $(`${area.id}-left`).textContent = fill(strings.charsLeft, { count: Math.max(left, 0) });
}

async function reload() {
  const answer = await api("/api/me/feedback");
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return;
  take(answer.data);
  showAll();
}

/** One thing rated: off the list to rate (the others keep what is typed in them), onto the ratings. */
async function rated(item, thing) {
  toRate = toRate.filter((each) => each !== thing);
  item.remove();
  $("to-rate").hidden = toRate.length === 0;
  $("to-rate-empty").hidden = toRate.length > 0;
  const answer = await api("/api/me/feedback");
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return;
  given = answer.data.given || [];
  showGiven();
}

async function send(event) {
  event.preventDefault();
  const form = event.target;
  const item = form.closest(".rate-item");
  const thing = toRate.find((each) => each.subject === item.dataset.subject);
  if (!thing) return;
  clearErrors(form);
  const chosen = form.querySelector("input[type=radio]:checked");
  if (!chosen) {
    const first = form.querySelector("input[type=radio]");
    fieldError(first, strings.ratingMissing);
    first.focus();
    return;
  }
  const area = form.querySelector("textarea");
  const comment = area.value.trim();
  if (comment.length > LONGEST_COMMENT) {
    fieldError(area, strings.commentTooLong);
    area.focus();
    return;
  }
  const button = form.querySelector("button[type=submit]");
  if (button.disabled) return;
  const restore = setBusy(button, strings.sending);
  const rating = Number(chosen.value);
  const body = { subject: thing.subject, rating };
  if (comment) body.comment = comment;
  const answer = await api("/api/me/feedback", { method: "POST", body });
  if (answer.status === 401) return toSignIn();
  if (answer.status === 409) {
    await reload();
    status(answer.data.message || strings.alreadyRated, "info");
    $("feedback-status").focus();
    return;
  }
  if (!answer.ok) {
    restore();
    showProblems(form, answer.data);
    return;
  }
  await rated(item, thing);
  const what = whatOf(thing);
  status(fill(rating <= 2 ? strings.sorry : strings.thanks, { what }));
  $("feedback-status").focus();
}

// ---- loading ------------------------------------------------------------------------------
async function loadStores() {
  const answer = await api("/api/stores");
  if (answer.ok) for (const store of answer.data.stores || []) storeNames.set(store.id, store.name);
}

async function load() {
  const stores = storeNames.size ? null : loadStores();
  const data = await loadPart("feedback", "/api/me/feedback", take);
  await stores;
  if (!data) return;
  showAll();
}

const view = $("list-view");
view.addEventListener("change", onChange);
view.addEventListener("input", onInput);
view.addEventListener("submit", send);
retryPart("feedback", load);
load();
