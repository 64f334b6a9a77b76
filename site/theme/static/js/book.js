// The member's booking page: the stores (GET /api/stores), the member's tier (Gold members may
// take the places kept for them) and gift notebook (GET /api/me/recipients), then the steps of
// booking-form.js with the member's routes. Anyone not signed in goes to the sign-in page.
// From the gift notebook, `?again=<booking>&date=<next date>&occasion=<id>` books again: the
// earlier booking (GET /api/me/bookings/{id}) fills in the steps, the day is the next date, and
// the booking carries the notebook entry it is for (occasion_id).
import { api, pageUrl } from "./api.js";
import { startBookingForm } from "./booking-form.js";
import { itemsText, modeText, whenText } from "./booking-text.js";
import { formatDay, formatMonthDay } from "./dates.js";
import { count } from "./money.js";
import { toSignIn } from "./section.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);

function booked(booking, quote) {
  $("booking-form").hidden = true;
  $("booked-text").textContent = fill(strings.bookedText, {
    store: booking.store ? booking.store.name : "",
    when: whenText(booking.date, booking.window),
    mode: modeText(booking.mode),
  });
  const points = booking.price && typeof booking.price.points === "number" ? booking.price.points : quote.points;
  $("booked-points").textContent = points ? fill(strings.bookedPoints, { points: count(points) }) : "";
  $("booked-link").href = pageUrl(`bookings/?id=${encodeURIComponent(booking.id)}`);
  $("booked").hidden = false;
  $("booked").focus();
  window.scrollTo(0, 0);
}

function failed(message) {
  $("book-loading").hidden = true;
  $("load-error").textContent = message;
  $("load-error").hidden = false;
  $("load-retry").hidden = false;
}

let started = false;

/** Say what was filled in from the earlier booking, and what could not be. */
function againNote(text) {
  const box = $("again-note");
  const line = document.createElement("p");
  line.textContent = text;
  box.append(line);
  box.hidden = false;
}

function prefillGap(kind, what) {
  if (kind === "date") againNote(fill(strings.againDateGone, { date: formatDay(what) }));
  if (kind === "items") againNote(fill(strings.againItemsGone, { items: itemsText(what) }));
}

/** The earlier booking to book again, or null (it is a convenience: the steps work without it). */
async function earlierBooking(id) {
  if (!id) return null;
  const answer = await api(`/api/me/bookings/${encodeURIComponent(id)}`);
  if (!answer.ok) {
    againNote(strings.againNotFound);
    return null;
  }
  againNote(fill(strings.againFrom, { date: formatMonthDay(answer.data.date) }));
  return answer.data;
}

async function load() {
  $("book-loading").hidden = false;
  $("load-error").hidden = true;
  $("load-retry").hidden = true;
  const query = new URLSearchParams(window.location.search);
  const [me, stores, points, notebook] = await Promise.all([
    api("/api/me"),
    api("/api/stores"),
    api("/api/me/points"),
    api("/api/me/recipients"),
  ]);
  if (me.status === 401) return toSignIn();
  if (!me.ok) return failed(me.data.message);
  if (!stores.ok) return failed(stores.data.message);
  $("book-loading").hidden = true;
  const list = stores.data.stores || [];
  if (!list.length) {
    $("no-stores").hidden = false;
    return;
  }
  if (started) return;
  started = true;
  const tier = points.ok && points.data.tier ? points.data.tier.key : null;
  // The notebook is a convenience: without it, a new recipient is typed in.
  const recipients = notebook.ok ? notebook.data.recipients || [] : [];
  const home = me.data.home_store ? me.data.home_store.id : null;
  const again = await earlierBooking(query.get("again"));
  const againStore = again && again.store && list.some((store) => store.id === again.store.id) ? again.store.id : null;
  const occasionId = query.get("occasion");
  startBookingForm({
    staff: false,
    quotePath: "/api/me/bookings/quote",
    bookPath: "/api/me/bookings",
    stores: list,
    store: query.get("store") || againStore || home || list[0].id,
    recipients,
    gold: tier === "gold",
    earnsPoints: () => true,
    canSaveRecipient: () => true,
    customerName: () => me.data.name,
    signedOut: toSignIn,
    onBooked: booked,
    again,
    item: query.get("item"),
    date: query.get("date"),
    onPrefillGap: prefillGap,
    extraBody: () => (occasionId ? { occasion_id: occasionId } : {}),
  });
}

$("retry").addEventListener("click", load);
load();
