// Step one of joining and signing in: the contact, and the button that sends a one-time code,
// which then waits a minute before a new code can be asked for.
import { api } from "./api.js";
import { clearErrors, fieldError, setBusy, showMessage, showProblems } from "./form.js";
import { fill, strings } from "./strings.js";

const WAIT_SECONDS = 60;

export function contactStep(form, { onSent }) {
  const contact = form.querySelector("#contact");
  const button = form.querySelector("#send-code");
  const label = button.querySelector(".button__label");

  function waitBeforeResend() {
    let left = WAIT_SECONDS;
    button.disabled = true;
    button.classList.remove("is-busy");
    label.textContent = fill(strings.resendIn, { seconds: left });
    const timer = setInterval(() => {
      left -= 1;
      if (left > 0) {
        label.textContent = fill(strings.resendIn, { seconds: left });
        return;
      }
      clearInterval(timer);
      button.disabled = false;
      label.textContent = strings.resend;
    }, 1000);
  }

  async function send() {
    clearErrors(form);
    const value = contact.value.trim();
    if (!value) {
      fieldError(contact, strings.contactMissing);
      contact.focus();
      return;
    }
    const restore = setBusy(button, strings.sending);
    const answer = await api("/api/auth/code", { method: "POST", body: { contact: value } });
    if (!answer.ok) {
      restore();
      showProblems(form, answer.data);
      return;
    }
    showMessage("success", answer.data.message);
    waitBeforeResend();
    onSent(answer.data);
  }

  button.addEventListener("click", send);
  return { send, contact };
}

/** The code as typed, without spaces (pasted codes often have them). */
export function typedCode(input) {
  return input.value.replace(/\s+/g, "");
}

/** Check the code field; says what is wrong beside it and returns false when it is not 6 digits. */
export function checkCode(input) {
  if (/^[0-9]{6}$/.test(typedCode(input))) return true;
  fieldError(input, strings.codeMissing);
  return false;
}
