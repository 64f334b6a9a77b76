// The link in a message (/rate/?t=<token>) rates one purchase or booking without signing in: the
// signed token says whose and which. The page first says what is rated (GET /api/feedback?t=), or
// that it is rated already; then 1 to 5 stars and an optional comment are sent with the token
// (POST /api/feedback). A bad or expired link is said plainly, with other ways to tell the shop.
import { api } from "./api.js";
import { formatDay } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showProblems } from "./form.js";
import "./lang-switch.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(window.location.search).get("t") || "";
const form = $("rate-form");
const LONGEST_COMMENT = 300;
// the link is bad, expired or no longer rateable: nothing on the form can fix that
const LINK_ERRORS = new Set(["invalid_link", "link-invalid", "not_rateable", "not-rateable"]);

function failed(message, canRetry) {
  $("rate-loading").hidden = true;
  $("rate-ask").hidden = true;
  $("rate-error").textContent = message;
  $("rate-retry").hidden = !canRetry;
  $("rate-failed").hidden = false;
}

function done(text) {
  $("rate-loading").hidden = true;
  $("rate-ask").hidden = true;
  $("rate-failed").hidden = true;
  $("rate-message").textContent = text;
  $("rate-done").hidden = false;
  $("rate-mine").hidden = false;
  $("rate-message").focus();
}

function showWhat(thing) {
  $("rate-what").textContent = thing.what || strings.kinds[thing.kind] || "";
  const kind = strings.kinds[thing.kind];
  $("rate-kind").textContent = kind || "";
  $("rate-kind").hidden = !kind || !thing.what;
  $("rate-when").textContent = formatDay(thing.day);
  $("rate-when").hidden = !thing.day;
}

/** What the link rates: asked first, so the member sees what their stars are for. */
async function ask() {
  $("rate-failed").hidden = true;
  $("rate-loading").hidden = false;
  if (!token) return failed(strings.linkIncomplete, false);
  const answer = await api(`/api/feedback?${new URLSearchParams({ t: token })}`);
  if (answer.status === 422) return failed(strings.linkIncomplete, false);
  if (!answer.ok) return failed(answer.data.message, answer.status === 0 || answer.status >= 500);
  showWhat(answer.data);
  if (answer.data.rated) return done(strings.alreadyRated);
  $("rate-loading").hidden = true;
  $("rate-ask").hidden = false;
}

function onChange(event) {
  if (event.target.name !== "rating") return;
  $("rating-word").textContent = strings.starWords[event.target.value];
  for (const radio of form.querySelectorAll("input[name=rating]")) radio.removeAttribute("aria-invalid");
  $("rating-error").hidden = true;
}

function countLeft() {
  const left = LONGEST_COMMENT - $("comment").value.length;
  $("comment-left").textContent = fill(strings.charsLeft, { count: Math.max(left, 0) });
}

async function send(event) {
  event.preventDefault();
  clearErrors(form);
  const chosen = form.querySelector("input[name=rating]:checked");
  if (!chosen) {
    const first = form.querySelector("input[name=rating]");
    fieldError(first, strings.ratingMissing);
    first.focus();
    return;
  }
  const button = $("send-rating");
  if (button.disabled) return;
  const rating = Number(chosen.value);
  const body = { token, rating };
  const comment = $("comment").value.trim();
  if (comment) body.comment = comment;
  const restore = setBusy(button, strings.sending);
  const answer = await api("/api/feedback", { method: "POST", body });
  restore();
  if (answer.ok) return done(fill(rating <= 2 ? strings.sorry : strings.thanks, { what: $("rate-what").textContent }));
  if (answer.status === 409) return done(strings.alreadyRated);
  if (LINK_ERRORS.has(answer.data.error)) return failed(answer.data.message, false);
  showProblems(form, answer.data);
}

form.addEventListener("change", onChange);
form.addEventListener("submit", send);
$("comment").addEventListener("input", countLeft);
forgiveOnEdit(form);
$("rate-retry").addEventListener("click", ask);
countLeft();
ask();
