// An order taken by phone or chat (/staff/booking/): the customer first (a member found as at the
// counter, whose tier may open the Gold places and whose allergies are shown; or a customer who
// is not a member, by name and phone), then the steps of booking-form.js, the payment (status,
// method, deposit), POST /api/staff/bookings/quote to review and POST /api/staff/bookings to book,
// with one Idempotency-Key per attempt. ?member=<id> (from a member's card) starts with them.
import { api } from "./api.js";
import { startBookingForm } from "./booking-form.js";
import { element, modeText, phoneText, statusText, whenText } from "./booking-text.js";
import { formatDateTime, readablePhone } from "./dates.js";
import { fieldError } from "./form.js";
import { count, yuanText } from "./money.js";
import { moveThroughResults, pageMessage, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.bookingWords;
const search = $("order-q");
const results = $("order-results");
const DEBOUNCE_MS = 250;
const MAX_RESULTS = 20;

let member = null; // {id, name, salutation, tier, points, warnings}
let newCustomer = false;
let steps = null;
let searchTimer = null;
let searchSeq = 0;

// ---- the customer -------------------------------------------------------------------------
function showCustomer() {
  const who = $("customer-chosen");
  who.textContent = "";
  if (member) {
    who.append(element("strong", "", fill(strings.chosenMember, { name: member.name })));
    if (member.salutation) who.append(" ", element("span", "member-card__salutation", member.salutation));
    if (member.tier) who.append(element("span", "counter-customer__points", fill(strings.memberTier, { tier: member.tier.name || member.tier.key, points: count(member.points || 0) })));
  } else if (newCustomer) {
    who.append(element("strong", "", strings.newCustomer));
  } else {
    who.append(element("span", "", strings.noCustomer));
  }
  const warnings = (member && member.warnings) || [];
  const list = $("customer-warning-list");
  list.textContent = "";
  for (const warning of warnings) list.append(element("li", "", warning.text || warning.value));
  $("customer-warnings").hidden = warnings.length === 0;
  $("change-customer").hidden = !(member || newCustomer);
  $("customer-search").hidden = Boolean(member || newCustomer);
  $("customer-new").hidden = !newCustomer;
}

async function choose(found) {
  member = null;
  newCustomer = false;
  results.textContent = "";
  $("order-status").textContent = "";
  if (found) {
    const answer = await api(`/api/staff/members/${encodeURIComponent(found.id)}`);
    if (answer.status === 401) return toStaffSignIn();
    if (!answer.ok) {
      pageMessage("error", answer.status === 404 ? strings.loadMemberFailed : answer.data.message);
    } else {
      const card = answer.data;
      const points = card.points && typeof card.points === "object" ? card.points : {};
      member = { id: card.id, name: card.name, salutation: card.salutation, tier: points.tier || null, points: points.balance, warnings: card.warnings || [] };
    }
  }
  const url = new URL(window.location.href);
  if (member) url.searchParams.set("member", member.id);
  else url.searchParams.delete("member");
  window.history.replaceState(null, "", url.pathname + url.search);
  showCustomer();
  if (steps) steps.setCustomer({ gold: Boolean(member && member.tier && member.tier.key === "gold"), notebook: null });
}

function resultButton(found) {
  const button = element("button", "member-result counter-member");
  button.type = "button";
  const name = element("span", "member-result__name", found.name);
  if (found.salutation) name.append(" ", element("span", "member-result__salutation", found.salutation));
  const parts = [found.phone ? readablePhone(found.phone) : ""];
  if (found.home_store) parts.push(fill(strings.homeStore, { store: found.home_store.name || found.home_store }));
  const details = element("span", "member-result__details", parts.filter(Boolean).join(" · "));
  const arrow = element("span", "member-result__go", "›");
  arrow.setAttribute("aria-hidden", "true");
  button.append(name, details, arrow);
  button.addEventListener("click", async () => {
    await choose(found);
    $("booking-store").focus();
  });
  return button;
}

async function findMembers(q) {
  clearTimeout(searchTimer);
  const mine = ++searchSeq;
  if (!q) {
    results.textContent = "";
    $("order-status").textContent = "";
    return;
  }
  $("order-status").textContent = strings.searching;
  const answer = await api(`/api/staff/members?q=${encodeURIComponent(q)}`);
  if (mine !== searchSeq) return;
  if (answer.status === 401) return toStaffSignIn();
  results.textContent = "";
  if (!answer.ok) {
    $("order-status").textContent = answer.data.message;
    return;
  }
  const found = answer.data.results || [];
  for (const one of found) {
    const item = element("li");
    item.append(resultButton(one));
    results.append(item);
  }
  let status = fill(strings.found, { count: found.length });
  if (!found.length) status = fill(strings.noneFound, { q });
  else if (found.length === 1) status = strings.foundOne;
  else if (found.length >= MAX_RESULTS) status = strings.foundMany;
  $("order-status").textContent = status;
}

const resultButtons = () => [...results.querySelectorAll(".counter-member")];

function onSearchKey(event) {
  if (event.key === "Enter") {
    event.preventDefault();
    const buttons = resultButtons();
    if (buttons.length === 1) buttons[0].click();
    else findMembers(search.value.trim());
  } else if (event.key === "ArrowDown" && resultButtons().length) {
    event.preventDefault();
    resultButtons()[0].focus();
  } else if (event.key === "Escape") {
    search.value = "";
    findMembers("");
  }
}

// ---- what goes with the booking -------------------------------------------------------------
function readCustomer(problems) {
  if (member) return { member_id: member.id };
  if (!newCustomer) {
    fieldError(search, strings.chooseCustomer);
    problems.push(search);
    return {};
  }
  const name = $("customer-name");
  const phone = $("customer-phone");
  if (!name.value.trim()) {
    fieldError(name, strings.nameMissing);
    problems.push(name);
  }
  if (!phone.value.trim()) {
    fieldError(phone, strings.phoneMissing);
    problems.push(phone);
  }
  return { customer: { name: name.value.trim(), phone: phone.value.replace(/\s/g, "") } };
}

function readPayment(problems) {
  const payment = { status: $("payment-status").value };
  const method = $("payment-method").value;
  if (method) payment.method = method;
  if (payment.status === "deposit") {
    const field = $("payment-deposit");
    const deposit = yuanText(field.value);
    if (!deposit) {
      fieldError(field, field.value.trim() ? strings.yuanInvalid : strings.depositMissing);
      problems.push(field);
    } else {
      payment.deposit = deposit;
    }
  }
  return payment;
}

function extraBody(problems) {
  const body = readCustomer(problems);
  body.payment = readPayment(problems);
  return body;
}

function customerName() {
  if (member) return [member.name, member.salutation].filter(Boolean).join(" ");
  return [$("customer-name").value.trim(), phoneText($("customer-phone").value)].filter(Boolean).join(" · ");
}

function extraDetails() {
  const status = $("payment-status").value;
  const parts = [words.paymentStatuses[status]];
  if (status === "deposit" && yuanText($("payment-deposit").value)) parts.push(`¥${yuanText($("payment-deposit").value)}`);
  if ($("payment-method").value) parts.push(words.paymentMethods[$("payment-method").value]);
  return [
    [strings.detailCustomer, customerName()],
    [strings.detailPayment, parts.join(" · ")],
  ];
}

function booked(booking) {
  $("booking-form").hidden = true;
  $("booked-text").textContent = fill(strings.orderTaken, {
    who: customerName(),
    when: whenText(booking.date, booking.window),
    mode: modeText(booking.mode),
    status: statusText(booking.status, booking.mode),
  });
  const held = booking.status === "requested" && booking.hold_until;
  $("booked-hold").hidden = !held;
  $("booked-hold").textContent = held ? fill(strings.heldUntil, { time: formatDateTime(booking.hold_until) }) : "";
  const query = new URLSearchParams({ date: booking.date, store: booking.store ? booking.store.id : $("booking-store").value });
  $("booked-board").href = `${$("booked-board").getAttribute("href").split("?")[0]}?${query}`;
  $("booked").hidden = false;
  $("booked").focus();
  window.scrollTo(0, 0);
}

function another() {
  steps.reset();
  member = null;
  newCustomer = false;
  search.value = "";
  showCustomer();
  showDeposit();
  $("booked").hidden = true;
  $("booking-form").hidden = false;
  search.focus();
}

function showDeposit() {
  $("payment-deposit-part").hidden = $("payment-status").value !== "deposit";
}

async function start() {
  const staff = await staffSession();
  if (!staff) return;
  const stores = await api("/api/staff/stores");
  if (stores.status === 401) return toStaffSignIn();
  if (!stores.ok) {
    stopLoading();
    return pageMessage("error", stores.data.message);
  }
  const id = new URLSearchParams(window.location.search).get("member");
  if (id) await choose({ id });
  stopLoading();
  showCustomer();
  showDeposit();
  steps = startBookingForm({
    staff: true,
    quotePath: "/api/staff/bookings/quote",
    bookPath: "/api/staff/bookings",
    stores: stores.data.stores || [],
    store: staff.store ? staff.store.id : null,
    recipients: null,
    gold: Boolean(member && member.tier && member.tier.key === "gold"),
    extraBody,
    extraDetails,
    customerName,
    earnsPoints: () => Boolean(member),
    canSaveRecipient: () => Boolean(member),
    signedOut: toStaffSignIn,
    onBooked: booked,
  });
  if (member) $("booking-store").focus();
  else search.focus();
}

search.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => findMembers(search.value.trim()), DEBOUNCE_MS);
});
search.addEventListener("keydown", onSearchKey);
results.addEventListener("keydown", (event) => moveThroughResults(event, resultButtons(), search));
$("not-member").addEventListener("click", () => {
  member = null;
  newCustomer = true;
  showCustomer();
  if (steps) steps.setCustomer({ gold: false, notebook: null });
  $("customer-name").focus();
});
$("change-customer").addEventListener("click", () => {
  choose(null);
  search.focus();
});
$("payment-status").addEventListener("change", showDeposit);
$("another").addEventListener("click", another);
start();
