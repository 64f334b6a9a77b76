// The workroom's bookings board (GET /api/staff/bookings?store=&date=): a day of a store, its
// bookings by time window with their allergy, pet and taboo flags, card messages, recipients and
// payment; one button for each booking's next step (POST .../status), and panels to record a
// payment or deposit (POST .../payment), take a photo (POST .../photos gives a presigned URL; the
// picture is PUT there as a JPEG) or cancel or fail it with a reason. Beside them, the stems to
// buy by variety and the places still open. Two print views: the workroom's (card messages big)
// and the delivery run's (addresses, phones, do-not-call). The day and store stay in the address.
import { api } from "./api.js";
import { shopToday } from "./booking-calendar.js";
import { addressText, element, itemsText, modeText, occasionText, phoneText, statusText, varietyName } from "./booking-text.js";
import { formatDateTime, formatDay } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showProblems } from "./form.js";
import { count, moneyExact, yuanText } from "./money.js";
import { pageMessage, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.bookingWords;
const CLOSED = ["completed", "cancelled", "failed"];

let board = null;
let seq = 0;

function nextStep(booking) {
  const steps = {
    requested: "confirmed",
    confirmed: "in-workroom",
    "in-workroom": "ready",
    ready: booking.mode === "delivery" ? "out-for-delivery" : "completed",
    "out-for-delivery": "completed",
  };
  return steps[booking.status] || null;
}

function whoFor(booking) {
  if (booking.member) return [booking.member.name, booking.member.salutation].filter(Boolean).join(" ");
  if (booking.customer) return booking.customer.name;
  return "";
}

function smallButton(label, className = "button--secondary") {
  const button = element("button", `button button--small ${className}`);
  button.type = "button";
  const spinner = element("span", "button__spinner");
  spinner.setAttribute("aria-hidden", "true");
  button.append(spinner, element("span", "button__label", label));
  return button;
}

// ---- one booking --------------------------------------------------------------------------
function flagList(booking) {
  const warnings = booking.warnings || [];
  if (!warnings.length) return null;
  const list = element("ul", "board-flags");
  for (const warning of warnings) {
    const item = element("li", `board-flag board-flag--${warning.kind}`);
    item.append(element("strong", "", `${words.warningKinds[warning.kind] || warning.kind}: `), warning.text);
    list.append(item);
  }
  return list;
}

function fact(list, title, value, className = "") {
  if (!value) return;
  const row = element("div", className);
  row.append(element("dt", "", title), element("dd", "", value));
  list.append(row);
}

function paymentText(booking) {
  const payment = booking.payment || {};
  const parts = [words.paymentStatuses[payment.status] || payment.status || ""];
  if (payment.deposit_fen) parts.push(fill(strings.depositOf, { amount: moneyExact(payment.deposit_fen) }));
  if (payment.method) parts.push(words.paymentMethods[payment.method] || payment.method);
  if (booking.price) parts.push(moneyExact(booking.price.total_fen));
  return parts.filter(Boolean).join(" · ");
}

function bookingFacts(booking) {
  const list = element("dl", "board-facts");
  const customer = booking.member
    ? whoFor(booking)
    : booking.customer
      ? `${booking.customer.name} · ${phoneText(booking.customer.phone)} (${strings.walkIn})`
      : "";
  fact(list, strings.customer, customer, "print-delivery-hide");
  const recipient = booking.recipient;
  if (recipient) {
    fact(list, strings.recipient, [recipient.name, phoneText(recipient.phone)].filter(Boolean).join(" · "), "board-facts__recipient");
    fact(list, strings.detailAddress, addressText(recipient.address), "board-facts__address");
  }
  fact(list, strings.detailOccasion, booking.occasion ? occasionText(booking.occasion) : "", "print-delivery-hide");
  fact(list, strings.notes, booking.notes || "");
  fact(list, strings.detailPayment, paymentText(booking), "print-workroom-hide");
  return list;
}

function optionBadges(booking) {
  const options = booking.options || {};
  const badges = element("p", "board-options");
  if (options.no_call) badges.append(element("span", "badge board-badge--no-call", strings.noCallFlag));
  if (options.anonymous) badges.append(element("span", "badge board-badge--anonymous", strings.anonymousFlag));
  for (const kind of ["before", "handover"]) {
    if (booking.photos && booking.photos[kind]) badges.append(element("span", "badge badge--pet-safe print-hide", `✓ ${strings.photoTaken[kind]}`));
  }
  return badges.children.length ? badges : null;
}

function cardMessage(booking) {
  if (!booking.card_message) return null;
  const box = element("figure", "board-card print-delivery-hide");
  box.append(element("figcaption", "board-card__title", strings.cardTitle));
  box.append(element("blockquote", "board-card__text", booking.card_message));
  return box;
}

/** Give a panel's controls their own ids (the template's are shared by every booking). */
function ownIds(panel, prefix) {
  for (const control of panel.querySelectorAll("[data-id]")) {
    control.id = `${prefix}-${control.dataset.id}`;
    const label = panel.querySelector(`[data-for="${control.dataset.id}"]`);
    if (label) label.htmlFor = control.id;
    const error = panel.querySelector(`[data-error="${control.dataset.id}"]`);
    if (error) error.id = `${control.id}-error`;
  }
}

function panelsFor(booking) {
  const panels = $("booking-panels").content.cloneNode(true);
  const prefix = `b-${booking.id}`;
  for (const panel of panels.querySelectorAll("[data-panel]")) {
    panel.id = `${prefix}-${panel.dataset.panel}`;
    ownIds(panel, prefix);
  }
  return panels;
}

function toggle(card, name, button) {
  for (const panel of card.querySelectorAll("[data-panel]")) {
    const open = panel.dataset.panel === name && panel.hidden;
    panel.hidden = !open;
  }
  for (const other of card.querySelectorAll("[aria-controls]")) {
    other.setAttribute("aria-expanded", String(!$(other.getAttribute("aria-controls")).hidden));
  }
  const panel = card.querySelector(`[data-panel="${name}"]`);
  if (!panel.hidden) {
    const first = panel.querySelector("input:not(.visually-hidden), select, label.file-button input");
    if (first) first.focus();
  } else {
    button.focus();
  }
}

function panelButton(card, booking, label, name, setup) {
  const button = smallButton(label);
  button.setAttribute("aria-controls", `b-${booking.id}-${name}`);
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", () => {
    if (setup) setup();
    toggle(card, name, button);
  });
  return button;
}

function bookingActions(card, booking) {
  const actions = element("div", "board-actions print-hide");
  const step = nextStep(booking);
  if (step) {
    const next = smallButton(strings.next[step], "button--primary");
    next.dataset.next = step;
    next.setAttribute("aria-label", fill(strings.nextFor, { step: strings.next[step], who: whoFor(booking), window: booking.window }));
    next.addEventListener("click", () => move(booking, step, null, next));
    actions.append(next);
  }
  if (!CLOSED.includes(booking.status)) {
    actions.append(panelButton(card, booking, strings.payment, "payment", () => fillPayment(card, booking)));
    if (booking.mode === "delivery" || ["ready", "out-for-delivery"].includes(booking.status)) {
      actions.append(panelButton(card, booking, strings.photo, "photo"));
    }
    actions.append(panelButton(card, booking, strings.cancel, "end", () => setEnd(card, "cancelled")));
    if (["in-workroom", "ready", "out-for-delivery"].includes(booking.status)) {
      actions.append(panelButton(card, booking, strings.fail, "end", () => setEnd(card, "failed")));
    }
  }
  return actions;
}

function bookingCard(booking) {
  const card = element("article", `board-booking board-booking--${booking.mode} board-booking--${booking.status}`);
  card.dataset.id = booking.id;
  card.setAttribute("aria-labelledby", `b-${booking.id}-who`);
  const head = element("header", "board-booking__head");
  const who = element("h4", "board-booking__who", whoFor(booking));
  who.id = `b-${booking.id}-who`;
  const tags = element("p", "board-booking__tags");
  tags.append(
    element("span", `booking-status booking-status--${booking.status}`, statusText(booking.status, booking.mode)),
    element("span", `badge board-mode board-mode--${booking.mode}`, modeText(booking.mode)),
    element("span", "board-booking__window print-only", booking.window),
  );
  head.append(who, tags);
  card.append(head);
  if (booking.status === "requested" && booking.hold_until) {
    card.append(element("p", "board-hold", fill(strings.heldUntil, { time: formatDateTime(booking.hold_until) })));
  }
  const flags = flagList(booking);
  if (flags) card.append(flags);
  card.append(element("p", "board-booking__items", itemsText(booking.items)));
  const message = cardMessage(booking);
  if (message) card.append(message);
  card.append(bookingFacts(booking));
  const options = optionBadges(booking);
  if (options) card.append(options);
  card.append(bookingActions(card, booking));
  const panels = panelsFor(booking);
  card.append(panels);
  wirePanels(card, booking);
  return card;
}

// ---- steps, payments, photos ----------------------------------------------------------------
function failed(answer, box) {
  if (answer.status === 401) {
    toStaffSignIn();
    return true;
  }
  if (!answer.ok) {
    if (box) showProblems(box, answer.data);
    else pageMessage("error", answer.data.message);
    return true;
  }
  return false;
}

function announce(text) {
  $("board-status").textContent = text;
  $("board-status").hidden = !text;
}

/** Put the changed booking in place of its card, keep the keyboard where it was, refresh the counts. */
function replaceCard(booking, focusNext) {
  const old = document.querySelector(`.board-booking[data-id="${CSS.escape(booking.id)}"]`);
  const fresh = bookingCard(booking);
  old.replaceWith(fresh);
  for (const window of board.windows) {
    window.bookings = window.bookings.map((b) => (b.id === booking.id ? booking : b));
  }
  const target = (focusNext && fresh.querySelector("[data-next]")) || fresh.querySelector(".board-actions button") || fresh.querySelector(".board-booking__who");
  if (target) {
    if (!target.matches("button")) target.tabIndex = -1;
    target.focus();
  }
  showSummary();
  refreshCounts();
}

async function move(booking, status, reason, button, form) {
  pageMessage("info", "");
  const restore = setBusy(button, strings.saving);
  const body = reason ? { status, reason } : { status };
  const answer = await api(`/api/staff/bookings/${encodeURIComponent(booking.id)}/status`, { method: "POST", body });
  restore();
  if (failed(answer, form)) return;
  replaceCard(answer.data, true);
  announce(fill(strings.moved, { who: whoFor(answer.data), status: statusText(answer.data.status, answer.data.mode) }));
}

function fillPayment(card, booking) {
  const panel = card.querySelector('[data-panel="payment"]');
  const payment = booking.payment || {};
  panel.querySelector('[data-id="pay-status"]').value = payment.status || "unpaid";
  panel.querySelector('[data-id="pay-method"]').value = payment.method || "";
  panel.querySelector('[data-id="pay-deposit"]').value = payment.deposit_fen ? (payment.deposit_fen / 100).toFixed(2).replace(/\.00$/, "") : "";
}

async function savePayment(event, booking) {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const deposit = form.querySelector('[data-id="pay-deposit"]');
  const body = { status: form.querySelector('[data-id="pay-status"]').value };
  const method = form.querySelector('[data-id="pay-method"]').value;
  if (method) body.method = method;
  if (deposit.value.trim()) {
    body.deposit = yuanText(deposit.value);
    if (!body.deposit) {
      fieldError(deposit, strings.yuanInvalid);
      deposit.focus();
      return;
    }
  }
  const restore = setBusy(form.querySelector('button[type="submit"]'), strings.saving);
  const answer = await api(`/api/staff/bookings/${encodeURIComponent(booking.id)}/payment`, { method: "POST", body });
  restore();
  if (failed(answer, form)) return;
  replaceCard(answer.data, false);
  announce(fill(strings.paid, { who: whoFor(answer.data) }));
}

function setEnd(card, status) {
  const panel = card.querySelector('[data-panel="end"]');
  panel.dataset.status = status;
  panel.querySelector("[data-end-title]").textContent = status === "failed" ? strings.failTitle : strings.cancelTitle;
  panel.querySelector("[data-end-button]").textContent = status === "failed" ? strings.failButton : strings.cancelButton;
}

async function end(event, booking) {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const reason = form.querySelector('[data-id="end-reason"]');
  if (!reason.value.trim()) {
    fieldError(reason, strings.reasonMissing);
    reason.focus();
    return;
  }
  const status = form.closest("[data-panel]").dataset.status;
  await move(booking, status, reason.value.trim(), form.querySelector('button[type="submit"]'), form);
}

/** A phone's photo as a JPEG of at most 1600 pixels a side: small to send, and the type the URL expects. */
async function asJpeg(file) {
  if (!window.createImageBitmap) return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    return blob || file;
  } catch {
    return file; // a format the browser cannot draw: sent as it is
  }
}

async function upload(input, booking) {
  const file = input.files && input.files[0];
  if (!file) return;
  const status = input.closest("[data-panel]").querySelector("[data-photo-status]");
  status.className = "board-photo-status";
  status.textContent = strings.uploading;
  const kind = input.dataset.photo;
  const answer = await api(`/api/staff/bookings/${encodeURIComponent(booking.id)}/photos`, { method: "POST", body: { kind } });
  if (answer.status === 401) return toStaffSignIn();
  let sent = false;
  if (answer.ok) {
    try {
      const body = await asJpeg(file);
      const put = await fetch(answer.data.upload_url, { method: "PUT", body, headers: { "Content-Type": answer.data.content_type || "image/jpeg" } });
      sent = put.ok;
    } catch {
      sent = false;
    }
  }
  input.value = "";
  status.textContent = sent ? strings.uploaded : answer.ok ? strings.uploadFailed : answer.data.message;
  status.classList.add(sent ? "board-photo-status--done" : "board-photo-status--failed");
  if (!sent) return;
  booking.photos = { ...(booking.photos || {}), [kind]: true };
  const card = input.closest(".board-booking");
  const badges = optionBadges(booking);
  const old = card.querySelector(".board-options");
  if (old) old.replaceWith(badges);
  else card.querySelector(".board-facts").after(badges);
}

function wirePanels(card, booking) {
  card.querySelector('[data-form="payment"]').addEventListener("submit", (event) => savePayment(event, booking));
  card.querySelector('[data-form="end"]').addEventListener("submit", (event) => end(event, booking));
  for (const input of card.querySelectorAll("[data-photo]")) input.addEventListener("change", () => upload(input, booking));
  for (const form of card.querySelectorAll("form")) forgiveOnEdit(form);
  for (const panel of card.querySelectorAll("[data-panel]")) {
    panel.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      const opener = card.querySelector(`[aria-controls="${panel.id}"][aria-expanded="true"]`);
      if (opener) toggle(card, panel.dataset.panel, opener);
    });
  }
}

// ---- the board ----------------------------------------------------------------------------
function showStems(stems) {
  const body = $("stems");
  body.textContent = "";
  const sorted = [...(stems || [])].sort((a, b) => b.stems - a.stems);
  for (const line of sorted) {
    const row = element("tr");
    row.append(element("td", "", varietyName(line.variety)), element("td", "num", count(line.stems)));
    body.append(row);
  }
  $("stems-empty").hidden = sorted.length > 0;
  body.closest("table").hidden = sorted.length === 0;
}

function showOpen(open) {
  const body = $("open");
  body.textContent = "";
  for (const line of open || []) {
    const row = element("tr");
    row.append(element("td", "nowrap", line.window), element("td", "num", count(line.pickup_left)), element("td", "num", count(line.delivery_left)));
    body.append(row);
  }
}

function allBookings() {
  return board ? board.windows.flatMap((w) => w.bookings) : [];
}

function showSummary() {
  const live = allBookings().filter((b) => !["cancelled", "failed"].includes(b.status));
  const deliveries = live.filter((b) => b.mode === "delivery").length;
  const summary = live.length === 1 ? strings.summaryOne : strings.summary;
  $("board-summary").textContent = live.length ? fill(summary, { count: live.length, deliveries }) : strings.summaryNone;
}

function showWindows(windows) {
  const place = $("windows-board");
  place.textContent = "";
  for (const window of windows) {
    if (!window.bookings.length) continue;
    const section = element("section", "board-window");
    const id = `window-${window.window.replace(/\W/g, "")}`;
    section.setAttribute("aria-labelledby", id);
    const title = element("h3", "board-window__title");
    title.id = id;
    title.append(element("span", "board-window__time", window.window), element("span", "board-window__count", window.bookings.length === 1 ? strings.windowCountOne : fill(strings.windowCount, { count: window.bookings.length })));
    section.append(title);
    for (const booking of window.bookings) section.append(bookingCard(booking));
    place.append(section);
  }
  $("board-empty").hidden = windows.some((w) => w.bookings.length);
}

function showBoard(data) {
  board = data;
  $("board-day").textContent = `${formatDay(data.date)} · ${data.store && data.store.name ? data.store.name : $("board-store").selectedOptions[0]?.textContent || ""}`;
  $("board-peak").hidden = !data.peak;
  $("board-peak").textContent = data.peak ? data.peak.name : "";
  showSummary();
  showStems(data.stems);
  showOpen(data.open);
  showWindows(data.windows || []);
  $("board").hidden = false;
}

function chosen() {
  return { store: $("board-store").value, date: $("board-date").value || shopToday() };
}

function remember({ store, date }) {
  const url = new URL(window.location.href);
  url.searchParams.set("date", date);
  url.searchParams.set("store", store);
  window.history.replaceState(null, "", url.pathname + url.search);
}

async function load({ quiet = false } = {}) {
  const asked = chosen();
  remember(asked);
  const mine = ++seq;
  if (!quiet) {
    $("board-loading").hidden = false;
    $("board").hidden = true;
  }
  $("board-error").hidden = true;
  announce("");
  const answer = await api(`/api/staff/bookings?${new URLSearchParams(asked)}`);
  if (mine !== seq) return;
  $("board-loading").hidden = true;
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) {
    $("board-error-text").textContent = answer.data.message;
    $("board-error").hidden = false;
    return;
  }
  showBoard(answer.data);
}

/** After a change: the stems and the places, without redrawing the cards under the keyboard. */
async function refreshCounts() {
  const answer = await api(`/api/staff/bookings?${new URLSearchParams(chosen())}`);
  if (!answer.ok) return;
  showStems(answer.data.stems);
  showOpen(answer.data.open);
}

function shiftDay(by) {
  const [y, m, d] = chosen().date.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + by));
  $("board-date").value = next.toISOString().slice(0, 10);
  load();
}

function printView(kind) {
  document.body.dataset.print = kind;
  $("board-printed").textContent = fill(strings.printed, { time: formatDateTime(new Date().toISOString()) });
  window.print();
}

async function start() {
  const staff = await staffSession();
  if (!staff) return;
  const stores = await api("/api/staff/stores");
  stopLoading();
  if (stores.status === 401) return toStaffSignIn();
  if (!stores.ok) return pageMessage("error", stores.data.message);
  const select = $("board-store");
  for (const store of stores.data.stores || []) {
    const option = element("option", "", store.name);
    option.value = store.id;
    select.append(option);
  }
  const query = new URLSearchParams(window.location.search);
  const wanted = query.get("store") || (staff.store && staff.store.id);
  if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  $("board-date").value = /^\d{4}-\d{2}-\d{2}$/.test(query.get("date") || "") ? query.get("date") : shopToday();
  $("board-pick").hidden = false;
  await load();
}

$("board-date").addEventListener("change", () => {
  if ($("board-date").value) load();
});
$("board-store").addEventListener("change", () => load());
$("day-before").addEventListener("click", () => shiftDay(-1));
$("day-after").addEventListener("click", () => shiftDay(1));
$("day-today").addEventListener("click", () => {
  $("board-date").value = shopToday();
  load();
});
$("board-retry").addEventListener("click", () => load());
$("board-pick").addEventListener("submit", (event) => event.preventDefault());
$("print-workroom").addEventListener("click", () => printView("workroom"));
$("print-delivery").addEventListener("click", () => printView("delivery"));
window.addEventListener("afterprint", () => {
  delete document.body.dataset.print;
});
start();
