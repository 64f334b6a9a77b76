// The one way pages talk to the shop's API: same origin, JSON both ways, in the page's language.
import { strings } from "./strings.js";

const root = document.documentElement;
export const LANG = root.dataset.lang;
const PREFIX = root.dataset.prefix;

/** A page of this site in the current language: pageUrl("account/") is "/en/account/" in English. */
export function pageUrl(path) {
  return `${PREFIX}/${path}`;
}

/**
 * Call the API. Resolves (never rejects) to {ok, status, data}; when the request fails, data is
 * an error body like the API's own ({error, message, fields?}), with a message for the reader.
 * `headers` adds to the usual ones, e.g. {"Idempotency-Key": key} on a write a retry may repeat.
 */
export async function api(path, { method = "GET", body, headers = {} } = {}) {
  const init = {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "Accept-Language": LANG, ...headers },
  };
  if (method !== "GET") init.body = JSON.stringify(body || {});
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    return { ok: false, status: 0, data: { error: "network", message: strings.networkError } };
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = {};
  }
  // Answers from our functions carry an error code and a translated message; anything else
  // (a gateway's own error page) gets a message of ours.
  if (!response.ok && !(data && data.error && data.message)) {
    data = { error: "unexpected", message: strings.unexpectedError };
  }
  return { ok: response.ok, status: response.status, data };
}
