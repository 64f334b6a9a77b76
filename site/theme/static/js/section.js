// A part of a member's page that loads on its own (its own loading line, error and "try again"),
// so that one part failing leaves the rest of the page working. The markup is macros.html's
// part_state(name, loading): #<name>-loading, #<name>-error, #<name>-error-text, #<name>-retry.
import { api, pageUrl } from "./api.js";

const $ = (id) => document.getElementById(id);

/** Anyone not signed in (the API said 401) goes to the sign-in page. */
export function toSignIn() {
  window.location.replace(pageUrl("signin/"));
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
