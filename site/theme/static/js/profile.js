// My profile: the member's own record (GET /api/me), edited in one form (PATCH /api/me); a second
// contact confirmed by a code; the data export as a file; and erasure, confirmed by a code sent to
// one of the member's own contacts. Anyone not signed in goes to the sign-in page.
import { api, LANG } from "./api.js";
import { birthdayFields } from "./birthday.js";
import { checkCode, codeSender, typedCode } from "./code-step.js";
import { formatDate, masked } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, hideMessage, setBusy, showMessage, showProblems } from "./form.js";
import { toSignIn } from "./section.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("profile-form");
const birthday = birthdayFields(form);
const consent = $("sensitive-consent");
const sensitiveBoxes = [...form.querySelectorAll("input[name=allergies], input[name=pets]")];
const CHANNELS = { sms: "phone", email: "email" }; // a channel and the contact it needs

let member = null;

function checkedValues(name) {
  return [...form.querySelectorAll(`input[name=${name}]:checked`)].map((box) => box.value);
}

function checkValues(name, values) {
  for (const box of form.querySelectorAll(`input[name=${name}]`)) box.checked = (values || []).includes(box.value);
}

/** Allergies and pets can be ticked only while their own consent is. */
function followConsent() {
  for (const box of sensitiveBoxes) {
    box.disabled = !consent.checked;
    if (!consent.checked) box.checked = false;
  }
  $("sensitive-fields-hint").hidden = consent.checked;
  $("sensitive-withdraw").hidden = consent.checked || !member?.sensitive?.consented;
  const since = consent.checked && member?.sensitive?.consented && member.sensitive.consented_at;
  setHint("sensitive-consent", since ? fill(strings.consentedSince, { date: formatDate(since) }) : "");
}

/** "Saved" stays only until the next change, so it never claims an edit was saved. */
function forgetSaved() {
  const box = $("form-message");
  if (box.classList.contains("message--success")) hideMessage(form);
}

function setHint(id, extra) {
  const hint = $(`${id}-hint`);
  if (!hint) return;
  hint.dataset.base ??= hint.textContent;
  const gap = LANG === "zh" ? "" : " "; // Chinese sentences follow each other without a space
  hint.textContent = extra ? `${hint.dataset.base}${gap}${extra}` : hint.dataset.base;
}

function fillSensitive(sensitive) {
  consent.checked = Boolean(sensitive?.consented);
  checkValues("allergies", sensitive?.allergies);
  checkValues("pets", sensitive?.pets);
  followConsent();
}

function fillMarketing(marketing, contacts) {
  for (const [channel, kind] of Object.entries(CHANNELS)) {
    const box = $(`marketing-${channel}`);
    const consentGiven = marketing?.[channel];
    box.checked = Boolean(consentGiven?.granted);
    const reachable = contacts.some((c) => c.kind === kind);
    box.disabled = !reachable && !box.checked;
    let extra = consentGiven?.granted ? fill(strings.marketingSince, { date: formatDate(consentGiven.at) }) : "";
    if (!reachable) extra = channel === "sms" ? strings.marketingNeedsPhone : strings.marketingNeedsEmail;
    setHint(`marketing-${channel}`, extra);
  }
}

function fillContacts(contacts) {
  const list = $("contact-list");
  list.textContent = "";
  for (const contact of contacts) {
    const item = document.createElement("li");
    const kind = document.createElement("span");
    kind.className = "contact-list__kind";
    kind.textContent = strings.labels.contactKinds[contact.kind] || contact.kind;
    const value = document.createElement("span");
    value.className = "contact-list__value";
    value.textContent = masked(contact);
    item.append(kind, value);
    list.append(item);
  }
  $("contact-form").hidden = contacts.length >= 2;
  $("contacts-full").hidden = contacts.length < 2;
  fillEraseChoices(contacts);
}

function fillEraseChoices(contacts) {
  const box = $("erase-contact-options");
  box.textContent = "";
  contacts.forEach((contact, index) => {
    const label = document.createElement("label");
    label.className = "radio";
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "erase-contact";
    input.value = contact.value;
    input.checked = index === 0;
    const text = document.createElement("span");
    text.textContent = `${strings.labels.contactKinds[contact.kind] || contact.kind} ${masked(contact)}`;
    label.append(input, text);
    box.append(label);
  });
}

function show(profile) {
  member = profile;
  $("name").value = profile.name || "";
  $("salutation").value = profile.salutation || "";
  birthday.fill(profile.birthday);
  const preferences = profile.preferences || {};
  for (const group of ["flowers", "colours", "styles"]) checkValues(group, preferences[group]);
  $("budget").value = preferences.budget || "";
  $("preferences-note").value = preferences.note || "";
  fillSensitive(profile.sensitive);
  fillMarketing(profile.marketing, profile.contacts || []);
  fillContacts(profile.contacts || []);
  $("profile").hidden = false;
}

async function load() {
  $("profile-loading").hidden = false;
  $("load-error").hidden = true;
  $("load-retry").hidden = true;
  const answer = await api("/api/me");
  if (answer.status === 401) return toSignIn();
  $("profile-loading").hidden = true;
  if (!answer.ok) {
    $("load-error").textContent = answer.data.message;
    $("load-error").hidden = false;
    $("load-retry").hidden = false;
    return;
  }
  show(answer.data);
}

/** Only the channels whose box changed: the API records when and where each consent changed. */
function marketingChanges() {
  const changes = {};
  for (const channel of Object.keys(CHANNELS)) {
    const wanted = $(`marketing-${channel}`).checked;
    if (wanted !== Boolean(member.marketing?.[channel]?.granted)) changes[channel] = wanted;
  }
  return changes;
}

function sensitiveRequest() {
  if (consent.checked) return { consent: true, allergies: checkedValues("allergies"), pets: checkedValues("pets") };
  return member.sensitive?.consented ? { consent: false } : undefined;
}

/** The form as the API wants it, or null when something must be fixed first. */
function profileRequest() {
  const problems = [];
  const name = $("name").value.trim();
  if (!name) {
    fieldError($("name"), strings.nameMissing);
    problems.push($("name"));
  }
  const born = birthday.read();
  if (born === false) problems.push(birthday.firstProblem());
  if (problems.length) {
    showMessage("error", strings.checkFields, form);
    problems[0].focus();
    return null;
  }
  const request = {
    name,
    birthday: born,
    preferences: {
      flowers: checkedValues("flowers"),
      colours: checkedValues("colours"),
      styles: checkedValues("styles"),
      budget: $("budget").value || null,
      note: $("preferences-note").value.trim(),
    },
  };
  // the API cannot clear a salutation (null and "" are refused), so an empty field leaves it be
  const salutation = $("salutation").value.trim();
  if (salutation) request.salutation = salutation;
  const sensitive = sensitiveRequest();
  if (sensitive) request.sensitive = sensitive;
  const marketing = marketingChanges();
  if (Object.keys(marketing).length) request.marketing = marketing;
  return request;
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  const request = profileRequest();
  if (!request) return;
  const button = $("save-profile");
  const restore = setBusy(button, strings.saving);
  const answer = await api("/api/me", { method: "PATCH", body: request });
  restore();
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return showProblems(form, answer.data);
  show(answer.data);
  showMessage("success", strings.saved, form);
}

// ---- a second contact -------------------------------------------------------------------
const contactForm = $("contact-form");
const contactCode = $("contact-code");
const contactSender = codeSender(contactForm, {
  button: $("send-contact-code"),
  contact: $("new-contact"),
  purpose: "add-contact",
  onSent() {
    $("contact-code-step").hidden = false;
    contactCode.focus();
  },
});

async function addContact(event) {
  event.preventDefault();
  if ($("contact-code-step").hidden) return contactSender.send();
  clearErrors(contactForm);
  if (!checkCode(contactCode)) return contactCode.focus();
  const button = $("add-contact");
  const restore = setBusy(button, strings.adding);
  const body = { contact: $("new-contact").value.trim(), code: typedCode(contactCode) };
  const answer = await api("/api/me/contacts", { method: "POST", body });
  restore();
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return showProblems(contactForm, answer.data);
  $("new-contact").value = "";
  contactCode.value = "";
  $("contact-code-step").hidden = true;
  hideMessage(contactForm);
  show(answer.data);
  showContactAdded();
}

/** The form goes once the second contact is in, so the success line follows the list. */
function showContactAdded() {
  let line = $("contact-added");
  if (!line) {
    line = document.createElement("p");
    line.id = "contact-added";
    line.className = "message message--success";
    line.setAttribute("role", "status");
    $("contact-list").after(line);
  }
  line.textContent = strings.contactAdded;
}

// ---- the data export --------------------------------------------------------------------
const dataSection = $("data-title").parentElement;

async function downloadExport() {
  hideMessage(dataSection);
  const button = $("download-export");
  const restore = setBusy(button, strings.preparing);
  const answer = await api("/api/me/export");
  restore();
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) return showMessage("error", answer.data.message, dataSection);
  const blob = new Blob([JSON.stringify(answer.data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = "petalpoint-my-data.json";
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  showMessage("success", strings.downloaded, dataSection);
}

// ---- erasure ----------------------------------------------------------------------------
const eraseForm = $("erase-form");
const eraseCode = $("erase-code");

function chosenContact() {
  return eraseForm.querySelector("input[name=erase-contact]:checked")?.value || "";
}

const eraseSender = codeSender(eraseForm, {
  button: $("send-erase-code"),
  readContact: chosenContact,
  purpose: "erase",
  onSent() {
    $("erase-code-step").hidden = false;
    eraseCode.focus();
  },
});

async function erase(event) {
  event.preventDefault();
  if ($("erase-code-step").hidden) return eraseSender.send();
  clearErrors(eraseForm);
  if (!checkCode(eraseCode)) return eraseCode.focus();
  const restore = setBusy($("erase-account"), strings.erasing);
  const body = { contact: chosenContact(), code: typedCode(eraseCode) };
  const answer = await api("/api/me", { method: "DELETE", body });
  if (answer.status === 401) return toSignIn();
  if (!answer.ok) {
    restore();
    return showProblems(eraseForm, answer.data);
  }
  $("profile").hidden = true;
  const goodbye = $("goodbye");
  goodbye.hidden = false;
  goodbye.focus();
}

form.addEventListener("submit", save);
form.addEventListener("input", forgetSaved);
consent.addEventListener("change", followConsent);
contactForm.addEventListener("submit", addContact);
eraseForm.addEventListener("submit", erase);
$("download-export").addEventListener("click", downloadExport);
$("retry").addEventListener("click", load);
for (const each of [form, contactForm, eraseForm]) forgiveOnEdit(each);
load();
