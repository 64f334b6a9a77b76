// What every page of the staff portal shares: who is signed in (GET /api/staff/me) shown in the
// header, the managers' links, signing out, and "/" to jump to member search. Without a staff
// session a page goes to the staff sign-in page of its language.
import { api, pageUrl } from "./api.js";
import { leaveNotice, setBusy } from "./form.js";
import "./lang-switch.js";
import { strings } from "./strings.js";

const $ = (id) => document.getElementById(id);

export function toStaffSignIn() {
  window.location.replace(pageUrl("staff/"));
}

/** A page-level message (the page's #page-message): kind is info, success or error. */
export function pageMessage(kind, text) {
  const box = $("page-message");
  if (!box) return;
  box.className = `message message--${kind}`;
  box.textContent = text;
  box.hidden = !text;
}

export function stopLoading() {
  const loading = $("page-loading");
  if (loading) loading.hidden = true;
}

/** A clerk on a managers' page, or a 403 from a managers' route: say so plainly. */
export function showManagersOnly() {
  const box = $("managers-only");
  if (box) box.hidden = false;
  for (const part of document.querySelectorAll("[data-needs-manager]")) part.hidden = true;
}

/** An answer a page cannot show: a 401 goes to sign in, a 403 says managers only; true when the caller should stop. */
export function refused(answer) {
  if (answer.status === 401) {
    toStaffSignIn();
    return true;
  }
  if (answer.status === 403) {
    showManagersOnly();
    return true;
  }
  return false;
}

function showWho(staff) {
  $("staff-who-name").textContent = staff.name;
  $("staff-who-store").textContent = staff.store ? staff.store.name : "";
  $("staff-who").hidden = false;
  const manager = staff.role === "manager";
  for (const link of document.querySelectorAll("[data-manager]")) link.hidden = !manager;
  // On a phone the bar scrolls sideways: keep this page's link in view.
  const current = document.querySelector('.staff-nav [aria-current="page"]');
  const bar = current && current.closest(".staff-nav__list");
  if (bar && bar.scrollWidth > bar.clientWidth) bar.scrollLeft = current.offsetLeft - (bar.clientWidth - current.offsetWidth) / 2;
}

/**
 * The signed-in staff member, or null when the page cannot go on (sent to sign in, or a clerk
 * on a managers' page, which then says so).
 */
export async function staffSession({ managersOnly = false } = {}) {
  const answer = await api("/api/staff/me");
  if (answer.status === 401 || answer.status === 403) {
    toStaffSignIn();
    return null;
  }
  if (!answer.ok) {
    stopLoading();
    pageMessage("error", answer.data.message);
    return null;
  }
  showWho(answer.data);
  if (managersOnly && answer.data.role !== "manager") {
    stopLoading();
    showManagersOnly();
    return null;
  }
  return answer.data;
}

async function signOut(event) {
  const restore = setBusy(event.currentTarget, strings.signingOut);
  const answer = await api("/api/staff/auth/logout", { method: "POST", body: {} });
  if (answer.ok || answer.status === 401) {
    leaveNotice(answer.data.message || strings.signedOut);
    toStaffSignIn();
    return;
  }
  restore();
  pageMessage("error", answer.data.message);
}

/** "/" anywhere but in a text field goes to member search, as in many search tools. */
function searchShortcut(event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest("input, textarea, select, [contenteditable]")) return;
  event.preventDefault();
  const search = $("q");
  if (search) search.focus();
  else window.location.assign(pageUrl("staff/members/"));
}

$("staff-sign-out")?.addEventListener("click", signOut);
document.addEventListener("keydown", searchShortcut);

/**
 * Arrow keys move through a list of results and back up to its search field; Escape returns to
 * the field. Shared by finding a member and the counter.
 */
export function moveThroughResults(event, items, field) {
  const index = items.indexOf(document.activeElement);
  if (index < 0) return;
  if (event.key === "ArrowDown") {
    event.preventDefault();
    items[Math.min(index + 1, items.length - 1)].focus();
  } else if (event.key === "ArrowUp") {
    event.preventDefault();
    if (index === 0) field.focus();
    else items[index - 1].focus();
  } else if (event.key === "Escape") {
    event.preventDefault();
    field.focus();
    field.select();
  }
}
