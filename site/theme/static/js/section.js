// A part of a member's page that loads on its own (its own loading line, error and "try again"),
// so that one part failing leaves the rest of the page working. The markup is macros.html's
// part_state(name, loading): #<name>-loading, #<name>-error, #<name>-error-text, #<name>-retry.
// Also the way to sign-in and back: a member page sends anyone signed out to the sign-in page with
// ?next=<this page>, and signing in (or joining) then comes back to it.
import { api, pageUrl } from "./api.js";

const $ = (id) => document.getElementById(id);

/**
 * Anyone not signed in (the API said 401) goes to the sign-in page of the same language, which
 * brings them back here afterwards: /en/plants/?guide=monstera goes to
 * /en/signin/?next=%2Fen%2Fplants%2F%3Fguide%3Dmonstera.
 */
export function toSignIn() {
  const here = window.location.pathname + window.location.search;
  window.location.replace(`${pageUrl("signin/")}?next=${encodeURIComponent(here)}`);
}

/**
 * `next` when it is a page of this site, as a path ("/plants/?guide=monstera"), else null. Never
 * another site: only one leading "/" ("//host" and "/\host" are other hosts to a browser, and
 * "https:" or "javascript:" do not start with "/"), no whitespace or control characters (a
 * browser drops tabs and newlines, so "/\t/host" would be "//host"), and the resolved address must
 * still be on this origin.
 */
export function safeNext(next) {
  if (typeof next !== "string" || !/^\/(?![/\\])/.test(next) || /[\s\x00-\x1f\x7f\\]/.test(next)) return null;
  let url;
  try {
    url = new URL(next, window.location.origin);
  } catch {
    return null;
  }
  if (url.origin !== window.location.origin) return null;
  return url.pathname + url.search + url.hash;
}

/** The page's own ?next= when it is safe (see safeNext), else null. */
export function nextFromQuery() {
  return safeNext(new URLSearchParams(window.location.search).get("next"));
}

/** Where signing in or joining ends: the page the member came from, else their account page. */
export function afterSignIn() {
  return nextFromQuery() || pageUrl("account/");
}

/**
 * The page's links to `page` ("join/" from the sign-in page, "signin/" from the join page: the
 * form's, the header's, the footer's) keep ?next=, so whichever way the member goes they come back.
 */
export function keepNext(page) {
  const next = nextFromQuery();
  if (!next) return;
  const href = pageUrl(page);
  for (const link of document.querySelectorAll("a[href]")) {
    if (link.getAttribute("href") !== href) continue;
    link.href = `${href}?next=${encodeURIComponent(next)}`;
  }
}

/**
 * GET `path` into the part `name`, and call `show` with the answer's data. Resolves to the data,
 * or null when it failed (the part then says why and offers to try again). `quiet` reloads
 * without the loading line, after a change the member made.
 */
export async function loadPart(name, path, show, { quiet = false } = {}) {
  const loading = $(`${name}-loading`);
  const error = $(`${name}-error`);
  if (!quiet) loading.hidden = false;
  error.hidden = true;
  const answer = await api(path);
  loading.hidden = true;
  if (answer.status === 401) {
    toSignIn();
    return null;
  }
  if (!answer.ok) {
    $(`${name}-error-text`).textContent = answer.data.message;
    error.hidden = false;
    return null;
  }
  show(answer.data);
  return answer.data;
}

/** Wire the part's "try again" button to load it again. */
export function retryPart(name, load) {
  $(`${name}-retry`).addEventListener("click", () => load());
}
