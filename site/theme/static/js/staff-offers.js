// What the managers' two catalogs share, the booking catalog and the rewards: the list of what is
// offered (GET), offered ones first, each with Edit and Withdraw or Offer again (PATCH active) for
// managers; one form that adds one (POST) or edits one (PATCH) in place; and staff seeing the list
// only. The page says what differs: where it lives, how a row describes one, and how the form is
// filled, read and made ready. The texts are the page's, each with the page's placeholder
// (`name`: {item}, {reward}).
import { api } from "./api.js";
import { element } from "./booking-text.js";
import { clearErrors, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { pageMessage, showManagersOnly, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);

function smallButton(label, name) {
  const button = element("button", "button button--small button--secondary");
  button.type = "button";
  const spinner = element("span", "button__spinner");
  spinner.setAttribute("aria-hidden", "true");
  button.append(spinner, element("span", "button__label", label));
  button.setAttribute("aria-label", name);
  return button;
}

/** An answer that cannot be shown as a result: says why, and true when the caller should stop. */
function failed(answer) {
  if (answer.ok) return false;
  if (answer.status === 401) toStaffSignIn();
  else if (answer.status === 403) showManagersOnly();
  else pageMessage("error", answer.data.message);
  return true;
}

/**
 * Start a catalog page. `path` is its API (`path/{id}` for one) and `listed` the GET answer's list.
 * `page` and `name` give the ids, as staff_macros.html's offer_list and offer_form write them:
 * #<page> (the whole part, shown once loaded), #<page>-status, #<name>-list, #<name>-form,
 * #<name>-form-title, #save-<name> and #<name>-name-zh (focused to edit); `name` is also the
 * texts' placeholder. `texts` are the page's own {editOne, withdrawOne, restoreOne, none,
 * noneStaff}. `describe(one)` gives {art, badges, details} for its row, `fillForm(one)` puts it in
 * the form, `read()` gives {body} or {problem}, and `formReady()` sets up the emptied form.
 */
export function startOffers(page) {
  const list = $(`${page.name}-list`);
  const status = $(`${page.page}-status`);
  const form = $(`${page.name}-form`);
  const title = $(`${page.name}-form-title`);
  const saveButton = $(`save-${page.name}`);
  const named = (text, one) => fill(text, { [page.name]: one.name_zh });
  let offers = [];
  let editing = null;
  let manager = false;

  function row(one) {
    const { art, badges = [], details } = page.describe(one);
    const entry = element("li", `admin-row${one.active ? "" : " admin-row--off"}`);
    entry.dataset.id = one.id;
    const main = element("div", "admin-row__main");
    const name = element("p", "admin-row__name", one.name_zh);
    const offered = element("span", `badge ${one.active ? "badge--pet-safe" : "badge--off"}`, one.active ? strings.offered : strings.withdrawn);
    for (const badge of [...badges, offered]) name.append(" ", badge);
    main.append(name, ...details.map((line) => element("p", "admin-row__details", line)));
    if (art) entry.append(art);
    entry.append(main);
    if (!manager) return entry;
    const controls = element("div", "admin-row__controls");
    const edit = smallButton(strings.edit, named(page.texts.editOne, one));
    edit.addEventListener("click", () => startEditing(one));
    const toggle = one.active ? smallButton(strings.withdraw, named(page.texts.withdrawOne, one)) : smallButton(strings.restore, named(page.texts.restoreOne, one));
    toggle.dataset.toggle = "";
    toggle.addEventListener("click", () => setOffered(one, !one.active, toggle));
    controls.append(edit, toggle);
    entry.append(controls);
    return entry;
  }

  /** Offered ones first, as the API lists them. */
  function render() {
    offers.sort((a, b) => Number(b.active) - Number(a.active));
    list.textContent = "";
    if (!offers.length) list.append(element("li", "empty-line", manager ? page.texts.none : page.texts.noneStaff));
    for (const one of offers) list.append(row(one));
  }

  function announce(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  async function setOffered(one, active, button) {
    announce("");
    pageMessage("info", "");
    const restore = setBusy(button, strings.saving);
    const answer = await api(`${page.path}/${encodeURIComponent(one.id)}`, { method: "PATCH", body: { active } });
    restore();
    if (failed(answer)) return;
    offers = offers.map((o) => (o.id === one.id ? answer.data : o));
    render();
    list.querySelector(`[data-id="${CSS.escape(one.id)}"] [data-toggle]`)?.focus();
    announce(named(active ? strings.restoredDone : strings.withdrawnDone, answer.data));
  }

  // ---- the form -------------------------------------------------------------------------
  function setMode(one) {
    editing = one;
    title.textContent = one ? named(strings.editTitle, one) : strings.addTitle;
    saveButton.querySelector(".button__label").textContent = one ? strings.saveButton : strings.addButton;
    $("cancel-edit").hidden = !one;
  }

  function startEditing(one) {
    clearErrors(form);
    page.fillForm(one);
    setMode(one);
    $(`${page.name}-name-zh`).focus();
    title.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  function stopEditing() {
    clearErrors(form);
    form.reset();
    setMode(null);
    page.formReady();
  }

  async function save(event) {
    event.preventDefault();
    clearErrors(form);
    announce("");
    const { body, problem } = page.read();
    if (problem) return problem.focus();
    const restore = setBusy(saveButton, strings.saving);
    const answer = editing
      ? await api(`${page.path}/${encodeURIComponent(editing.id)}`, { method: "PATCH", body })
      : await api(page.path, { method: "POST", body });
    restore();
    if (answer.status === 401) return toStaffSignIn();
    if (answer.status === 403) return showManagersOnly();
    if (!answer.ok) return showProblems(form, answer.data);
    const saved = answer.data;
    const wasEditing = Boolean(editing);
    offers = wasEditing ? offers.map((o) => (o.id === saved.id ? saved : o)) : [saved, ...offers];
    render();
    stopEditing();
    showMessage("success", named(wasEditing ? strings.saved : strings.added, saved), form);
  }

  async function start() {
    const me = await staffSession();
    if (!me) return;
    manager = me.role === "manager";
    const answer = await api(page.path);
    stopLoading();
    if (failed(answer)) return;
    offers = answer.data[page.listed] || [];
    render();
    if (!manager) {
      $("read-only").hidden = false;
      for (const part of document.querySelectorAll("[data-edit]")) part.hidden = true;
    }
    stopEditing();
    $(page.page).hidden = false;
  }

  form.addEventListener("submit", save);
  $("cancel-edit").addEventListener("click", stopEditing);
  forgiveOnEdit(form);
  start();
}
