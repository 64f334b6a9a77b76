// The companies that order on account (/staff/companies/, 企业客户): the list (GET
// /api/staff/companies), each with what it owes against its credit limit, its discount and this
// year's spend and rebate, linked to its orders and statement (/staff/company/?id=); for managers
// one form that adds a company (POST) or edits one in place (PUT, the whole company), with the
// members who may order picked with the shared member search. Staff see the list only. As
// staff-offers.js does for the catalogs, but a company is never withdrawn, and is saved whole.
import { api, pageUrl } from "./api.js";
import { shopToday } from "./booking-calendar.js";
import { element } from "./booking-text.js";
import { readablePhone } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { money, moneyExact, yuanOf, yuanText } from "./money.js";
import { pageMessage, showManagersOnly, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { memberSearch } from "./staff-member-search.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const list = $("company-list");
const form = $("company-form");
const title = $("company-form-title");
const saveButton = $("save-company");
const NEAR_LIMIT_PERCENT = 80;

let companies = [];
let editing = null; // the company being edited, or null when adding one
let manager = false;
let members = []; // who may order, as the form shows them: [{id, name}]

// ---- the list -----------------------------------------------------------------------------
function smallButton(label, name) {
  const button = element("button", "button button--small button--secondary");
  button.type = "button";
  button.append(element("span", "button__label", label));
  button.setAttribute("aria-label", name);
  return button;
}

function limitBadge(company) {
  const limit = company.credit_limit_fen;
  if (!limit || company.owed_fen * 100 < limit * NEAR_LIMIT_PERCENT) return null;
  const full = company.owed_fen >= limit;
  return element("span", `badge ${full ? "badge--pet-toxic" : "badge--pet-mild"}`, full ? strings.atLimit : strings.nearLimit);
}

function membersText(count) {
  if (!count) return strings.membersNone;
  return count === 1 ? strings.membersOne : fill(strings.membersCount, { count });
}

function details(company) {
  const year = shopToday().slice(0, 4);
  const lines = [
    fill(strings.owed, { owed: moneyExact(company.owed_fen), limit: money(company.credit_limit_fen) }),
    fill(strings.yearSpend, {
      year,
      spend: moneyExact(company.spend_by_year[year] || 0),
      rebate: moneyExact(company.rebate_by_year[year] || 0),
      percent: company.rebate_percent,
    }),
    `${fill(strings.contactLine, { name: company.contact_name, phone: readablePhone(company.contact_phone) })} · ${membersText(company.members.length)}`,
  ];
  return lines.map((line) => element("p", "admin-row__details", line));
}

function row(company) {
  const entry = element("li", "admin-row");
  entry.dataset.id = company.id;
  const main = element("div", "admin-row__main");
  const name = element("p", "admin-row__name");
  const link = element("a", "companies__link", company.name);
  link.href = pageUrl(`staff/company/?id=${encodeURIComponent(company.id)}`);
  name.append(link);
  if (company.discount_percent) name.append(" ", element("span", "badge badge--tier", fill(strings.discountBadge, { percent: company.discount_percent })));
  const badge = limitBadge(company);
  if (badge) name.append(" ", badge);
  main.append(name, ...details(company));
  const controls = element("div", "admin-row__controls");
  const open = element("a", "button button--small button--secondary", strings.open);
  open.href = link.href;
  open.setAttribute("aria-label", fill(strings.openCompany, { company: company.name }));
  controls.append(open);
  if (manager) {
    const edit = smallButton(strings.edit, fill(strings.editCompany, { company: company.name }));
    edit.addEventListener("click", () => startEditing(company));
    controls.append(edit);
  }
  entry.append(main, controls);
  return entry;
}

function render() {
  list.textContent = "";
  if (!companies.length) list.append(element("li", "empty-line", manager ? strings.none : strings.noneStaff));
  for (const company of companies) list.append(row(company));
}

// ---- the members who may order ------------------------------------------------------------
function showMembers() {
  const chosen = $("company-members");
  chosen.textContent = "";
  if (!members.length) chosen.append(element("li", "empty-line", strings.noMembers));
  for (const member of members) {
    const item = element("li", "companies__member");
    item.dataset.id = member.id;
    const remove = element("button", "companies__remove", "×");
    remove.type = "button";
    remove.setAttribute("aria-label", fill(strings.removeMember, { name: member.name }));
    remove.addEventListener("click", () => removeMember(member));
    item.append(element("span", "", member.name), remove);
    chosen.append(item);
  }
}

function say(text) {
  $("company-members-status").textContent = text;
}

function addMember(found) {
  const search = $("company-q");
  if (members.some((member) => member.id === found.id)) {
    say(fill(strings.memberAlready, { name: found.name }));
  } else {
    members = [...members, { id: found.id, name: found.name }];
    showMembers();
    say(fill(strings.memberAdded, { name: found.name }));
  }
  finder.clear();
  search.value = "";
  search.focus();
}

function removeMember(member) {
  const index = members.indexOf(member);
  members = members.filter((one) => one !== member);
  showMembers();
  say(fill(strings.memberRemoved, { name: member.name }));
  const buttons = [...$("company-members").querySelectorAll(".companies__remove")];
  (buttons[Math.min(index, buttons.length - 1)] || $("company-q")).focus();
}

const finder = memberSearch({ name: "company", onPick: addMember });

/** The company's members as the form shows them: by the names the API gives (null once erased). */
function namesOf(company) {
  return company.members.map(({ id, name }) => ({ id, name: name || fill(strings.unknownMember, { id }) }));
}

// ---- the form -----------------------------------------------------------------------------
const TEXT_FIELDS = {
  "company-name": "name",
  "company-invoice-title": "invoice_title",
  "company-tax-id": "tax_id",
  "company-address": "address",
  "company-contact-name": "contact_name",
  "company-contact-phone": "contact_phone",
};

function setMode(company) {
  editing = company;
  title.textContent = company ? fill(strings.editTitle, { company: company.name }) : strings.addTitle;
  saveButton.querySelector(".button__label").textContent = company ? strings.saveButton : strings.addButton;
  $("cancel-edit").hidden = !company;
}

function startEditing(company) {
  clearErrors(form);
  for (const [id, field] of Object.entries(TEXT_FIELDS)) $(id).value = company[field] || "";
  $("company-discount").value = String(company.discount_percent);
  $("company-limit").value = yuanOf(company.credit_limit_fen);
  $("company-rebate").value = String(company.rebate_percent);
  setMode(company);
  members = namesOf(company);
  showMembers();
  $("company-name").focus();
  title.scrollIntoView({ block: "start", behavior: "smooth" });
}

function stopEditing() {
  clearErrors(form);
  form.reset();
  members = [];
  showMembers();
  finder.clear();
  setMode(null);
}

function need(ok, control, text, problems) {
  if (ok) return;
  fieldError(control, text);
  problems.push(control);
}

function readPercent(control, most, problems) {
  const typed = control.value.trim() || "0";
  const number = /^\d{1,2}$/.test(typed) ? Number(typed) : NaN;
  need(number >= 0 && number <= most, control, fill(strings.percentInvalid, { most }), problems);
  return number;
}

/** The company as POST and PUT take it, or {problem}: the first field to fix, all marked. */
function read() {
  const problems = [];
  const body = {};
  for (const [id, field] of Object.entries(TEXT_FIELDS)) {
    body[field] = $(id).value.trim();
    need(body[field], $(id), strings.nameMissing, problems);
  }
  body.tax_id = body.tax_id.replace(/\s/g, "").toUpperCase();
  if (body.tax_id) need(/^[0-9A-Z]{15,20}$/.test(body.tax_id), $("company-tax-id"), strings.taxIdInvalid, problems);
  if (body.contact_phone) need(/^\+?[0-9][0-9 -]{5,19}$/.test(body.contact_phone), $("company-contact-phone"), strings.phoneInvalid, problems);
  body.discount_percent = readPercent($("company-discount"), 50, problems);
  body.credit_limit = yuanText($("company-limit").value || "0");
  need(body.credit_limit, $("company-limit"), strings.yuanInvalid, problems);
  body.rebate_percent = readPercent($("company-rebate"), 20, problems);
  body.members = members.map((member) => member.id);
  return problems.length ? { problem: problems[0] } : { body };
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  const { body, problem } = read();
  if (problem) {
    showMessage("error", strings.checkFields, form);
    problem.focus();
    return;
  }
  const restore = setBusy(saveButton, strings.saving);
  const path = editing ? `/api/staff/companies/${encodeURIComponent(editing.id)}` : "/api/staff/companies";
  const answer = await api(path, { method: editing ? "PUT" : "POST", body });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (answer.status === 403) return showManagersOnly();
  if (!answer.ok) return showProblems(form, answer.data);
  const saved = answer.data;
  const wasEditing = Boolean(editing);
  companies = wasEditing ? companies.map((one) => (one.id === saved.id ? saved : one)) : [...companies, saved];
  companies.sort((a, b) => a.name.localeCompare(b.name, strings.dateLocale));
  render();
  stopEditing();
  showMessage("success", fill(wasEditing ? strings.saved : strings.added, { company: saved.name }), form);
}

async function start() {
  const me = await staffSession();
  if (!me) return;
  manager = me.role === "manager";
  const answer = await api("/api/staff/companies");
  stopLoading();
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) return pageMessage("error", answer.data.message);
  companies = answer.data.companies || [];
  render();
  if (!manager) {
    $("read-only").hidden = false;
    for (const part of document.querySelectorAll("[data-edit]")) part.hidden = true;
  }
  stopEditing();
  $("companies").hidden = false;
}

form.addEventListener("submit", save);
$("cancel-edit").addEventListener("click", stopEditing);
forgiveOnEdit(form);
start();
