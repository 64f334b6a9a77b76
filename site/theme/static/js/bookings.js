// "My bookings": the member's bookings (GET /api/me/bookings), newest day first, each with its
// status in words, day, window, store and items; one opens in place (?id=, GET
// /api/me/bookings/{id}) with its photos, price, points, history and, while the booking is still
// waiting, a cancel button that asks first (POST .../cancel; 409 too_late_to_cancel says to call
// the store, with its number). Anyone not signed in goes to the sign-in page.
import { api, pageUrl } from "./api.js";
import { addressText, element, itemsText, modeText, occasionText, phoneText, reasonText, showTotals, statusText, whenNode } from "./booking-text.js";
import { formatDateTime } from "./dates.js";
import { setBusy } from "./form.js";
import { count, moneyExact } from "./money.js";
import { toSignIn } from "./section.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.bookingWords;
const CANCELLABLE = ["requested", "confirmed"];

let stores = new Map(); // id -> Store, for the phone to call
let current = null; // the booking in view

function statusBadge(booking) {
  return element("span", `booking-status booking-status--${booking.status}`, statusText(booking.status, booking.mode));
}

// ---- the list -----------------------------------------------------------------------------
function listItem(booking) {
  const item = element("li");
  const link = element("a", `booking-row booking-row--${booking.status}`);
  link.href = pageUrl(`bookings/?id=${encodeURIComponent(booking.id)}`);
  link.dataset.id = booking.id;
  const head = element("span", "booking-row__head");
  const when = element("span", "booking-row__when");
  when.append(whenNode(booking.date, booking.window));
  head.append(when, statusBadge(booking));
  link.append(head);
  const where = [booking.store ? booking.store.name : "", modeText(booking.mode)].filter(Boolean).join(" · ");
  link.append(element("span", "booking-row__where", where));
  link.append(element("span", "booking-row__items", itemsText(booking.items)));
  const arrow = element("span", "booking-row__go", "›");
  arrow.setAttribute("aria-hidden", "true");
  link.append(arrow);
  item.append(link);
  return item;
}

function showList(bookings) {
  const list = $("booking-list");
  list.textContent = "";
  for (const booking of bookings) list.append(listItem(booking));
  list.hidden = bookings.length === 0;
  $("bookings-empty").hidden = bookings.length > 0;
  $("detail-view").hidden = true;
  $("list-view").hidden = false;
}

// ---- one booking --------------------------------------------------------------------------
function fact(list, title, value) {
  if (!value) return;
  const row = element("div");
  row.append(element("dt", "", title), element("dd", "", value));
  list.append(row);
}

function photoFigure(url, caption) {
  const figure = element("figure", "booking-photo");
  const image = element("img", "booking-photo__image");
  image.src = url;
  image.alt = fill(strings.photoAlt, { when: caption });
  image.loading = "lazy";
  image.addEventListener("error", () => {
    image.replaceWith(element("p", "empty-line", strings.photoFailed));
  });
  figure.append(image, element("figcaption", "", caption));
  return figure;
}

function showPhotos(photos) {
  const list = $("photo-list");
  list.textContent = "";
  const shown = [
    [photos && photos.before, strings.photoBefore],
    [photos && photos.handover, strings.photoHandover],
  ].filter(([url]) => typeof url === "string" && url);
  for (const [url, caption] of shown) list.append(photoFigure(url, caption));
  $("photos").hidden = shown.length === 0;
}

function showFacts(booking) {
  const list = $("detail-facts");
  list.textContent = "";
  fact(list, strings.detailOccasion, booking.occasion ? occasionText(booking.occasion) : "");
  const recipient = booking.recipient;
  if (recipient) {
    fact(list, strings.detailRecipient, [recipient.name, phoneText(recipient.phone)].filter(Boolean).join(" · "));
    fact(list, strings.detailAddress, addressText(recipient.address));
  }
  fact(list, strings.detailCard, booking.card_message || strings.noCard);
  const options = booking.options || {};
  fact(list, strings.detailOptions, [options.anonymous ? strings.anonymous : "", options.no_call ? strings.noCall : ""].filter(Boolean).join(strings.listJoin));
  fact(list, strings.detailNotes, booking.notes || "");
  const payment = booking.payment;
  if (payment && payment.status) {
    const parts = [words.paymentStatuses[payment.status] || payment.status];
    if (payment.deposit_fen) parts.push(fill(strings.deposit, { amount: moneyExact(payment.deposit_fen) }));
    if (payment.method) parts.push(words.paymentMethods[payment.method] || payment.method);
    fact(list, strings.payment, parts.join(" · "));
  }
}

function showPoints(booking) {
  const points = booking.price && typeof booking.price.points === "number" ? booking.price.points : 0;
  const box = $("detail-points");
  box.textContent = "";
  if (!points || ["cancelled", "failed"].includes(booking.status)) return;
  if (booking.status === "completed") {
    box.append(fill(strings.earned, { points: count(points) }), " ");
    const link = element("a", "", strings.seePoints);
    link.href = pageUrl("points/");
    box.append(link);
  } else {
    box.textContent = fill(strings.willEarn, { points: count(points) });
  }
}

function showHistory(history) {
  const list = $("detail-history");
  list.textContent = "";
  for (const step of [...(history || [])].reverse()) {
    const item = element("li", `booking-history__step booking-history__step--${step.status}`);
    item.append(element("span", "booking-history__status", statusText(step.status, current ? current.mode : null)));
    const by = step.by === "self" ? strings.byYou : step.by ? strings.byShop : "";
    item.append(element("span", "booking-history__when", [formatDateTime(step.at), by].filter(Boolean).join(" · ")));
    if (step.reason) item.append(element("span", "booking-history__reason", reasonText(step.reason)));
    list.append(item);
  }
}

function showItems(booking) {
  const body = $("detail-items");
  body.textContent = "";
  for (const line of booking.items || []) {
    const row = element("tr");
    row.append(element("td", "", line.name), element("td", "num", String(line.quantity)));
    body.append(row);
  }
  if (!booking.price) return;
  // The lines carry their early-bird price; the subtotal is before it, with the delivery fee.
  const lines = (booking.items || []).reduce((sum, line) => sum + line.quantity * (line.unit_fen || 0), 0);
  showTotals($("detail-totals"), booking.price, booking.price.subtotal_fen - (booking.price.early_bird_fen || 0) - lines);
}

function showDetail(booking) {
  current = booking;
  const status = $("detail-status");
  status.className = `booking-status booking-status--${booking.status}`;
  status.textContent = statusText(booking.status, booking.mode);
  $("detail-title").textContent = "";
  $("detail-title").append(whenNode(booking.date, booking.window));
  $("detail-where").textContent = [booking.store ? booking.store.name : "", modeText(booking.mode)].filter(Boolean).join(" · ");
  $("detail-peak").hidden = !booking.peak;
  $("detail-peak").textContent = booking.peak ? booking.peak.name : "";
  const holding = booking.status === "requested" && booking.hold_until;
  $("detail-hold").hidden = !holding;
  $("detail-hold").textContent = holding ? fill(strings.holdUntil, { time: formatDateTime(booking.hold_until) }) : "";
  showPhotos(booking.photos);
  showItems(booking);
  showPoints(booking);
  showFacts(booking);
  showHistory(booking.history);
  $("cancel-part").hidden = !CANCELLABLE.includes(booking.status);
  $("cancel-booking").hidden = false;
  $("cancel-confirm").hidden = true;
  $("cancel-message").hidden = true;
  $("list-view").hidden = true;
  $("detail-view").hidden = false;
}

// ---- cancelling ---------------------------------------------------------------------------
function cancelMessage(kind, text) {
  const box = $("cancel-message");
  box.className = `message message--${kind}`;
  box.textContent = text;
  box.hidden = false;
}

function tooLateText(booking) {
  const store = booking.store && stores.get(booking.store.id);
  return store && store.phone ? fill(strings.tooLate, { store: store.name, phone: store.phone }) : strings.tooLateNoPhone;
}

async function cancel() {
  const restore = setBusy($("cancel-yes"), strings.cancelling);
  const answer = await api(`/api/me/bookings/${encodeURIComponent(current.id)}/cancel`, { method: "POST", body: {} });
  restore();
  if (answer.status === 401) return toSignIn();
  $("cancel-confirm").hidden = true;
  if (!answer.ok) {
    $("cancel-booking").hidden = answer.data.error === "too_late_to_cancel";
    const text = answer.data.error === "too_late_to_cancel" ? `${answer.data.message} ${tooLateText(current)}` : answer.data.message;
    cancelMessage("error", text);
    $("cancel-message").focus();
    return;
  }
  showDetail(answer.data);
  $("cancel-part").hidden = false;
  $("cancel-booking").hidden = true;
  cancelMessage("success", strings.cancelled);
}

// ---- loading ------------------------------------------------------------------------------
function failed(message) {
  $("bookings-loading").hidden = true;
  $("load-error").textContent = message;
  $("load-error").hidden = false;
  $("load-retry").hidden = false;
}

async function loadStores() {
  const answer = await api("/api/stores");
  if (answer.ok) stores = new Map((answer.data.stores || []).map((store) => [store.id, store]));
}

async function load() {
  $("bookings-loading").hidden = false;
  $("load-error").hidden = true;
  $("load-retry").hidden = true;
  $("list-view").hidden = true;
  $("detail-view").hidden = true;
  const id = new URLSearchParams(window.location.search).get("id");
  const path = id ? `/api/me/bookings/${encodeURIComponent(id)}` : "/api/me/bookings";
  const [answer] = await Promise.all([api(path), stores.size ? null : loadStores()]);
  if (answer.status === 401) return toSignIn();
  if (answer.status === 404 && id) return failed(strings.notFound);
  if (!answer.ok) return failed(answer.data.message);
  $("bookings-loading").hidden = true;
  if (id) {
    showDetail(answer.data);
    $("detail-view").focus();
  } else {
    showList(answer.data.bookings || []);
  }
}

function onListClick(event) {
  const link = event.target.closest(".booking-row");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  window.history.pushState(null, "", link.href);
  load();
}

$("booking-list").addEventListener("click", onListClick);
$("back-to-list").addEventListener("click", (event) => {
  event.preventDefault();
  window.history.pushState(null, "", pageUrl("bookings/"));
  load();
});
window.addEventListener("popstate", load);
$("retry").addEventListener("click", load);
$("cancel-booking").addEventListener("click", () => {
  $("cancel-booking").hidden = true;
  $("cancel-confirm").hidden = false;
  $("cancel-yes").focus();
});
$("cancel-no").addEventListener("click", () => {
  $("cancel-confirm").hidden = true;
  $("cancel-booking").hidden = false;
  $("cancel-booking").focus();
});
$("cancel-yes").addEventListener("click", cancel);
load();
