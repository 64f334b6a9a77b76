// The steps of a booking, shared by the member's page (/book/) and the staff's order entry
// (/staff/booking/): the store and the way (pickup or delivery), a day from the month calendar,
// a time window with its places left, the flowers (GET /api/catalog), for whom, the card (the
// occasion's templates, 80 characters) and notes. "Review" asks for a quote (price, early-bird,
// member discount, points, warnings) and shows it; "Confirm" books with an Idempotency-Key made
// once per attempt and sent again with the same request, so a retry never books twice.
// Changing anything after the review hides it: what is confirmed is always what was reviewed.
// A booking made again (from the gift notebook) starts filled in from the earlier one.
import { LANG, api } from "./api.js";
import { createCalendar, placesIn } from "./booking-calendar.js";
import { addressText, element, itemArt, modeText, occasionText, phoneText, recipeText, showTotals, whenText } from "./booking-text.js";
import { formatDay, formatMonthDay } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, hideMessage, setBusy, showMessage, showProblems } from "./form.js";
import { attemptFor } from "./idempotency.js";
import { count, money, moneyExact } from "./money.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("booking-form");
const MAX_QUANTITY = 20;
const MAX_LINES = 10;
const CARD_LIMIT = 80;
const ADDRESS_PARTS = ["province", "city", "district", "street", "building_room"];
const SLOT_PROBLEMS = ["slot_full", "past_cutoff", "day_closed"];

let config = null;
let calendar = null;
let day = null; // the chosen Day
let catalog = []; // CatalogItem
let templates = {}; // occasion -> [text]
const quantities = new Map(); // item_id -> quantity
let recipients = null; // the member's notebook, or null (staff)
let gold = false;
let quoted = null; // {body, quote} under review
let attempt = null;
let wantedWindow = null; // the window of a booking made again, until its day is chosen
let wantedItems = []; // the items of a booking made again, until the catalog is loaded

const mode = () => form.querySelector('input[name="mode"]:checked')?.value || "pickup";
const chosenWindow = () => form.querySelector('input[name="window"]:checked')?.value || null;
const occasion = () => $("booking-occasion").value;
const itemById = (id) => catalog.find((item) => item.id === id);

// ---- the day and the window ---------------------------------------------------------------
function chooseDay(chosen) {
  day = chosen;
  $("day-chosen").textContent = "";
  clearFieldErrorOf($("calendar-grid"));
  if (day) {
    const notes = [fill(strings.chosenDay, { date: formatDay(day.date) })];
    if (day.peak) notes.push(fill(strings.peakDay, { name: day.peak.name }));
    if (day.early_bird) notes.push(fill(strings.earlyBird, { percent: day.early_bird.percent, date: earlyBirdUntil(day.early_bird.until) }));
    for (const note of notes) $("day-chosen").append(element("p", "", note));
  }
  showWindows();
  $("step-window").hidden = !day;
  invalidate();
}

function earlyBirdUntil(until) {
  return formatMonthDay(String(until).slice(0, 10));
}

function clearFieldErrorOf(control) {
  const line = $(control.dataset.errorId || `${control.id}-error`);
  control.removeAttribute("aria-invalid");
  if (line) {
    line.hidden = true;
    line.textContent = "";
  }
}

function windowChoice(window, before) {
  const places = placesIn(window, mode(), gold);
  const own = (window[mode()] || {}).left || 0;
  const label = element("label", `radio radio--choice window${places ? "" : " window--full"}`);
  const input = element("input");
  input.type = "radio";
  input.name = "window";
  input.value = window.window;
  input.disabled = places === 0;
  input.checked = places > 0 && before === window.window;
  const text = element("span");
  text.append(element("strong", "window__time", window.window));
  let left = places === 1 ? strings.placeLeft : fill(strings.placesLeft, { count: places });
  if (!places) left = (window[mode()] || {}).gold_left ? strings.goldOnly : strings.windowFull;
  text.append(element("span", "radio__hint", left));
  if (gold && own < places) text.append(element("span", "radio__hint", fill(strings.goldLeft, { count: places - own })));
  if (window.gold_priority && mode() === "delivery") text.append(element("span", "badge badge--tier window__gold", strings.goldFirst));
  label.append(input, text);
  return label;
}

function showWindows() {
  const list = $("windows");
  let before = chosenWindow();
  if (day && wantedWindow) {
    before = wantedWindow;
    wantedWindow = null;
  }
  list.textContent = "";
  const windows = (day && day.windows) || [];
  for (const window of windows) list.append(windowChoice(window, before));
  if (day && !windows.some((w) => placesIn(w, mode(), gold) > 0)) list.append(element("p", "empty-line", strings.noWindows));
  revealAfterWindow();
}

function revealAfterWindow() {
  if (!chosenWindow()) return;
  for (const part of form.querySelectorAll("[data-after-window]")) part.hidden = false;
}

// ---- the flowers --------------------------------------------------------------------------
function stepper(item, blocked) {
  const box = element("div", "stepper");
  const id = `quantity-${item.id}`;
  const fewer = element("button", "button button--small button--secondary stepper__button", "−");
  fewer.type = "button";
  fewer.dataset.step = "-1";
  fewer.setAttribute("aria-label", fill(strings.fewer, { name: item.name }));
  const input = element("input", "field__input stepper__input");
  input.id = id;
  input.type = "text";
  input.inputMode = "numeric";
  input.maxLength = 2;
  input.autocomplete = "off";
  input.value = String(quantities.get(item.id) || 0);
  input.dataset.item = item.id;
  input.setAttribute("aria-label", fill(strings.quantityOf, { name: item.name }));
  const more = element("button", "button button--small button--secondary stepper__button", "+");
  more.type = "button";
  more.dataset.step = "1";
  more.setAttribute("aria-label", fill(strings.more, { name: item.name }));
  for (const control of [fewer, input, more]) control.disabled = blocked;
  box.append(fewer, input, more);
  return box;
}

function catalogItem(item) {
  const blocked = mode() === "delivery" && !item.deliverable;
  const card = element("li", `catalog-item${blocked ? " catalog-item--blocked" : ""}${quantities.get(item.id) ? " catalog-item--chosen" : ""}`);
  card.dataset.id = item.id;
  card.append(itemArt(item, "catalog-item__art", 88));
  const body = element("div", "catalog-item__body");
  const head = element("div", "catalog-item__head");
  head.append(element("h3", "catalog-item__name", item.name), element("p", "catalog-item__price", money(item.price_fen)));
  body.append(head);
  const description = LANG === "en" ? item.description_en || item.description_zh : item.description_zh || item.description_en;
  if (description) body.append(element("p", "catalog-item__desc", description));
  if (item.recipe && item.recipe.length) body.append(element("p", "catalog-item__recipe", fill(strings.recipe, { recipe: recipeText(item.recipe) })));
  if (item.occasions && item.occasions.length) {
    const chips = element("ul", "chips catalog-item__occasions");
    for (const value of item.occasions) chips.append(element("li", `chip${value === occasion() ? " chip--chosen" : ""}`, occasionText(value)));
    body.append(chips);
  }
  if (blocked) body.append(element("p", "catalog-item__blocked", strings.pickupOnly));
  body.append(stepper(item, blocked));
  card.append(body);
  return card;
}

/** What suits the chosen occasion first, the rest in the shop's order. */
function showCatalog() {
  const list = $("catalog-list");
  const focused = document.activeElement && list.contains(document.activeElement) ? document.activeElement.id : null;
  list.textContent = "";
  const wanted = occasion();
  const suits = (item) => (wanted && (item.occasions || []).includes(wanted) ? 0 : 1);
  const ordered = catalog.map((item, index) => [suits(item), index, item]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [, , item] of ordered) list.append(catalogItem(item));
  $("catalog-empty").hidden = catalog.length > 0;
  list.hidden = catalog.length === 0;
  if (focused && $(focused)) $(focused).focus();
  showItemsTotal();
}

function chosenLines() {
  return catalog
    .filter((item) => quantities.get(item.id) > 0 && !(mode() === "delivery" && !item.deliverable))
    .map((item) => ({ item_id: item.id, quantity: quantities.get(item.id) }));
}

function showItemsTotal() {
  const lines = chosenLines();
  const pieces = lines.reduce((sum, line) => sum + line.quantity, 0);
  const amount = lines.reduce((sum, line) => sum + line.quantity * itemById(line.item_id).price_fen, 0);
  $("items-total").textContent = pieces ? fill(strings.itemsTotal, { count: pieces, amount: money(amount) }) : "";
}

function setQuantity(input, value) {
  const item = input.dataset.item;
  const quantity = Math.max(0, Math.min(MAX_QUANTITY, value));
  quantities.set(item, quantity);
  input.value = String(quantity);
  input.closest(".catalog-item").classList.toggle("catalog-item--chosen", quantity > 0);
  clearFieldErrorOf($("catalog-list"));
  showItemsTotal();
  invalidate();
}

function onCatalogClick(event) {
  const button = event.target.closest("[data-step]");
  if (!button) return;
  const input = button.parentElement.querySelector(".stepper__input");
  setQuantity(input, (Number(input.value) || 0) + Number(button.dataset.step));
}

function onCatalogInput(event) {
  const input = event.target.closest(".stepper__input");
  if (!input) return;
  const typed = input.value.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
  if (typed === "") return;
  if (!/^\d{1,2}$/.test(typed)) return fieldError($("catalog-list"), strings.quantityInvalid);
  setQuantity(input, Number(typed));
}

async function loadCatalog() {
  $("catalog-loading").hidden = false;
  $("catalog-error").hidden = true;
  const answer = await api("/api/catalog");
  $("catalog-loading").hidden = true;
  if (!answer.ok) {
    $("catalog-error-text").textContent = answer.data.message;
    $("catalog-error").hidden = false;
    return;
  }
  catalog = answer.data.items || [];
  templates = answer.data.card_templates || {};
  showCatalog();
  showTemplates();
  const gone = wantedItems.filter((line) => !itemById(line.item_id));
  wantedItems = [];
  if (gone.length && config.onPrefillGap) config.onPrefillGap("items", gone);
}

// ---- for whom -----------------------------------------------------------------------------
function recipientRadio(value, title, hint) {
  const label = element("label", "radio radio--choice");
  const input = element("input");
  input.type = "radio";
  input.name = "recipient";
  input.value = value;
  const text = element("span");
  text.append(element("strong", "", title));
  if (hint) text.append(element("span", "radio__hint", hint));
  label.append(input, text);
  return label;
}

function recipientChoices() {
  const choices = [];
  if (mode() === "pickup") choices.push(["me", config.staff ? strings.recipientCustomer : strings.recipientMe, ""]);
  for (const saved of recipients || []) {
    if (mode() === "delivery" && !saved.address) continue;
    const hint = [phoneText(saved.phone), mode() === "delivery" ? addressText(saved.address) : ""].filter(Boolean).join(" · ");
    choices.push([`saved:${saved.id}`, saved.name, hint]);
  }
  choices.push(["new", mode() === "pickup" && !(recipients || []).length ? strings.recipientSomeone : strings.recipientNew, ""]);
  return choices;
}

function showRecipients() {
  const place = $("recipient-choices");
  const before = form.querySelector('input[name="recipient"]:checked')?.value;
  place.textContent = "";
  const choices = recipientChoices();
  for (const [value, title, hint] of choices) place.append(recipientRadio(value, title, hint));
  const keep = choices.find(([value]) => value === before);
  const pick = keep ? keep[0] : choices[0][0];
  place.querySelector(`input[value="${CSS.escape(pick)}"]`).checked = true;
  // With nothing to choose between, the choice is not asked.
  $("recipient-choice-part").hidden = choices.length === 1;
  showRecipientFields();
}

function recipientChoice() {
  return form.querySelector('input[name="recipient"]:checked')?.value || "new";
}

function showRecipientFields() {
  const fresh = recipientChoice() === "new";
  $("recipient-new").hidden = !fresh;
  $("recipient-address").hidden = mode() !== "delivery";
  $("recipient-save-part").hidden = !config.canSaveRecipient();
  $("no-call-part").hidden = mode() !== "delivery";
}

// ---- the card -----------------------------------------------------------------------------
function showTemplates() {
  const list = $("card-templates");
  list.textContent = "";
  const texts = templates[occasion()] || templates.everyday || [];
  for (const text of texts) {
    const item = element("li");
    const button = element("button", "card-template", text);
    button.type = "button";
    button.dataset.template = text;
    item.append(button);
    list.append(item);
  }
  $("card-templates-part").hidden = texts.length === 0;
}

function cardLength() {
  return [...$("card-message").value].length;
}

function showCardCount() {
  const length = cardLength();
  const counter = $("card-count");
  counter.textContent = fill(strings.cardCount, { count: length });
  counter.classList.toggle("card-count--over", length > CARD_LIMIT);
}

// ---- reading the booking --------------------------------------------------------------------
function need(ok, control, text, problems) {
  if (ok) return;
  fieldError(control, text);
  problems.push(control);
}

function readRecipient(problems) {
  const choice = recipientChoice();
  if (choice === "me") return undefined;
  if (choice.startsWith("saved:")) return { recipient_id: choice.slice(6) };
  const name = $("recipient-name").value.trim();
  const phone = $("recipient-phone").value.replace(/\s/g, "");
  need(name, $("recipient-name"), strings.nameMissing, problems);
  need(phone, $("recipient-phone"), strings.phoneMissing, problems);
  const recipient = { name, phone };
  if (mode() === "delivery") {
    recipient.address = {};
    for (const part of ADDRESS_PARTS) {
      const input = $(`address-${part.replace("_", "-")}`);
      recipient.address[part] = input.value.trim();
      need(recipient.address[part], input, strings.addressMissing, problems);
    }
  }
  if (config.canSaveRecipient()) recipient.save = $("recipient-save").checked;
  return recipient;
}

/** The BookingRequest (with the page's own parts), or {problem} with the fields to fix marked. */
function readBooking() {
  const problems = [];
  const extra = config.extraBody ? config.extraBody(problems) : {};
  need(day, $("calendar-grid"), strings.chooseDay, problems);
  need(!day || chosenWindow(), $("windows"), strings.chooseWindow, problems);
  const items = chosenLines();
  need(!day || !chosenWindow() || items.length, $("catalog-list"), strings.chooseItems, problems);
  need(items.length <= MAX_LINES, $("catalog-list"), strings.tooManyLines, problems);
  const body = { ...extra, store: $("booking-store").value, date: day ? day.date : null, window: chosenWindow(), mode: mode(), items };
  if (occasion()) body.occasion = occasion();
  if (day && chosenWindow()) {
    const recipient = readRecipient(problems);
    if (recipient) body.recipient = recipient;
  }
  const card = $("card-message").value.trim();
  need(cardLength() <= CARD_LIMIT, $("card-message"), fill(strings.cardTooLong, { count: cardLength() }), problems);
  if (card) body.card_message = card;
  body.options = { anonymous: $("option-anonymous").checked, no_call: mode() === "delivery" && $("option-no-call").checked };
  const notes = $("booking-notes").value.trim();
  if (notes) body.notes = notes;
  return problems.length ? { problem: problems[0] } : { body };
}

// ---- the review ---------------------------------------------------------------------------
function detailRow(list, title, value) {
  if (!value) return;
  const row = element("div");
  row.append(element("dt", "", title), element("dd", "", value));
  list.append(row);
}

function recipientFor(body) {
  const recipient = body.recipient;
  if (!recipient) return [config.staff ? config.customerName() : strings.recipientMe, ""];
  if (recipient.recipient_id) {
    const saved = (recipients || []).find((r) => r.id === recipient.recipient_id) || {};
    return [[saved.name, phoneText(saved.phone)].filter(Boolean).join(" · "), body.mode === "delivery" ? addressText(saved.address) : ""];
  }
  return [[recipient.name, phoneText(recipient.phone)].filter(Boolean).join(" · "), addressText(recipient.address)];
}

function showDetails(body) {
  const list = $("review-details");
  list.textContent = "";
  const store = $("booking-store").selectedOptions[0]?.textContent || body.store;
  for (const [title, value] of config.extraDetails ? config.extraDetails() : []) detailRow(list, title, value);
  detailRow(list, strings.detailStore, store);
  detailRow(list, strings.detailWhen, whenText(body.date, body.window));
  detailRow(list, strings.detailMode, modeText(body.mode));
  detailRow(list, strings.detailOccasion, body.occasion ? occasionText(body.occasion) : "");
  const [who, where] = recipientFor(body);
  detailRow(list, strings.detailRecipient, who);
  detailRow(list, strings.detailAddress, where);
  detailRow(list, strings.detailCard, body.card_message || strings.noCard);
  const options = [body.options.anonymous ? strings.anonymous : "", body.options.no_call ? strings.noCall : ""].filter(Boolean);
  detailRow(list, strings.detailOptions, options.join(strings.listJoin));
  detailRow(list, strings.detailNotes, body.notes || "");
}

function showItems(body) {
  const rows = $("review-items");
  rows.textContent = "";
  for (const line of body.items) {
    const item = itemById(line.item_id);
    const row = element("tr");
    row.append(element("td", "", item.name), element("td", "", String(line.quantity)), element("td", "", moneyExact(line.quantity * item.price_fen)));
    rows.append(row);
  }
}

function showWarnings(warnings) {
  const list = $("review-warning-list");
  list.textContent = "";
  for (const warning of warnings || []) {
    const item = itemById(warning.item_id);
    list.append(element("li", `warning warning--${warning.kind}`, item ? fill(strings.warningFor, { item: item.name, text: warning.text }) : warning.text));
  }
  $("review-warnings").hidden = !(warnings && warnings.length);
}

function showReview(body, quote) {
  quoted = { body, quote };
  showWarnings(quote.warnings);
  showDetails(body);
  showItems(body);
  const flowers = body.items.reduce((sum, line) => sum + line.quantity * itemById(line.item_id).price_fen, 0);
  showTotals($("review-totals"), quote, quote.subtotal_fen - flowers);
  $("review-points").textContent = config.earnsPoints() ? fill(strings.pointsEarned, { points: count(quote.points || 0) }) : strings.noPoints;
  hideMessage($("review"));
  $("review-bar").hidden = true;
  $("review").hidden = false;
  $("review").focus();
  $("review").scrollIntoView({ block: "start" });
}

/** Anything changed after the review: the review goes, and must be asked for again. */
function invalidate() {
  if (!quoted) return;
  quoted = null;
  $("review").hidden = true;
  revealAfterWindow();
  $("review-bar").hidden = false;
  showMessage("info", strings.reviewStale, $("review-bar"));
}

function showFailure(answer, box) {
  if (answer.status === 401) return config.signedOut();
  const problem = strings.problems[answer.data.error];
  if (SLOT_PROBLEMS.includes(answer.data.error)) {
    calendar.reload();
    quoted = null;
    $("review").hidden = true;
    $("review-bar").hidden = false;
    showMessage("error", problem || answer.data.message, $("review-bar"));
    $("step-day").scrollIntoView({ block: "start" });
    $("calendar-grid").focus();
    return;
  }
  if (answer.status === 422 || answer.data.fields) {
    quoted = null;
    $("review").hidden = true;
    $("review-bar").hidden = false;
    return showProblems(form, answer.data);
  }
  showMessage("error", problem || answer.data.message, box);
}

async function review() {
  clearErrors(form);
  const { body, problem } = readBooking();
  if (problem) {
    showMessage("error", strings.checkFields, $("review-bar"));
    problem.focus();
    return;
  }
  const restore = setBusy($("review-booking"), strings.quoting);
  const answer = await api(config.quotePath, { method: "POST", body });
  restore();
  if (!answer.ok) return showFailure(answer, $("review-bar"));
  hideMessage($("review-bar"));
  showReview(body, answer.data);
}

async function confirm() {
  if (!quoted) return;
  const button = $("confirm-booking");
  if (button.disabled) return;
  const { body, quote } = quoted;
  attempt = attemptFor(attempt, body);
  const restore = setBusy(button, strings.confirming);
  const answer = await api(config.bookPath, { method: "POST", body, headers: { "Idempotency-Key": attempt.key } });
  restore();
  if (!answer.ok) return showFailure(answer, $("review"));
  attempt = null;
  config.onBooked(answer.data, quote);
}

function editAgain() {
  quoted = null;
  $("review").hidden = true;
  $("review-bar").hidden = false;
  hideMessage($("review-bar"));
  $("step-items").scrollIntoView({ block: "start" });
  $("booking-store").focus({ preventScroll: true });
}

// ---- a booking made again -------------------------------------------------------------------
const digits = (phone) => String(phone || "").replace(/\D/g, "").replace(/^86(?=1\d{10}$)/, "");

/** The earlier recipient: from the notebook when it is there (same name and phone), else typed in. */
function prefillRecipient(recipient) {
  if (!recipient) return;
  const saved = (recipients || []).find(
    (r) => r.name === recipient.name && digits(r.phone) === digits(recipient.phone) && (mode() === "pickup" || r.address),
  );
  const choice = saved ? `saved:${saved.id}` : "new";
  const radio = $("recipient-choices").querySelector(`input[value="${CSS.escape(choice)}"]`);
  if (radio) radio.checked = true;
  if (!saved) {
    $("recipient-name").value = recipient.name || "";
    $("recipient-phone").value = phoneText(recipient.phone);
    const address = recipient.address && typeof recipient.address === "object" ? recipient.address : {};
    for (const part of ADDRESS_PARTS) $(`address-${part.replace("_", "-")}`).value = address[part] || "";
  }
  showRecipientFields();
}

/** Fill the steps from an earlier booking: the way, items, occasion, card and options; the day and the window follow once loaded. */
function prefill(booking) {
  const way = form.querySelector(`input[name="mode"][value="${CSS.escape(booking.mode || "")}"]`);
  if (way) way.checked = true;
  wantedItems = booking.items || [];
  for (const line of wantedItems) quantities.set(line.item_id, Math.min(MAX_QUANTITY, line.quantity || 0));
  const occasionSelect = $("booking-occasion");
  occasionSelect.value = booking.occasion || "";
  if (occasionSelect.value !== (booking.occasion || "")) occasionSelect.value = "";
  $("card-message").value = [...(booking.card_message || "")].slice(0, CARD_LIMIT).join("");
  const options = booking.options || {};
  $("option-anonymous").checked = Boolean(options.anonymous);
  $("option-no-call").checked = Boolean(options.no_call);
  wantedWindow = booking.window || null;
}

/** Start with one item chosen (a care guide's "book it"); one no longer offered is said once loaded. */
function chooseItem(itemId) {
  wantedItems = [{ item_id: itemId, quantity: 1 }];
  quantities.set(itemId, 1);
}

// ---- wiring -------------------------------------------------------------------------------
function onModeChange() {
  calendar.setWay({ mode: mode(), gold });
  showWindows();
  showCatalog();
  showRecipients();
}

function wire() {
  $("booking-store").addEventListener("change", () => calendar.setStore($("booking-store").value));
  for (const radio of form.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", onModeChange);
  $("windows").addEventListener("change", () => {
    clearFieldErrorOf($("windows"));
    revealAfterWindow();
    invalidate();
  });
  $("booking-occasion").addEventListener("change", () => {
    showCatalog();
    showTemplates();
  });
  $("catalog-list").addEventListener("click", onCatalogClick);
  $("catalog-list").addEventListener("change", onCatalogInput);
  $("catalog-retry").addEventListener("click", loadCatalog);
  $("recipient-choices").addEventListener("change", showRecipientFields);
  $("card-templates").addEventListener("click", (event) => {
    const button = event.target.closest("[data-template]");
    if (!button) return;
    $("card-message").value = button.dataset.template.slice(0, CARD_LIMIT);
    showCardCount();
    invalidate();
    $("card-message").focus();
  });
  $("card-message").addEventListener("input", showCardCount);
  form.addEventListener("input", (event) => {
    if (!$("review").contains(event.target)) invalidate();
  });
  form.addEventListener("change", (event) => {
    if (!$("review").contains(event.target)) invalidate();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  $("review-booking").addEventListener("click", review);
  $("confirm-booking").addEventListener("click", confirm);
  $("edit-booking").addEventListener("click", editAgain);
  forgiveOnEdit(form);
}

function fillStores(stores, chosen) {
  const select = $("booking-store");
  select.textContent = "";
  for (const store of stores) {
    const option = element("option", "", store.name);
    option.value = store.id;
    option.defaultSelected = store.id === chosen;
    select.append(option);
  }
  if (chosen && stores.some((s) => s.id === chosen)) select.value = chosen;
}

/**
 * Start the steps. `options`: staff (bool), quotePath, bookPath, stores, store (the one to
 * start with), recipients (the member's notebook, or null), gold, extraBody(problems) and
 * extraDetails() for the page's own parts, customerName(), earnsPoints(), canSaveRecipient(),
 * signedOut(), onBooked(booking, quote); to book again, `again` (an earlier Booking: its way,
 * items, occasion, recipient, card, options and window), `item` (an item to start with), `date` (the day to choose) and
 * onPrefillGap(kind, what) for what could not be filled in ("date", or "items" no longer offered).
 */
export function startBookingForm(options) {
  config = options;
  recipients = options.recipients;
  gold = Boolean(options.gold);
  fillStores(options.stores, options.store);
  const missed = (date) => options.onPrefillGap && options.onPrefillGap("date", date);
  calendar = createCalendar({ onChoose: chooseDay, onMissed: missed });
  wire();
  if (options.again) prefill(options.again);
  else if (options.item) chooseItem(options.item);
  showRecipients();
  if (options.again) prefillRecipient(options.again.recipient);
  showCardCount();
  form.hidden = false;
  calendar.setWay({ mode: mode(), gold });
  if (options.date && !calendar.preselect(options.date)) missed(options.date);
  calendar.setStore($("booking-store").value);
  loadCatalog();
  return {
    /** The customer changed (staff): their tier, their notebook. */
    setCustomer({ gold: isGold, notebook = null }) {
      gold = Boolean(isGold);
      recipients = notebook;
      calendar.setWay({ mode: mode(), gold });
      showWindows();
      showRecipients();
      invalidate();
    },
    invalidate,
    /** Start again for the next booking (staff, after one is taken). */
    reset() {
      quantities.clear();
      form.reset();
      attempt = null;
      quoted = null;
      $("review").hidden = true;
      clearErrors(form);
      showCatalog();
      showTemplates();
      showRecipients();
      showCardCount();
      calendar.reload();
    },
  };
}
