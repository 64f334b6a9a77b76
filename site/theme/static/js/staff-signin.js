// Staff sign-in: a code for purpose "staff", then POST /api/staff/auth/verify, then member search.
// Someone already signed in goes straight there.
import { api, pageUrl } from "./api.js";
import { checkCode, contactStep, typedCode } from "./code-step.js";
import { clearErrors, forgiveOnEdit, setBusy, showMessage, showProblems, takeNotice } from "./form.js";
import "./lang-switch.js";
import { strings } from "./strings.js";

const form = document.getElementById("signin-form");
const codeStep = document.getElementById("step-code");
const code = document.getElementById("code");
const signIn = document.getElementById("sign-in");
const membersPage = pageUrl("staff/members/");

const step = contactStep(form, {
  purpose: "staff",
  onSent() {
    codeStep.hidden = false;
    code.focus();
  },
});

async function submit(event) {
  event.preventDefault();
  if (codeStep.hidden) return step.send();
  clearErrors(form);
  if (!checkCode(code)) return code.focus();
  const restore = setBusy(signIn, strings.signingIn);
  const body = { contact: step.contact.value.trim(), code: typedCode(code) };
  const answer = await api("/api/staff/auth/verify", { method: "POST", body });
  if (answer.ok) {
    window.location.assign(membersPage);
    return;
  }
  restore();
  showProblems(form, answer.data);
}

async function alreadySignedIn() {
  const answer = await api("/api/staff/me");
  if (answer.ok) window.location.replace(membersPage);
}

form.addEventListener("submit", submit);
forgiveOnEdit(form);
const notice = takeNotice();
if (notice) showMessage("success", notice);
else alreadySignedIn();
