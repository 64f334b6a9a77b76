// Finding the customer among the members, where a clerk serves one: the counter and a phone order.
// The field searches (GET /api/staff/members?q=) as the clerk types, after a short pause, and on
// Enter, which also picks the only result; the arrow keys move through the results and back,
// Escape clears. The chosen member is kept in the address (?member=<id>), so a reload keeps them.
// The page's template is staff_macros.html's member_search, its texts member_search_strings.
import { api } from "./api.js";
import { element } from "./booking-text.js";
import { readablePhone } from "./dates.js";
import { moveThroughResults, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const DEBOUNCE_MS = 250;
const MAX_RESULTS = 20;

/**
 * Run the search of #<name>-q, #<name>-results and #<name>-status. `onPick(found)` is called with
 * the result a clerk picks. `ctrlEnterElsewhere`: Ctrl+Enter in the field is the page's (the
 * counter records the sale with it), not a search. Returns {clear}, which empties the results.
 */
export function memberSearch({ name, onPick, ctrlEnterElsewhere = false }) {
  const field = $(`${name}-q`);
  const results = $(`${name}-results`);
  const status = $(`${name}-status`);
  let timer = null;
  let seq = 0;

  function clear() {
    results.textContent = "";
    status.textContent = "";
  }

  function resultButton(found) {
    const button = element("button", "member-result counter-member");
    button.type = "button";
    const title = element("span", "member-result__name", found.name);
    if (found.salutation) title.append(" ", element("span", "member-result__salutation", found.salutation));
    const parts = [found.phone ? readablePhone(found.phone) : ""];
    if (found.home_store) parts.push(fill(strings.homeStore, { store: found.home_store.name || found.home_store }));
    const details = element("span", "member-result__details", parts.filter(Boolean).join(" · "));
    const arrow = element("span", "member-result__go", "›");
    arrow.setAttribute("aria-hidden", "true");
    button.append(title, details, arrow);
    button.addEventListener("click", () => onPick(found));
    return button;
  }

  async function find(q) {
    clearTimeout(timer);
    const mine = ++seq;
    if (!q) {
      clear();
      return;
    }
    status.textContent = strings.searching;
    const answer = await api(`/api/staff/members?q=${encodeURIComponent(q)}`);
    if (mine !== seq) return;
    if (answer.status === 401) return toStaffSignIn();
    results.textContent = "";
    if (!answer.ok) {
      status.textContent = answer.data.message;
      return;
    }
    const found = answer.data.results || [];
    for (const one of found) {
      const item = element("li");
      item.append(resultButton(one));
      results.append(item);
    }
    let text = fill(strings.found, { count: found.length });
    if (!found.length) text = fill(strings.noneFound, { q });
    else if (found.length === 1) text = strings.foundOne;
    else if (found.length >= MAX_RESULTS) text = strings.foundMany;
    status.textContent = text;
  }

  const resultButtons = () => [...results.querySelectorAll(".counter-member")];

  function onKey(event) {
    if (event.key === "Enter" && !(ctrlEnterElsewhere && (event.ctrlKey || event.metaKey))) {
      event.preventDefault();
      const buttons = resultButtons();
      if (buttons.length === 1) buttons[0].click();
      else find(field.value.trim());
    } else if (event.key === "ArrowDown" && resultButtons().length) {
      event.preventDefault();
      resultButtons()[0].focus();
    } else if (event.key === "Escape") {
      field.value = "";
      find("");
    }
  }

  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => find(field.value.trim()), DEBOUNCE_MS);
  });
  field.addEventListener("keydown", onKey);
  results.addEventListener("keydown", (event) => moveThroughResults(event, resultButtons(), field));
  return { clear };
}

/** Keep the chosen member (or none) in the address: ?member=<id>. */
export function keepInAddress(member) {
  const url = new URL(window.location.href);
  if (member) url.searchParams.set("member", member.id);
  else url.searchParams.delete("member");
  window.history.replaceState(null, "", url.pathname + url.search);
}
