// An order taken by phone or chat (/staff/booking/): the customer first (a member found as at the
// counter, with staff-member-search.js, whose tier may open the Gold places and whose allergies are
// shown; or a customer who is not a member, by name and phone), then the steps of booking-form.js,
// the payment (status, method, deposit), POST /api/staff/bookings/quote to review and POST
// /api/staff/bookings to book, with one Idempotency-Key per attempt. ?member=<id> (from a member's
// card) starts with them.
import { api } from "./api.js";
import { startBookingForm } from "./booking-form.js";
import { element, modeText, phoneText, statusText, whenText } from "./booking-text.js";
import { formatDateTime } from "./dates.js";
import { fieldError } from "./form.js";
import { count, yuanText } from "./money.js";
import { pageMessage, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { keepInAddress, memberSearch } from "./staff-member-search.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.bookingWords;
const search = $("order-q");

let member = null; // {id, name, salutation, tier, points, warnings}
let newCustomer = false;
let steps = null;

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
  finder.clear();
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
  keepInAddress(member);
  showCustomer();
  if (steps) steps.setCustomer({ gold: Boolean(member && member.tier && member.tier.key === "gold"), notebook: null });
}

const finder = memberSearch({
  name: "order",
  onPick: async (found) => {
    await choose(found);
    $("booking-store").focus();
  },
});

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
