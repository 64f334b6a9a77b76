// Messages, field errors and busy buttons for the portal's forms.

const FIELD_OF_ERROR = {
  invalid_contact: "contact",
  contact_not_allowed: "contact",
  contact_taken: "contact",
  code_invalid: "code",
  unknown_store: "store",
  coupon_not_usable: "coupon",
};

/** The form's own message box when it has one (a page with several forms), else #form-message. */
function messageBox(form) {
  return (form && form.querySelector("[data-form-message]")) || document.getElementById("form-message");
}

function describedBy(control) {
  return (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
}

function setDescribedBy(control, ids) {
  if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
  else control.removeAttribute("aria-describedby");
}

function visible(element) {
  return !element.closest("[hidden]");
}

/** Show a form-level message: kind is "info", "success" or "error"; in `form`'s box when given. */
export function showMessage(kind, text, form) {
  const box = messageBox(form);
  box.className = `message message--${kind}`;
  box.textContent = text;
  box.hidden = false;
}

export function hideMessage(form) {
  const box = messageBox(form);
  box.hidden = true;
  box.textContent = "";
}

/** Mark a control invalid and say why beside it (in its own error line, or its group's). */
export function fieldError(control, text) {
  const line = document.getElementById(control.dataset.errorId || `${control.id}-error`);
  control.setAttribute("aria-invalid", "true");
  if (!line) return;
  line.textContent = line.hidden || !line.textContent ? text : `${line.textContent} ${text}`;
  line.hidden = false;
  const ids = describedBy(control);
  if (!ids.includes(line.id)) setDescribedBy(control, [...ids, line.id]);
}

/** Clear one control's error (its line, and its invalid state). */
export function clearFieldError(control) {
  const line = document.getElementById(control.dataset.errorId || `${control.id}-error`);
  control.removeAttribute("aria-invalid");
  if (line) {
    line.hidden = true;
    line.textContent = "";
  }
  setDescribedBy(control, describedBy(control).filter((id) => !line || id !== line.id));
}

/** Clear every message and field error in the form. */
export function clearErrors(form) {
  hideMessage(form);
  for (const line of form.querySelectorAll(".field__error")) {
    line.hidden = true;
    line.textContent = "";
  }
  for (const control of form.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    setDescribedBy(
      control,
      describedBy(control).filter((id) => !id.endsWith("-error") && id !== "form-message"),
    );
  }
}

/**
 * The control for an API field name: the one marked data-field="contact" if any (a control may
 * answer for several names: data-field="events.0.ends_on events.0"), else by id: "contact" is
 * #contact, "preferences.note" is #preferences-note, "birthday.day" is #birthday-day.
 */
function controlFor(form, field) {
  const marked = form.querySelector(`[data-field~="${CSS.escape(field)}"]`);
  if (marked) return marked;
  const id = field.replace(/[._]/g, "-");
  return form.querySelector(`#${CSS.escape(id)}`) || (id.startsWith("birthday") ? form.querySelector("#birthday-day") : null);
}

/**
 * Show an API error: its message at the top of the form, each field's message beside the field,
 * and focus on the first field to fix.
 */
export function showProblems(form, data) {
  showMessage("error", data.message, form);
  let first = null;
  for (const problem of data.fields || []) {
    const control = controlFor(form, problem.field);
    if (!control || !visible(control)) continue;
    fieldError(control, problem.message);
    if (!first) first = control;
  }
  const named = FIELD_OF_ERROR[data.error] && controlFor(form, FIELD_OF_ERROR[data.error]);
  if (!first && named && visible(named)) {
    fieldError(named, data.message);
    first = named;
  }
  if (first) first.focus();
}

/** Put a button into its busy state; returns the function that restores it. */
export function setBusy(button, label) {
  const text = button.querySelector(".button__label");
  const before = text.textContent;
  button.disabled = true;
  button.classList.add("is-busy");
  text.textContent = label;
  return () => {
    button.disabled = false;
    button.classList.remove("is-busy");
    text.textContent = before;
  };
}

/** Carry a one-line notice to the next page of this tab (e.g. "You are signed out."). */
export function leaveNotice(text) {
  try {
    sessionStorage.setItem("petalpoint.notice", text);
  } catch {
    // storage may be off (private mode in some in-app browsers): the notice is a nicety
  }
}

export function takeNotice() {
  try {
    const text = sessionStorage.getItem("petalpoint.notice");
    sessionStorage.removeItem("petalpoint.notice");
    return text;
  } catch {
    return null;
  }
}

/** Once a person edits a field marked invalid, stop calling it invalid. */
export function forgiveOnEdit(form) {
  form.addEventListener("input", (event) => {
    const control = event.target;
    if (control.getAttribute("aria-invalid") !== "true") return;
    control.removeAttribute("aria-invalid");
    const line = document.getElementById(control.dataset.errorId || `${control.id}-error`);
    if (line) {
      line.hidden = true;
      line.textContent = "";
    }
  });
}
