// The join page: contact and code, then name, salutation, an optional birthday, marketing consent
// and the age confirmation. A poster's QR code brings ?store= (the store it hangs in) and ?by=
// (the clerk whose invitation it is); both go with the request, and the store is named on the page.
// A member's invitation link brings ?ref= (their referral code), sent as `referral`; the API
// ignores a code it does not know. Joining ends on the account page, or, when the sign-in page
// sent the visitor here on the way to a member page (?next=), on that page.
import { api, pageUrl } from "./api.js";
import { birthdayFields } from "./birthday.js";
import { checkCode, contactStep, typedCode } from "./code-step.js";
import { clearErrors, fieldError, forgiveOnEdit, leaveNotice, setBusy, showMessage, showProblems } from "./form.js";
import "./lang-switch.js";
import { keepNext, nextFromQuery } from "./section.js";
import { fill, strings } from "./strings.js";

const form = document.getElementById("join-form");
const details = document.getElementById("step-details");
const code = document.getElementById("code");
const name = document.getElementById("name");
const salutation = document.getElementById("salutation");
const consent = document.getElementById("marketing-consent");
const confirmsAge = document.getElementById("confirms-age");
const joinButton = document.getElementById("join");
const birthday = birthdayFields(form);

const query = new URLSearchParams(window.location.search);
const invitation = { store: query.get("store") || "", invited_by: query.get("by") || "", referral: (query.get("ref") || "").trim() };

function showDetails(focus) {
  details.hidden = false;
  focus.focus();
}

const step = contactStep(form, { onSent: () => showDetails(code) });

/** Name the store the poster hangs in; a store that no longer exists is simply not sent. */
async function showStore() {
  if (!invitation.store) return;
  const answer = await api("/api/stores");
  if (!answer.ok) return; // the join still carries the store; the API judges it
  const store = (answer.data.stores || []).find((s) => s.id === invitation.store);
  if (!store) {
    invitation.store = "";
    return;
  }
  document.getElementById("join-store-name").textContent = fill(strings.joiningAt, { store: store.name });
  document.getElementById("join-store").hidden = false;
}

/** The form as the API wants it, or null when something must be fixed first. */
function joinRequest() {
  const problems = [];
  if (!checkCode(code)) problems.push(code);
  if (!name.value.trim()) {
    fieldError(name, strings.nameMissing);
    problems.push(name);
  }
  const born = birthday.read();
  if (born === false) problems.push(birthday.firstProblem());
  if (!confirmsAge.checked) {
    fieldError(confirmsAge, strings.ageMissing);
    problems.push(confirmsAge);
  }
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
    confirms_age: true,
  };
  if (salutation.value.trim()) request.salutation = salutation.value.trim();
  if (born) request.birthday = born;
  if (invitation.store) request.store = invitation.store;
  if (invitation.invited_by) request.invited_by = invitation.invited_by;
  if (invitation.referral) request.referral = invitation.referral;
  return request;
}

/** A stale poster (a store or clerk since removed) or a mangled invitation link must not stop anyone joining. */
const INVITATION_FIELDS = ["store", "invited_by", "referral"];

function onlyTheInvitationIsWrong(answer) {
  const fields = answer.status === 422 ? answer.data.fields || [] : [];
  return fields.length > 0 && fields.every((f) => INVITATION_FIELDS.includes(f.field));
}

async function submit(event) {
  event.preventDefault();
  if (details.hidden) return step.send();
  clearErrors(form);
  const request = joinRequest();
  if (!request) return;
  const restore = setBusy(joinButton, strings.joining);
  let answer = await api("/api/members", { method: "POST", body: request });
  if (onlyTheInvitationIsWrong(answer)) {
    for (const field of INVITATION_FIELDS) delete request[field];
    answer = await api("/api/members", { method: "POST", body: request });
  }
  if (answer.ok) {
    const next = nextFromQuery();
    if (next) return window.location.assign(next);
    // only the account page shows the welcome; left for another page it would turn up later, out of place
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

form.addEventListener("submit", submit);
forgiveOnEdit(form);
keepNext("signin/");
showStore();
document.getElementById("join-friend").hidden = !invitation.referral;
const carried = takeCarriedCode();
if (carried && carried.contact) {
  step.contact.value = carried.contact;
  code.value = carried.code || "";
  showMessage("info", strings.carriedOver);
  showDetails(name);
}
