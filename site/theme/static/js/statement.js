// The link a shop sends a company's contact (/statement/?t=<token>) confirms that month's
// statement of orders on account (POST /api/statements/confirm). It works without signing in: the
// signed token says which company and month. Nothing happens until the contact presses Confirm;
// then the page shows the company, the month, the total and when it was confirmed (a second
// confirmation answers with the first one's time).
import { api } from "./api.js";
import { formatDateTime } from "./dates.js";
import { setBusy } from "./form.js";
import "./lang-switch.js";
import { moneyExact } from "./money.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(window.location.search).get("t") || "";
const TOKEN = /^[A-Za-z0-9_-]{4,200}\.[A-Za-z0-9_-]{4,100}$/;

function monthName(month) {
  const [year, number] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(strings.dateLocale, { year: "numeric", month: "long", timeZone: "UTC" }).format(Date.UTC(year, number - 1, 1));
}

/** The month the link is for, read from the token to say what is confirmed (the API checks it). */
function monthOfLink() {
  try {
    const payload = atob(token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/"));
    const month = /\.(20\d{2}-(0[1-9]|1[0-2]))$/.exec(payload);
    return month ? month[1] : null;
  } catch {
    return null;
  }
}

function failed(message, canRetry) {
  $("statement-ask").hidden = true;
  $("statement-error").textContent = message;
  $("statement-retry").hidden = !canRetry;
  $("statement-failed").hidden = false;
}

function done(confirmed) {
  $("statement-ask").hidden = true;
  $("statement-failed").hidden = true;
  $("statement-message").textContent = strings.confirmed;
  $("done-company").textContent = confirmed.company.name;
  $("done-invoice").textContent = confirmed.company.invoice_title;
  $("done-month").textContent = monthName(confirmed.month);
  $("done-total").textContent = moneyExact(confirmed.total_fen);
  $("done-at").textContent = formatDateTime(confirmed.confirmed_at);
  $("statement-done").hidden = false;
  $("statement-message").focus();
}

async function confirm() {
  const restore = setBusy($("confirm-statement"), strings.confirming);
  const answer = await api("/api/statements/confirm", { method: "POST", body: { token } });
  restore();
  if (answer.ok) return done(answer.data);
  if (answer.status === 422) return failed(strings.linkIncomplete, false);
  failed(answer.data.message, answer.status === 0 || answer.status >= 500);
}

function ask() {
  $("statement-failed").hidden = true;
  if (!TOKEN.test(token)) return failed(strings.linkIncomplete, false);
  const month = monthOfLink();
  $("statement-about").textContent = month ? fill(strings.statementFor, { month: monthName(month) }) : strings.statementAny;
  $("statement-ask").hidden = false;
}

$("confirm-statement").addEventListener("click", confirm);
$("statement-retry").addEventListener("click", () => {
  ask();
  if (!$("statement-ask").hidden) confirm();
});
ask();
