// One-time codes: the button that sends one to a contact, which then waits a minute before a new
// code can be asked for, and the check of the code typed. Joining, signing in (members and staff),
// adding a contact and erasing an account all use it.
import { api } from "./api.js";
import { clearErrors, fieldError, setBusy, showMessage, showProblems } from "./form.js";
import { fill, strings } from "./strings.js";

const WAIT_SECONDS = 60;

/**
 * A button that sends a one-time code to a contact, then waits a minute before another. `contact`
 * is the input the contact is typed into, or `readContact` says which one is chosen (the erase
 * form picks one of the member's own); `purpose` is the API's (member, staff, add-contact, erase).
 */
export function codeSender(form, { button, contact, readContact, purpose, onSent }) {
  const label = button.querySelector(".button__label");
  const read = readContact || (() => contact.value.trim());

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
    const value = read();
    if (!value) {
      if (contact) {
        fieldError(contact, strings.contactMissing);
        contact.focus();
      } else {
        showMessage("error", strings.contactMissing, form);
      }
      return;
    }
    const restore = setBusy(button, strings.sending);
    const body = purpose ? { contact: value, purpose } : { contact: value };
    const answer = await api("/api/auth/code", { method: "POST", body });
    if (!answer.ok) {
      restore();
      showProblems(form, answer.data);
      return;
    }
    showMessage("success", answer.data.message, form);
    waitBeforeResend();
    onSent(answer.data, value);
  }

  button.addEventListener("click", send);
  return { send, contact };
}

/** Step one of joining and signing in: #contact and #send-code in `form`. */
export function contactStep(form, { onSent, purpose }) {
  const contact = form.querySelector("#contact");
  const button = form.querySelector("#send-code");
  return codeSender(form, { button, contact, purpose, onSent });
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
