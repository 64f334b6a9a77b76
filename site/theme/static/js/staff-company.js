// One company that orders on account (/staff/company/?id=<company>&month=YYYY-MM): what it owes
// against its credit limit; an order on its account (lines as at the counter, optionally "ordered
// by" one of its members, found with the shared member search; POST .../orders with an
// Idempotency-Key made once per attempt, so a retry never records it twice; 409
// credit_limit_reached said plainly); a month's statement (GET .../statements/{month}: its orders,
// total, paid, owed, confirmed or not) to print, to download as CSV, and its confirmation link to
// send to the company's contact; and, for managers, a payment received (POST .../payments).
// A bulk order from the company's list and its employees' birthdays: staff-company-lists.js.
// Keyboard: Enter in the last price adds an item, Ctrl+Enter records the order.
import { api } from "./api.js";
import { shopToday } from "./booking-calendar.js";
import { element } from "./booking-text.js";
import { formatDate, formatDateTime, readablePhone } from "./dates.js";
import { clearErrors, clearFieldError, fieldError, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { attemptFor } from "./idempotency.js";
import { fenOf, money, moneyExact, yuanText } from "./money.js";
import { pageMessage, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { startCompanyLists } from "./staff-company-lists.js";
import { memberSearch } from "./staff-member-search.js";
import { saleLines } from "./staff-sale-lines.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const companyId = params.get("id") || "";
const companyPath = `/api/staff/companies/${encodeURIComponent(companyId)}`;
const orderForm = $("order-form");
const paymentForm = $("payment-form");
const lines = $("lines");
const search = $("orderer-q");
const MONTHS_BACK = 12;

let company = null;
let stores = []; // [{id, name}]
let storeNames = {};
let orderedBy = null; // {id, name}: the company's member who ordered, or null
let orderAttempt = null;
let statementSeq = 0;

// ---- months -------------------------------------------------------------------------------
const thisMonth = () => shopToday().slice(0, 7);

/** This month and the twelve before it, newest first. */
function recentMonths() {
  const [year, month] = thisMonth().split("-").map(Number);
  return Array.from({ length: MONTHS_BACK + 1 }, (_, back) => {
    const date = new Date(Date.UTC(year, month - 1 - back, 1));
    return date.toISOString().slice(0, 7);
  });
}

function monthName(month) {
  const [year, number] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(strings.dateLocale, { year: "numeric", month: "long", timeZone: "UTC" }).format(Date.UTC(year, number - 1, 1));
}

function fillMonths(select, chosen) {
  select.textContent = "";
  const months = recentMonths();
  if (!months.includes(chosen)) months.push(chosen);
  for (const month of months) {
    const option = element("option", "", monthName(month));
    option.value = month;
    select.append(option);
  }
  select.value = chosen;
}

const statementMonth = () => $("statement-month").value;

// ---- the company --------------------------------------------------------------------------
const creditLeft = () => Math.max(0, company.credit_limit_fen - company.owed_fen);

function fact(list, title, value) {
  const row = element("div");
  row.append(element("dt", "", title), element("dd", "", value));
  list.append(row);
}

function showCompany() {
  document.title = `${company.name} · ${document.title.split(" · ").at(-1)}`;
  $("company-name").textContent = company.name;
  $("company-invoice").textContent = fill(strings.invoiceLine, { title: company.invoice_title, tax_id: company.tax_id, address: company.address });
  const facts = $("company-facts");
  facts.textContent = "";
  const year = shopToday().slice(0, 4);
  fact(facts, strings.factOwed, fill(strings.factOwedValue, { owed: moneyExact(company.owed_fen), limit: money(company.credit_limit_fen) }));
  fact(facts, strings.factDiscount, fill(strings.percent, { percent: company.discount_percent }));
  fact(
    facts,
    strings.factRebate,
    fill(strings.factRebateValue, {
      percent: company.rebate_percent,
      rebate: moneyExact(company.rebate_by_year[year] || 0),
      spend: moneyExact(company.spend_by_year[year] || 0),
    }),
  );
  fact(facts, strings.factContact, `${company.contact_name} · ${readablePhone(company.contact_phone)}`);
  showTotals();
}

async function loadCompany() {
  const answer = await api(companyPath);
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) return answer;
  company = answer.data;
  showCompany();
  return answer;
}

async function loadStores() {
  const answer = await api("/api/staff/stores");
  if (!answer.ok) return;
  stores = answer.data.stores || [];
  storeNames = Object.fromEntries(stores.map((store) => [store.id, store.name]));
}

// ---- who ordered --------------------------------------------------------------------------
function showOrderer() {
  const who = $("customer-chosen");
  who.textContent = "";
  who.append(orderedBy ? element("strong", "", orderedBy.name) : element("span", "", strings.nobodyNamed));
  $("change-customer").hidden = !orderedBy;
  $("customer-search").hidden = Boolean(orderedBy);
}

function chooseOrderer(found) {
  clearFieldError(search);
  if (found && !company.members.some((member) => member.id === found.id)) {
    fieldError(search, fill(strings.notAllowed, { name: found.name }));
    search.focus();
    return;
  }
  orderedBy = found ? { id: found.id, name: found.name } : null;
  finder.clear();
  search.value = "";
  showOrderer();
  if (found) $("line-name-1").focus();
}

const finder = memberSearch({ name: "orderer", onPick: chooseOrderer, ctrlEnterElsewhere: true });

// ---- the items (as at the counter: staff-sale-lines.js) ----------------------------------
const saleItems = saleLines({ lines, changed: () => showTotals() });
const lineRows = saleItems.rows;

/** The order's price as the API works it out: the company's discount on goods, not delivery. */
function priceOf(read) {
  const subtotal = read.reduce((sum, line) => sum + fenOf(line.unit_price) * line.quantity, 0);
  const goods = read.filter((line) => line.category !== "delivery-fee").reduce((sum, line) => sum + fenOf(line.unit_price) * line.quantity, 0);
  const discount = Math.floor((goods * company.discount_percent) / 100);
  return { subtotal, discount, total: subtotal - discount };
}

function showTotals() {
  if (!company) return;
  const read = saleItems.read(false).lines || [];
  const { subtotal, discount, total } = priceOf(read);
  $("order-subtotal").textContent = moneyExact(subtotal);
  $("order-discount-label").textContent = company.discount_percent ? fill(strings.discountPercent, { percent: company.discount_percent }) : strings.discount;
  $("order-discount").textContent = discount ? `−${moneyExact(discount)}` : moneyExact(0);
  $("order-total").textContent = moneyExact(total);
  const credit = $("order-credit");
  credit.hidden = false;
  const over = total - creditLeft();
  credit.classList.toggle("company__credit--over", over > 0);
  credit.textContent =
    over > 0
      ? fill(strings.creditOver, { over: moneyExact(over), left: moneyExact(creditLeft()) })
      : fill(strings.creditLeft, { owed: moneyExact(company.owed_fen), limit: money(company.credit_limit_fen), left: moneyExact(creditLeft()) });
}

// ---- recording the order ------------------------------------------------------------------
async function record() {
  clearErrors(orderForm);
  $("order-done").hidden = true;
  const read = saleItems.read(true);
  if (read.problem || !read.lines.length) {
    const problem = read.problem || lineRows()[0].querySelector(".line-price");
    if (!problem.getAttribute("aria-invalid")) fieldError(problem, strings.noLines);
    showMessage("error", strings.noLines, orderForm);
    problem.focus();
    return;
  }
  const body = { lines: read.lines };
  if (orderedBy) body.ordered_by = orderedBy.id;
  const button = $("record-order");
  if (button.disabled) return;
  orderAttempt = attemptFor(orderAttempt, body);
  const restore = setBusy(button, strings.recording);
  const answer = await api(`${companyPath}/orders`, { method: "POST", body, headers: { "Idempotency-Key": orderAttempt.key } });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (answer.data.error === "credit_limit_reached") return refuseOverLimit(answer.data, body);
  if (!answer.ok) return showProblems(orderForm, answer.data);
  orderAttempt = null;
  await loadCompany();
  newOrder();
  const done = $("order-done");
  done.textContent = fill(strings.orderRecorded, { total: moneyExact(answer.data.total_fen), owed: moneyExact(company.owed_fen) });
  done.hidden = false;
  if (statementMonth() === thisMonth()) loadStatement();
}

/** Over the credit limit: what it owes now (another order or a payment may have changed it). */
async function refuseOverLimit(data, body) {
  await loadCompany();
  const { total } = priceOf(body.lines);
  const detail = fill(strings.creditRefused, { owed: moneyExact(company.owed_fen), limit: money(company.credit_limit_fen), total: moneyExact(total) });
  showMessage("error", `${data.message} ${detail}`, orderForm);
  $("order-credit").hidden = true; // the message says it all
  $("record-order").focus();
}

function newOrder() {
  saleItems.reset();
  const first = lineRows()[0];
  clearErrors(orderForm);
  orderedBy = null;
  showOrderer();
  showTotals();
  first.querySelector(".line-name").focus();
}

function onOrderKey(event) {
  if (event.key !== "Enter") return;
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault();
    record();
    return;
  }
  const target = event.target;
  if (target === search || target.tagName !== "INPUT") return;
  event.preventDefault(); // Enter alone never records the order by accident
  if (saleItems.isLastPrice(target)) saleItems.add();
}

// ---- the statement ------------------------------------------------------------------------
function cell(text, className) {
  return element("td", className, text);
}

function showStatement(found) {
  const caption = fill(strings.statementOf, { month: monthName(found.month) });
  $("statement-title").textContent = caption;
  $("statement-caption").textContent = `${company.name} · ${caption}`;
  const confirmed = $("statement-confirmed");
  // On paper the statement says when it was confirmed; "not yet, send the link" is for staff.
  confirmed.className = `message ${found.confirmed_at ? "message--success" : "message--info print-hide"}`;
  confirmed.textContent = found.confirmed_at ? fill(strings.confirmedAt, { time: formatDateTime(found.confirmed_at) }) : strings.notConfirmed;
  const body = $("statement-orders");
  body.textContent = "";
  for (const order of found.orders) {
    const row = element("tr");
    row.append(
      cell(formatDate(order.at)),
      cell(order.items.join("、")),
      cell(storeNames[order.store] || order.store),
      cell(moneyExact(order.subtotal_fen), "num"),
      cell(order.discount_fen ? `−${moneyExact(order.discount_fen)}` : moneyExact(0), "num"),
      cell(moneyExact(order.amount_fen), "num"),
    );
    body.append(row);
  }
  $("statement-empty").hidden = found.orders.length > 0;
  $("statement-table").hidden = !found.orders.length;
  $("statement-total").textContent = moneyExact(found.total_fen);
  $("statement-paid").textContent = moneyExact(found.paid_fen);
  $("statement-owed").textContent = moneyExact(found.owed_fen);
  const link = found.confirm_link.startsWith("/") ? `${window.location.origin}${found.confirm_link}` : found.confirm_link;
  $("confirm-link").value = link;
  $("confirm-link-hint").textContent = fill(strings.confirmHint, { name: company.contact_name, phone: readablePhone(company.contact_phone) });
  $("copy-status").textContent = "";
  $("statement-csv").href = `${companyPath}/statements/${found.month}?format=csv`;
  $("statement-csv").setAttribute("download", `statement-${company.id}-${found.month}.csv`);
  $("statement-body").hidden = false;
}

async function loadStatement() {
  const month = statementMonth();
  const seq = ++statementSeq;
  $("statement-loading").hidden = false;
  $("statement-error").hidden = true;
  const answer = await api(`${companyPath}/statements/${month}`);
  if (seq !== statementSeq) return; // another month was chosen meanwhile
  $("statement-loading").hidden = true;
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) {
    $("statement-body").hidden = true;
    $("statement-error").textContent = answer.data.message;
    $("statement-error").hidden = false;
    return;
  }
  showStatement(answer.data);
}

function chooseMonth() {
  const url = new URL(window.location.href);
  url.searchParams.set("month", statementMonth());
  window.history.replaceState(null, "", url.pathname + url.search);
  $("payment-month").value = statementMonth();
  loadStatement();
}

/** Copy the link; where the clipboard is not offered, select it to copy by hand. */
async function copyLink() {
  const field = $("confirm-link");
  const status = $("copy-status");
  try {
    await navigator.clipboard.writeText(field.value);
    status.textContent = strings.copied;
  } catch {
    field.focus();
    field.select();
    status.textContent = document.execCommand && document.execCommand("copy") ? strings.copied : strings.copyFailed;
  }
}

function printStatement() {
  $("statement-printed").textContent = fill(strings.printed, { time: formatDateTime(new Date().toISOString()) });
  window.print();
}

// ---- a payment received (managers) --------------------------------------------------------
async function recordPayment(event) {
  event.preventDefault();
  clearErrors(paymentForm);
  const field = $("payment-amount");
  const amount = yuanText(field.value);
  if (!amount || fenOf(amount) <= 0) {
    fieldError(field, strings.paymentAmountInvalid);
    field.focus();
    return;
  }
  const month = $("payment-month").value;
  const restore = setBusy($("record-payment"), strings.recordingPayment);
  const answer = await api(`${companyPath}/payments`, { method: "POST", body: { amount, month } });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) return showProblems(paymentForm, answer.data);
  paymentForm.reset();
  $("payment-month").value = month;
  const { paid_fen: paid, owed_fen: owed } = answer.data;
  const text = paid < fenOf(amount) ? strings.paymentCapped : strings.paymentRecorded;
  showMessage("success", fill(text, { paid: moneyExact(paid), month: monthName(month), owed: moneyExact(owed) }), paymentForm);
  await loadCompany();
  if (statementMonth() === month) loadStatement();
}

// ---- wiring -------------------------------------------------------------------------------
function notFound(text) {
  stopLoading();
  $("company-missing").hidden = false;
  pageMessage("error", text);
}

async function start() {
  const staff = await staffSession();
  if (!staff) return;
  const [answer] = await Promise.all([companyId ? loadCompany() : { ok: false, data: {} }, loadStores()]);
  if (!answer) return; // sent to sign in
  if (!answer.ok) return notFound(answer.data.message || "");
  stopLoading();
  const month = /^\d{4}-\d{2}$/.test(params.get("month") || "") ? params.get("month") : thisMonth();
  fillMonths($("statement-month"), month);
  fillMonths($("payment-month"), month);
  $("payment").hidden = staff.role !== "manager";
  saleItems.renumber();
  showOrderer();
  showTotals();
  $("company").hidden = false;
  loadStatement();
  startCompanyLists({ companyPath, company: () => company, onBooked: afterBulkOrder, stores, staff });
}

/** A bulk order went on the account: what the company owes now, and this month's statement. */
async function afterBulkOrder() {
  await loadCompany();
  if (statementMonth() === thisMonth()) loadStatement();
}

orderForm.addEventListener("submit", (event) => {
  event.preventDefault();
  record();
});
orderForm.addEventListener("keydown", onOrderKey);
orderForm.addEventListener("input", (event) => {
  if (event.target !== search) showTotals();
});
orderForm.addEventListener("change", (event) => {
  if (event.target !== search) showTotals();
});
forgiveOnEdit(orderForm);
forgiveOnEdit(paymentForm);
$("add-line").addEventListener("click", () => saleItems.add());
$("change-customer").addEventListener("click", () => {
  chooseOrderer(null);
  search.focus();
});
$("statement-month").addEventListener("change", chooseMonth);
$("print-statement").addEventListener("click", printStatement);
$("copy-link").addEventListener("click", copyLink);
$("confirm-link").addEventListener("focus", (event) => event.target.select());
paymentForm.addEventListener("submit", recordPayment);

start();
