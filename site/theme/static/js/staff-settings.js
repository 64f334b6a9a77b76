// What the managers' settings pages share, the points rules, the booking slots and the stored
// value: one form, loaded with GET and saved whole with PUT, which staff see read-only (its
// fieldset disabled, the parts marked data-edit hidden). Settings whose GET is for managers only
// (the stored value's, today) tell staff so instead of showing an error. The form is
// staff_macros.html's settings_form: #<name>-form, #<name>-fields and #save-<name>.
import { api } from "./api.js";
import { clearErrors, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { pageMessage, showManagersOnly, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { strings } from "./strings.js";

const $ = (id) => document.getElementById(id);

/**
 * Start a settings page. `path` is its API. `show(data)` puts what the API answered in the form,
 * on loading and after saving; `read()` gives {body} or {problem} with the fields to fix marked.
 * `prepare(manager)` runs first, before the GET (what else the page needs: a promise it waits for).
 * `reveal(control)` brings a control to fix into view before it is focused, `revealAll()` every
 * part before the API's own problems are shown (the slots' closed card messages).
 */
export function startSettings({ name, path, show, read, prepare = () => null, reveal = () => {}, revealAll = () => {} }) {
  const form = $(`${name}-form`);

  async function save(event) {
    event.preventDefault();
    clearErrors(form);
    const { body, problem } = read();
    if (problem) {
      showMessage("error", strings.checkFields, form);
      reveal(problem);
      problem.focus();
      return;
    }
    const restore = setBusy($(`save-${name}`), strings.saving);
    const answer = await api(path, { method: "PUT", body });
    restore();
    if (answer.status === 401) return toStaffSignIn();
    if (answer.status === 403) return showManagersOnly();
    if (!answer.ok) {
      revealAll();
      return showProblems(form, answer.data);
    }
    show(answer.data);
    showMessage("success", strings.saved, form);
  }

  function readOnly() {
    $("read-only").hidden = false;
    $(`${name}-fields`).disabled = true;
    for (const part of form.querySelectorAll("[data-edit]")) part.hidden = true;
  }

  async function start() {
    const me = await staffSession();
    if (!me) return;
    const manager = me.role === "manager";
    const besides = prepare(manager);
    const [answer] = await Promise.all([api(path), besides]);
    stopLoading();
    if (answer.status === 401) return toStaffSignIn();
    if (answer.status === 403) return showManagersOnly();
    if (!answer.ok) return pageMessage("error", answer.data.message);
    show(answer.data);
    if (!manager) readOnly();
    form.hidden = false;
  }

  form.addEventListener("submit", save);
  forgiveOnEdit(form);
  start();
}
