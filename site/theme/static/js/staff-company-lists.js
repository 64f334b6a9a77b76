// A company's lists, on its page (staff-company.js starts this): a bulk order read from the
// company's CSV (三八节每位员工一束: one delivery per line, checked here line by line against the
// catalog and the store's windows, shown before anything is sent, then POST .../bulk-orders with
// an Idempotency-Key made once per attempt; what was booked, the lines refused and why, and the
// credit limit said plainly), and its employees' birthdays (GET .../employees, shown by next
// birthday; a manager uploads a new list with PUT .../employees, which replaces it).
import { api } from "./api.js";
import { shopToday } from "./booking-calendar.js";
import { addressText, element, phoneText } from "./booking-text.js";
import { formatDay, formatMonthDay } from "./dates.js";
import { clearErrors, clearFieldError, fieldError, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { attemptFor } from "./idempotency.js";
import { money, moneyExact } from "./money.js";
import { toStaffSignIn } from "./staff.js";
import { ADDRESS_PARTS, csvDownload, csvRows, isoDate, phoneOk, readCsvFile, windowText } from "./staff-csv.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.csv;
const ADDRESS_KEYS = Object.keys(ADDRESS_PARTS);
const MAX_BULK = 200;
const MAX_EMPLOYEES = 500;
const CARD_LIMIT = 80;
const BULK_COLUMNS = ["name", "phone", ...ADDRESS_KEYS, "date", "window", "item", "quantity", "card_message"];
const BIRTHDAY_COLUMNS = ["name", "phone", ...ADDRESS_KEYS, "month", "day"];
const OPTIONAL = ["quantity", "card_message"];
// The names a column may go by besides its key: Chinese and English, as a company may head it.
const ALIASES = {
  name: ["姓名", "名字", "收花人", "Name", "recipient"],
  phone: ["手机", "手机号", "电话", "Phone", "mobile"],
  province: ["省", "省份", "Province"],
  city: ["市", "城市", "City"],
  district: ["区", "区县", "District"],
  street: ["街道", "街道门牌", "Street and number"],
  building_room: ["楼号房间", "楼栋房间", "楼栋房号", "Building and room"],
  date: ["日期", "送达日期", "Date"],
  window: ["时段", "时间段", "送达时段", "Time window"],
  item: ["商品", "花束", "item_id", "Item"],
  quantity: ["数量", "Quantity"],
  card_message: ["贺卡", "贺卡留言", "卡片留言", "Card message", "message"],
  month: ["月", "生日月", "Month"],
  day: ["日", "生日日", "Day"],
};

let ctx = null; // {companyPath, company(), onBooked()}
let items = []; // the catalog's active items
let rules = null; // the booking rules, for each store's windows
let bulk = []; // the lines read from the bulk list: [{line, values, row, problems, item}]
let bulkAttempt = null;
let people = []; // the lines read from the birthdays list

const columnsFor = (keys) => Object.fromEntries(keys.map((key) => [key, [...ALIASES[key], words.columns[key]]]));
const textLength = (text) => [...text].length;

function windowsOf(store) {
  const own = rules && rules.stores && rules.stores[store];
  return (own && own.windows && own.windows.length ? own.windows : rules && rules.windows) || [];
}

function options(select, choices, chosen) {
  select.textContent = "";
  for (const [value, text] of choices) {
    const option = element("option", "", text);
    option.value = value;
    select.append(option);
  }
  if (choices.some(([value]) => value === chosen)) select.value = chosen;
}

const deliverable = () => items.filter((item) => item.deliverable);
const itemNamed = (typed) => items.find((item) => item.id === typed) || items.find((item) => [item.name, item.name_zh, item.name_en].includes(typed));

function addDays(iso, days) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

// ---- reading a list -------------------------------------------------------------------------
/** The file chosen in `input`, read into lines, or null with what is wrong said beside it. */
async function readList(input, columns, most) {
  clearFieldError(input);
  const file = input.files[0];
  if (!file) return null;
  const read = await readCsvFile(file);
  if (read.error) {
    fieldError(input, words.encoding);
    return null;
  }
  const table = csvRows(read.text, columnsFor(columns));
  if (table.empty || !table.rows.length) {
    fieldError(input, words.empty);
    return null;
  }
  const missing = table.missing.filter((key) => !OPTIONAL.includes(key));
  if (missing.length) {
    fieldError(input, fill(words.missing, { columns: missing.map((key) => words.columns[key]).join("、") }));
    return null;
  }
  if (table.rows.length > most) {
    fieldError(input, fill(words.tooMany, { most, count: table.rows.length }));
    return null;
  }
  return table.rows;
}

/** The person a line names, as the API takes them, its problems added to `problems`. */
function personOf(values, problems) {
  const name = values.name || "";
  if (!name) problems.push(words.nameMissing);
  else if (textLength(name) > 40) problems.push(words.nameTooLong);
  const phone = (values.phone || "").replace(/\s/g, "");
  if (!phoneOk(phone)) problems.push(words.phoneInvalid);
  const address = {};
  for (const [key, most] of Object.entries(ADDRESS_PARTS)) {
    address[key] = values[key] || "";
    if (!address[key]) problems.push(fill(words.addressMissing, { part: words.parts[key] }));
    else if (textLength(address[key]) > most) problems.push(fill(words.addressTooLong, { part: words.parts[key] }));
  }
  return { name, phone, address };
}

function checkCell(problems) {
  const cell = element("td", problems.length ? "csv-check csv-check--bad" : "csv-check csv-check--ok", problems.length ? problems.join("；") : words.ok);
  return cell;
}

function whoCell(person) {
  const cell = element("td");
  cell.append(element("span", "csv-who", person.name), element("span", "csv-phone", phoneText(person.phone)));
  return cell;
}

// ---- a bulk order ---------------------------------------------------------------------------
function checkBulkLine({ line, values }, store) {
  const problems = [];
  const recipient = personOf(values, problems);
  const date = isoDate(values.date || "");
  if (!date) problems.push(words.dateInvalid);
  else if (date < shopToday()) problems.push(words.datePast);
  const window = windowText(values.window || "");
  const windows = windowsOf(store);
  if (!windows.includes(window)) problems.push(fill(words.windowInvalid, { window: window || "—", windows: windows.join("、") || "—" }));
  const item = itemNamed(values.item || "");
  if (!item) problems.push(fill(words.itemUnknown, { item: values.item || "—" }));
  else if (!item.deliverable) problems.push(fill(words.itemNotDelivered, { item: item.name }));
  const typed = values.quantity || "1";
  const quantity = /^\d{1,2}$/.test(typed) ? Number(typed) : 0;
  if (quantity < 1 || quantity > 20) problems.push(words.quantityInvalid);
  const message = values.card_message || "";
  if (textLength(message) > CARD_LIMIT) problems.push(words.messageTooLong);
  const row = { recipient, date, window, item_id: item ? item.id : values.item, quantity };
  if (message) row.card_message = message;
  return { line, values, row, item, problems };
}

/** What the booked lines come to on the account: the catalog's prices, less the company's discount. */
function estimate(lines) {
  const company = ctx.company();
  const goods = lines.reduce((sum, one) => sum + (one.item ? one.item.price_fen * one.row.quantity : 0), 0);
  return goods - Math.floor((goods * company.discount_percent) / 100);
}

function showBulk() {
  const store = $("bulk-store").value;
  bulk = bulk.map((one) => checkBulkLine(one, store));
  const body = $("bulk-rows");
  body.textContent = "";
  for (const one of bulk) {
    const tr = element("tr", one.problems.length ? "csv-row--bad" : "");
    tr.dataset.line = String(one.line);
    const when = one.row.date ? `${formatDay(one.row.date)} ${one.row.window}` : one.values.date || "";
    const what = one.item ? `${one.item.name} × ${one.row.quantity}` : one.values.item || "";
    tr.append(
      element("td", "", String(one.line)),
      whoCell(one.row.recipient),
      element("td", "", addressText(one.row.recipient.address)),
      element("td", "", when),
      element("td", "", what),
      element("td", "", one.row.card_message || ""),
      checkCell(one.problems),
    );
    body.append(tr);
  }
  const bad = bulk.filter((one) => one.problems.length).length;
  $("bulk-summary").textContent = bad
    ? fill(strings.bulkProblems, { bad, count: bulk.length })
    : fill(strings.bulkReady, { count: bulk.length, total: moneyExact(estimate(bulk)) });
  $("bulk-summary").classList.toggle("csv-preview__summary--bad", bad > 0);
  $("bulk-preview").hidden = !bulk.length;
  $("send-bulk").hidden = false;
}

async function chooseBulkFile() {
  const form = $("bulk-form");
  clearErrors(form);
  $("bulk-result").hidden = true;
  bulkAttempt = null;
  const lines = await readList($("bulk-file"), BULK_COLUMNS, MAX_BULK);
  bulk = (lines || []).map((one) => ({ ...one, problems: [] }));
  showBulk();
}

async function sendBulk(event) {
  event.preventDefault();
  const form = $("bulk-form");
  const button = $("send-bulk");
  if (button.disabled) return;
  clearErrors(form);
  if (!bulk.length) {
    fieldError($("bulk-file"), strings.bulkChooseFile);
    showMessage("error", strings.bulkChooseFile, form);
    $("bulk-file").focus();
    return;
  }
  const bad = bulk.filter((one) => one.problems.length).length;
  if (bad) {
    showMessage("error", fill(strings.bulkProblems, { bad, count: bulk.length }), form);
    $("bulk-file").focus();
    return;
  }
  const body = { store: $("bulk-store").value, rows: bulk.map((one) => one.row) };
  bulkAttempt = attemptFor(bulkAttempt, body);
  const restore = setBusy(button, strings.bulkSending);
  const answer = await api(`${ctx.companyPath}/bulk-orders`, { method: "POST", body, headers: { "Idempotency-Key": bulkAttempt.key } });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok && answer.status >= 400 && answer.status < 500) bulkAttempt = null; // refused: a new try is a new request
  if (answer.data.error === "credit_limit_reached") {
    await ctx.onBooked();
    const company = ctx.company();
    const detail = fill(strings.bulkOverLimit, { owed: moneyExact(company.owed_fen), limit: money(company.credit_limit_fen), total: moneyExact(estimate(bulk)) });
    showMessage("error", `${answer.data.message} ${detail}`, form);
    button.focus();
    return;
  }
  if (!answer.ok) return showProblems(form, answer.data);
  bulkAttempt = null;
  await ctx.onBooked();
  showBulkResult(answer.data);
}

function showBulkResult({ booked, refused, receipt }) {
  const refusedAt = new Map(refused.map((one) => [one.row, one.error]));
  const why = (error) => strings.refusals[error] || error;
  // The preview says what became of each line.
  [...$("bulk-rows").rows].forEach((tr, n) => {
    const error = refusedAt.get(n + 1);
    const cell = tr.cells[tr.cells.length - 1];
    cell.textContent = error ? why(error) : strings.booked;
    cell.className = error ? "csv-check csv-check--bad" : "csv-check csv-check--ok";
  });
  const line = $("bulk-booked");
  const company = ctx.company();
  if (booked.length) {
    line.className = "message message--success";
    line.textContent = fill(strings.bulkBooked, {
      booked: booked.length,
      count: bulk.length,
      total: moneyExact(receipt ? receipt.total_fen : 0),
      owed: moneyExact(company.owed_fen),
    });
  } else {
    line.className = "message message--error";
    line.textContent = fill(strings.bulkNoneBooked, { count: bulk.length });
  }
  const list = $("bulk-refused");
  list.textContent = "";
  for (const { row, error } of refused) {
    const one = bulk[row - 1];
    const when = one ? `${formatDay(one.row.date)} ${one.row.window}` : "";
    list.append(element("li", "", fill(strings.bulkRefusedRow, { line: one ? one.line : row, name: one ? one.row.recipient.name : "", when, why: why(error) })));
  }
  $("bulk-refused-part").hidden = !refused.length;
  $("bulk-summary").textContent = "";
  $("send-bulk").hidden = true; // sent: another list (or this one again) is chosen anew
  $("bulk-file").value = "";
  bulk = [];
  $("bulk-result").hidden = false;
}

// ---- employees' birthdays -------------------------------------------------------------------
/** The next birthday from today (today's counts): its date and how many days away. */
function nextBirthday(month, day, today) {
  const year = Number(today.slice(0, 4));
  const on = (y) => new Date(Date.UTC(y, month - 1, day)).toISOString().slice(0, 10); // 29 Feb is 1 Mar in other years
  const date = on(year) >= today ? on(year) : on(year + 1);
  const days = Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
  return { date, days };
}

function soonText(days) {
  if (days === 0) return strings.today;
  if (days === 1) return strings.tomorrow;
  return fill(strings.inDays, { days });
}

const birthdayText = (month, day) =>
  new Intl.DateTimeFormat(strings.dateLocale, { month: "long", day: "numeric", timeZone: "UTC" }).format(Date.UTC(2024, month - 1, day));

function showEmployees(employees, manager) {
  const today = shopToday();
  const sorted = employees
    .map((person) => ({ ...person, next: nextBirthday(person.month, person.day, today) }))
    .sort((a, b) => a.next.days - b.next.days || a.name.localeCompare(b.name, strings.dateLocale));
  const body = $("birthdays-rows");
  body.textContent = "";
  for (const person of sorted) {
    const tr = element("tr");
    tr.append(
      element("td", "", fill(strings.whenNext, { date: formatMonthDay(person.next.date), soon: soonText(person.next.days) })),
      element("td", "", person.name),
      element("td", "", phoneText(person.phone)),
      element("td", "", addressText(person.address)),
    );
    body.append(tr);
  }
  $("birthdays-table").hidden = !sorted.length;
  const first = sorted[0];
  $("birthdays-status").textContent = first
    ? fill(strings.birthdaysCount, { count: sorted.length, name: first.name, when: fill(strings.whenNext, { date: formatMonthDay(first.next.date), soon: soonText(first.next.days) }) })
    : manager
      ? strings.birthdaysNoneManager
      : strings.birthdaysNone;
}

async function loadEmployees(manager) {
  const answer = await api(`${ctx.companyPath}/employees`);
  $("birthdays-loading").hidden = true;
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) {
    $("birthdays-status").textContent = answer.data.message;
    return;
  }
  showEmployees(answer.data.employees || [], manager);
}

function checkPerson({ line, values }) {
  const problems = [];
  const person = personOf(values, problems);
  const month = /^\d{1,2}$/.test(values.month || "") ? Number(values.month) : 0;
  const day = /^\d{1,2}$/.test(values.day || "") ? Number(values.day) : 0;
  if (month < 1 || month > 12) problems.push(words.monthInvalid);
  else if (day < 1 || day > new Date(Date.UTC(2024, month, 0)).getUTCDate()) problems.push(words.dayInvalid);
  return { line, person: { ...person, month, day }, problems };
}

function showPeople() {
  const body = $("birthdays-preview-rows");
  body.textContent = "";
  for (const one of people) {
    const tr = element("tr", one.problems.length ? "csv-row--bad" : "");
    const { person } = one;
    const valid = person.month >= 1 && person.month <= 12 && person.day >= 1 && person.day <= 31;
    tr.append(
      element("td", "", String(one.line)),
      whoCell(person),
      element("td", "", valid ? birthdayText(person.month, person.day) : ""),
      element("td", "", addressText(person.address)),
      checkCell(one.problems),
    );
    body.append(tr);
  }
  const bad = people.filter((one) => one.problems.length).length;
  $("birthdays-summary").textContent = bad
    ? fill(strings.bulkProblems, { bad, count: people.length })
    : fill(strings.birthdaysReady, { count: people.length });
  $("birthdays-summary").classList.toggle("csv-preview__summary--bad", bad > 0);
  $("birthdays-preview").hidden = !people.length;
}

async function chooseBirthdaysFile() {
  const lines = await readList($("birthdays-file"), BIRTHDAY_COLUMNS, MAX_EMPLOYEES);
  people = (lines || []).map(checkPerson);
  showPeople();
}

function showBirthdayWindows() {
  const windows = windowsOf($("birthdays-store").value);
  options($("birthdays-window"), windows.map((window) => [window, window]), $("birthdays-window").value);
}

async function saveEmployees(event) {
  event.preventDefault();
  const form = $("birthdays-form");
  const button = $("save-birthdays");
  if (button.disabled) return;
  clearErrors(form);
  const problems = [];
  const need = (ok, control, text) => {
    if (ok) return;
    fieldError(control, text);
    problems.push(control);
  };
  const typedDays = $("birthdays-ahead").value.trim();
  const days = /^\d{1,2}$/.test(typedDays) ? Number(typedDays) : 0;
  need(days >= 1 && days <= 14, $("birthdays-ahead"), strings.daysInvalid);
  need($("birthdays-window").value, $("birthdays-window"), strings.noWindows);
  need($("birthdays-item").value, $("birthdays-item"), strings.noItems);
  const message = $("birthdays-card").value.trim();
  need(textLength(message) <= CARD_LIMIT, $("birthdays-card"), words.messageTooLong);
  need(people.length, $("birthdays-file"), strings.bulkChooseFile);
  const bad = people.filter((one) => one.problems.length).length;
  if (bad) problems.push($("birthdays-file"));
  if (problems.length) {
    showMessage("error", bad ? fill(strings.bulkProblems, { bad, count: people.length }) : strings.checkFields, form);
    problems[0].focus();
    return;
  }
  const body = {
    store: $("birthdays-store").value,
    window: $("birthdays-window").value,
    item_id: $("birthdays-item").value,
    days_ahead: days,
    employees: people.map((one) => one.person),
  };
  if (message) body.card_message = message;
  const restore = setBusy(button, strings.birthdaysSaving);
  const answer = await api(`${ctx.companyPath}/employees`, { method: "PUT", body });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) return showProblems(form, answer.data);
  people = [];
  $("birthdays-file").value = "";
  showPeople();
  showMessage("success", fill(strings.birthdaysSaved, { count: answer.data.employees, days }), form);
  await loadEmployees(true);
}

// ---- templates ------------------------------------------------------------------------------
function makeTemplates() {
  const store = $("bulk-store").value;
  const item = deliverable()[0];
  const example = [words.templateName, "13800138000", "上海市", "上海市", "静安区", words.templateStreet, words.templateRoom];
  csvDownload($("bulk-template"), words.templateBulk, [
    BULK_COLUMNS.map((key) => words.columns[key]),
    [...example, addDays(shopToday(), 1), windowsOf(store)[0] || "10:00-12:00", item ? item.id : "", "1", words.templateMessage],
  ]);
  csvDownload($("birthdays-template"), words.templateBirthdays, [BIRTHDAY_COLUMNS.map((key) => words.columns[key]), [...example, "3", "8"]]);
  for (const link of document.querySelectorAll(".csv-template")) link.hidden = false;
}

// ---- wiring ---------------------------------------------------------------------------------
/** Start the lists: `stores` [{id, name}], `staff` the signed-in staff member. */
export async function startCompanyLists({ companyPath, company, onBooked, stores, staff }) {
  ctx = { companyPath, company, onBooked };
  const manager = staff.role === "manager";
  const [catalog, bookingRules] = await Promise.all([api("/api/catalog"), api("/api/staff/booking-rules")]);
  items = catalog.ok ? catalog.data.items || [] : [];
  rules = bookingRules.ok ? bookingRules.data : null;
  const storeChoices = stores.map((store) => [store.id, store.name]);
  const home = staff.store ? staff.store.id : null;
  options($("bulk-store"), storeChoices, home);
  options($("birthdays-store"), storeChoices, home);
  options($("birthdays-item"), deliverable().map((item) => [item.id, item.name]), null);
  showBirthdayWindows();
  makeTemplates();

  $("bulk-file").addEventListener("change", chooseBulkFile);
  $("bulk-store").addEventListener("change", () => {
    if (bulk.length) showBulk();
    makeTemplates();
  });
  $("bulk-form").addEventListener("submit", sendBulk);
  forgiveOnEdit($("bulk-form"));

  $("birthdays-read-only").hidden = manager;
  $("birthdays-form").hidden = !manager;
  if (manager) {
    $("birthdays-file").addEventListener("change", chooseBirthdaysFile);
    $("birthdays-store").addEventListener("change", showBirthdayWindows);
    $("birthdays-form").addEventListener("submit", saveEmployees);
    forgiveOnEdit($("birthdays-form"));
  }
  await loadEmployees(manager);
}
