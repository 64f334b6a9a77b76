// Member search at the counter: one field, searched as the clerk types (after a short pause) and
// on Enter; results are links to the member's card. Arrow keys move between the field and the
// results, Escape goes back to the field, Enter opens a result (or the only one, from the field).
// The query stays in the address (?q=), so Back from a card comes back to the same results.
import { api, pageUrl } from "./api.js";
import { readablePhone } from "./dates.js";
import { moveThroughResults, staffSession, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("search-form");
const input = $("q");
const list = $("results");
const status = $("search-status");
const empty = $("results-empty");
const DEBOUNCE_MS = 250;
const MAX_RESULTS = 20;

let timer = null;
let inFlight = null;
let shown = { q: "", results: [] };

function cardUrl(id) {
  return pageUrl(`staff/member/?id=${encodeURIComponent(id)}`);
}

function resultLink(member) {
  const link = document.createElement("a");
  link.className = "member-result";
  link.href = cardUrl(member.id);
  const name = document.createElement("span");
  name.className = "member-result__name";
  name.textContent = member.name;
  if (member.salutation) {
    const salutation = document.createElement("span");
    salutation.className = "member-result__salutation";
    salutation.textContent = member.salutation;
    name.append(" ", salutation);
  }
  const details = document.createElement("span");
  details.className = "member-result__details";
  const parts = [member.phone ? readablePhone(member.phone) : ""];
  if (member.home_store) parts.push(fill(strings.homeStore, { store: member.home_store.name || member.home_store }));
  details.textContent = parts.filter(Boolean).join(" · ");
  const arrow = document.createElement("span");
  arrow.className = "member-result__go";
  arrow.setAttribute("aria-hidden", "true");
  arrow.textContent = "›";
  link.append(name, details, arrow);
  return link;
}

function statusText(q, results) {
  if (!results.length) return fill(strings.noneFound, { q });
  if (results.length >= MAX_RESULTS) return strings.foundMany;
  return results.length === 1 ? strings.foundOne : fill(strings.found, { count: results.length });
}

function render(q, results) {
  shown = { q, results };
  list.textContent = "";
  for (const member of results) {
    const item = document.createElement("li");
    item.append(resultLink(member));
    list.append(item);
  }
  status.textContent = q ? statusText(q, results) : "";
  $("results-empty-title").textContent = fill(strings.noneFound, { q });
  empty.hidden = !q || results.length > 0;
}

function remember(q) {
  const url = new URL(window.location.href);
  if (q) url.searchParams.set("q", q);
  else url.searchParams.delete("q");
  window.history.replaceState(null, "", url.pathname + url.search);
}

async function search(q) {
  clearTimeout(timer);
  remember(q);
  if (!q) return render("", []);
  if (inFlight) inFlight.cancelled = true;
  const request = { cancelled: false };
  inFlight = request;
  status.textContent = strings.searching;
  const answer = await api(`/api/staff/members?q=${encodeURIComponent(q)}`);
  if (request.cancelled) return;
  inFlight = null;
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) {
    render("", []);
    status.textContent = answer.data.message;
    return;
  }
  render(q, answer.data.results || []);
}

function links() {
  return [...list.querySelectorAll(".member-result")];
}

function onType() {
  clearTimeout(timer);
  timer = setTimeout(() => search(input.value.trim()), DEBOUNCE_MS);
}

function onSubmit(event) {
  event.preventDefault();
  const q = input.value.trim();
  if (q && q === shown.q && shown.results.length === 1) {
    window.location.assign(cardUrl(shown.results[0].id));
    return;
  }
  search(q);
}

function onFieldKey(event) {
  if (event.key === "ArrowDown" && links().length) {
    event.preventDefault();
    links()[0].focus();
  } else if (event.key === "Escape") {
    input.value = "";
    search("");
  }
}

function onResultKey(event) {
  moveThroughResults(event, links(), input);
}

function showInvitation(staff) {
  if (!staff.store) return;
  const query = new URLSearchParams({ store: staff.store.id, by: staff.id });
  $("my-poster").href = pageUrl(`staff/poster/?${query}`);
  $("invite-url").textContent = staff.invite_url || "";
  $("invite-url").parentElement.hidden = !staff.invite_url;
  $("invitation").hidden = false;
}

input.addEventListener("input", onType);
input.addEventListener("keydown", onFieldKey);
list.addEventListener("keydown", onResultKey);
form.addEventListener("submit", onSubmit);

async function start() {
  const staff = await staffSession();
  if (!staff) return;
  showInvitation(staff);
  const q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
    search(q.trim());
  }
  input.focus();
}

start();
