// The join page: contact and code, then name, an optional birthday and marketing consent.
import { api, pageUrl } from "./api.js";
import { checkCode, contactStep, typedCode } from "./code-step.js";
import { clearErrors, fieldError, forgiveOnEdit, leaveNotice, setBusy, showMessage, showProblems } from "./form.js";
import { strings } from "./strings.js";

const form = document.getElementById("join-form");
const details = document.getElementById("step-details");
const code = document.getElementById("code");
const name = document.getElementById("name");
const consent = document.getElementById("marketing-consent");
const joinButton = document.getElementById("join");
const calendar = document.getElementById("birthday-calendar");
const month = document.getElementById("birthday-month");
const day = document.getElementById("birthday-day");
const year = document.getElementById("birthday-year");
const leap = document.getElementById("birthday-leap");
const leapPart = document.getElementById("birthday-leap-part");

function showDetails(focus) {
  details.hidden = false;
  focus.focus();
}

const step = contactStep(form, { onSent: () => showDetails(code) });

/** Month and day names follow the calendar: 八月 and 十五 on the lunar one, which has no 31st. */
function relabelForCalendar() {
  const lunar = calendar.value === "lunar";
  for (const option of [...month.options, ...day.options]) {
    if (!option.value) continue;
    option.textContent = lunar ? option.dataset.lunar : option.dataset.solar;
    option.hidden = option.disabled = lunar && !option.dataset.lunar;
  }
  if (day.value && day.options[day.selectedIndex].disabled) day.value = "";
  leapPart.hidden = !lunar;
  if (!lunar) leap.checked = false;
}

/** The birthday to send: null when none was given, false when it is half filled in. */
function birthday() {
  const yearText = year.value.trim();
  if (!month.value && !day.value && !yearText) return null;
  if (!month.value || !day.value) {
    fieldError(month.value ? day : month, strings.birthdayIncomplete);
    return false;
  }
  if (yearText && !/^[0-9]{4}$/.test(yearText)) {
    fieldError(year, strings.yearInvalid);
    return false;
  }
  const chosen = { calendar: calendar.value, month: Number(month.value), day: Number(day.value) };
  if (yearText) chosen.year = Number(yearText);
  if (calendar.value === "lunar" && leap.checked) chosen.leap_month = true;
  return chosen;
}

/** The form as the API wants it, or null when something must be fixed first. */
function joinRequest() {
  const problems = [];
  if (!checkCode(code)) problems.push(code);
  if (!name.value.trim()) {
    fieldError(name, strings.nameMissing);
    problems.push(name);
  }
  const born = birthday();
  if (born === false) problems.push(month.value ? (day.value ? year : day) : month);
  if (problems.length) {
    showMessage("error", strings.checkFields);
    problems[0].focus();
    return null;
  }
  const request = {
    contact: step.contact.value.trim(),
    code: typedCode(code),
    name: name.value.trim(),
    marketing_consent: consent.checked,
  };
  if (born) request.birthday = born;
  return request;
}

async function submit(event) {
  event.preventDefault();
  if (details.hidden) return step.send();
  clearErrors(form);
  const request = joinRequest();
  if (!request) return;
  const restore = setBusy(joinButton, strings.joining);
  const answer = await api("/api/members", { method: "POST", body: request });
  if (answer.ok) {
    leaveNotice(answer.data.already_member ? strings.alreadyMember : strings.welcome);
    window.location.assign(pageUrl("account/"));
    return;
  }
  restore();
  showProblems(form, answer.data);
}

/** A valid code from the sign-in page, for someone who turned out not to be a member yet. */
function takeCarriedCode() {
  try {
    const carried = JSON.parse(sessionStorage.getItem("petalpoint.join") || "null");
    sessionStorage.removeItem("petalpoint.join");
    return carried;
  } catch {
    return null;
  }
}

calendar.addEventListener("change", relabelForCalendar);
form.addEventListener("submit", submit);
forgiveOnEdit(form);
relabelForCalendar();
const carried = takeCarriedCode();
if (carried && carried.contact) {
  step.contact.value = carried.contact;
  code.value = carried.code || "";
  showMessage("info", strings.carriedOver);
  showDetails(name);
}
