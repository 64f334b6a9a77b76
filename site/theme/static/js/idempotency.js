// Keys for writes a retry may repeat (the API's Idempotency-Key header): one key per attempt,
// sent again with the same request, so a retry after a lost answer is not done twice.

export function newKey() {
  if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The same key for the same request body; a new one once the request changes. */
export function attemptFor(previous, body) {
  const text = JSON.stringify(body);
  return previous && previous.text === text ? previous : { text, key: newKey() };
}
