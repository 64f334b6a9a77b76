// The sign-in page: contact, code, then back to the member page that sent them here (?next=, a
// path of this site only) or else the account page. A valid code for someone who is not a member
// yet can be carried over to the join page (in this tab's sessionStorage, never the URL), and the
// links to joining keep ?next= so that joining comes back too.
import { api } from "./api.js";
import { checkCode, contactStep, typedCode } from "./code-step.js";
import { clearErrors, forgiveOnEdit, setBusy, showMessage, showProblems, takeNotice } from "./form.js";
import { afterSignIn, keepNext } from "./section.js";
import { strings } from "./strings.js";

const form = document.getElementById("signin-form");
const codeStep = document.getElementById("step-code");
const code = document.getElementById("code");
const signIn = document.getElementById("sign-in");
const notMember = document.getElementById("not-member");
const continueJoin = document.getElementById("continue-join");

const step = contactStep(form, {
  onSent() {
    notMember.hidden = true;
    codeStep.hidden = false;
    code.focus();
  },
});

async function submit(event) {
  event.preventDefault();
  if (codeStep.hidden) return step.send();
  clearErrors(form);
  notMember.hidden = true;
  const contact = step.contact.value.trim();
  if (!checkCode(code)) return code.focus();
  const restore = setBusy(signIn, strings.signingIn);
  const answer = await api("/api/auth/verify", { method: "POST", body: { contact, code: typedCode(code) } });
  if (answer.ok) {
    window.location.assign(afterSignIn());
    return;
  }
  restore();
  if (answer.data.error === "not_a_member") {
    showMessage("info", answer.data.message);
    notMember.hidden = false;
    continueJoin.focus();
    return;
  }
  showProblems(form, answer.data);
}

continueJoin.addEventListener("click", () => {
  try {
    const carried = { contact: step.contact.value.trim(), code: typedCode(code) };
    sessionStorage.setItem("petalpoint.join", JSON.stringify(carried));
  } catch {
    // without storage the join page simply starts from the beginning
  }
});

form.addEventListener("submit", submit);
forgiveOnEdit(form);
keepNext("join/");
const notice = takeNotice();
if (notice) showMessage("success", notice);
