// The booking catalog (GET /api/staff/catalog): the bouquets and potted plants customers can book.
// Managers add one (POST), edit one in the same form (PATCH), and withdraw it or offer it again
// (PATCH active); bookings already made keep what they booked. Each has its price in yuan, its
// illustration, its recipe (stems of each variety, for the workroom's shopping list), whether it
// can be delivered and the occasions it suits. Staff see the list only.
import { api } from "./api.js";
import { element, occasionText, recipeText } from "./booking-text.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { money, typedNumber, yuanOf, yuanText } from "./money.js";
import { pageMessage, showManagersOnly, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.bookingWords;
const list = $("item-list");
const form = $("item-form");
const MAX_RECIPE = 20;

let items = [];
let editing = null;
let manager = false;
let serial = 0;

function smallButton(label, name) {
  const button = element("button", "button button--small button--secondary");
  button.type = "button";
  const spinner = element("span", "button__spinner");
  spinner.setAttribute("aria-hidden", "true");
  button.append(spinner, element("span", "button__label", label));
  button.setAttribute("aria-label", name);
  return button;
}

function details(item) {
  const parts = [money(item.price_fen), words.kinds[item.kind] || item.kind, item.deliverable ? strings.deliverableShort : strings.pickupOnlyShort];
  return parts.join(" · ");
}

function row(item) {
  const entry = element("li", `admin-row${item.active ? "" : " admin-row--off"}`);
  entry.dataset.id = item.id;
  const art = element("img", "admin-row__art");
  art.src = `${strings.flowerArt}${encodeURIComponent(item.illustration || "mixed")}.svg`;
  art.alt = "";
  art.width = 56;
  art.height = 56;
  const main = element("div", "admin-row__main");
  const name = element("p", "admin-row__name", item.name_zh);
  name.append(" ", element("span", `badge ${item.active ? "badge--pet-safe" : "badge--off"}`, item.active ? strings.offered : strings.withdrawn));
  main.append(name, element("p", "admin-row__details", item.name_en), element("p", "admin-row__details", details(item)));
  main.append(element("p", "admin-row__details", item.recipe && item.recipe.length ? recipeText(item.recipe) : strings.noRecipe));
  if (item.occasions && item.occasions.length) main.append(element("p", "admin-row__details", item.occasions.map(occasionText).join(strings.listJoin)));
  entry.append(art, main);
  if (!manager) return entry;
  const controls = element("div", "admin-row__controls");
  const edit = smallButton(strings.edit, fill(strings.editItem, { item: item.name_zh }));
  edit.addEventListener("click", () => startEditing(item));
  const toggle = item.active
    ? smallButton(strings.withdraw, fill(strings.withdrawItem, { item: item.name_zh }))
    : smallButton(strings.restore, fill(strings.restoreItem, { item: item.name_zh }));
  toggle.dataset.toggle = "";
  toggle.addEventListener("click", () => setOffered(item, !item.active, toggle));
  controls.append(edit, toggle);
  entry.append(controls);
  return entry;
}

function render() {
  items.sort((a, b) => Number(b.active) - Number(a.active));
  list.textContent = "";
  if (!items.length) list.append(element("li", "empty-line", manager ? strings.noItems : strings.noItemsStaff));
  for (const item of items) list.append(row(item));
}

function announce(text) {
  $("catalog-status").textContent = text;
  $("catalog-status").hidden = !text;
}

function failed(answer) {
  if (answer.ok) return false;
  if (answer.status === 401) toStaffSignIn();
  else if (answer.status === 403) showManagersOnly();
  else pageMessage("error", answer.data.message);
  return true;
}

async function setOffered(item, active, button) {
  announce("");
  pageMessage("info", "");
  const restore = setBusy(button, strings.saving);
  const answer = await api(`/api/staff/catalog/${encodeURIComponent(item.id)}`, { method: "PATCH", body: { active } });
  restore();
  if (failed(answer)) return;
  items = items.map((i) => (i.id === item.id ? answer.data : i));
  render();
  list.querySelector(`[data-id="${CSS.escape(item.id)}"] [data-toggle]`)?.focus();
  announce(fill(active ? strings.restoredDone : strings.withdrawnDone, { item: answer.data.name_zh }));
}

// ---- the recipe ---------------------------------------------------------------------------
const recipeRows = () => [...$("recipe-rows").querySelectorAll("[data-recipe-row]")];

function renumberRecipe() {
  recipeRows().forEach((line, index) => {
    line.querySelector('[data-part="variety"]').dataset.field = `recipe.${index}.variety recipe.${index}`;
    line.querySelector('[data-part="stems"]').dataset.field = `recipe.${index}.stems`;
    line.querySelector("[data-remove]").setAttribute("aria-label", fill(strings.removeVariety, { number: index + 1 }));
  });
  $("add-recipe").disabled = recipeRows().length >= MAX_RECIPE;
}

function addRecipe(part, focus) {
  const line = $("recipe-template").content.firstElementChild.cloneNode(true);
  serial += 1;
  for (const control of line.querySelectorAll("[data-part]")) {
    control.id = `recipe-${serial}-${control.dataset.part}`;
    line.querySelector(`[data-for="${control.dataset.part}"]`).htmlFor = control.id;
    const error = element("p", "field__error");
    error.id = `${control.id}-error`;
    error.hidden = true;
    control.after(error);
  }
  if (part) {
    line.querySelector('[data-part="variety"]').value = part.variety;
    line.querySelector('[data-part="stems"]').value = String(part.stems);
  }
  $("recipe-rows").append(line);
  renumberRecipe();
  if (focus) line.querySelector('[data-part="variety"]').focus();
}

function removeRecipe(line) {
  const index = recipeRows().indexOf(line);
  line.remove();
  renumberRecipe();
  const left = recipeRows();
  if (left.length) left[Math.min(index, left.length - 1)].querySelector('[data-part="variety"]').focus();
  else $("add-recipe").focus();
}

// ---- the form -----------------------------------------------------------------------------
function showPreview() {
  $("item-illustration-preview").src = `${strings.flowerArt}${encodeURIComponent($("item-illustration").value)}.svg`;
}

const occasionBoxes = () => [...form.querySelectorAll('input[name="occasions"]')];

function setMode(item) {
  editing = item;
  $("item-form-title").textContent = item ? fill(strings.editTitle, { item: item.name_zh }) : strings.addTitle;
  $("save-item").querySelector(".button__label").textContent = item ? strings.saveButton : strings.addButton;
  $("cancel-edit").hidden = !item;
}

function startEditing(item) {
  clearErrors(form);
  $("item-kind").value = item.kind;
  $("item-name-zh").value = item.name_zh;
  $("item-name-en").value = item.name_en;
  $("item-description-zh").value = item.description_zh || "";
  $("item-description-en").value = item.description_en || "";
  $("item-price").value = yuanOf(item.price_fen);
  $("item-illustration").value = item.illustration || "mixed";
  $("item-deliverable").checked = Boolean(item.deliverable);
  for (const box of occasionBoxes()) box.checked = (item.occasions || []).includes(box.value);
  $("recipe-rows").textContent = "";
  for (const part of item.recipe || []) addRecipe(part);
  renumberRecipe();
  showPreview();
  setMode(item);
  $("item-name-zh").focus();
  $("item-form-title").scrollIntoView({ block: "start", behavior: "smooth" });
}

function stopEditing() {
  clearErrors(form);
  form.reset();
  $("item-deliverable").checked = true;
  $("recipe-rows").textContent = "";
  addRecipe();
  setMode(null);
  showPreview();
}

/** The CatalogRequest, or {problem} with the fields to fix marked. */
function readItem() {
  const problems = [];
  const need = (ok, control, text) => {
    if (ok) return;
    fieldError(control, text);
    problems.push(control);
  };
  const body = {
    kind: $("item-kind").value,
    name_zh: $("item-name-zh").value.trim(),
    name_en: $("item-name-en").value.trim(),
    illustration: $("item-illustration").value,
    deliverable: $("item-deliverable").checked,
    occasions: occasionBoxes().filter((box) => box.checked).map((box) => box.value),
  };
  need(body.name_zh, $("item-name-zh"), strings.nameMissing);
  need(body.name_en, $("item-name-en"), strings.nameMissing);
  // An emptied description is left out: the API has no way to clear one (a null means unchanged).
  for (const [field, id] of [["description_zh", "item-description-zh"], ["description_en", "item-description-en"]]) {
    const text = $(id).value.trim();
    if (text) body[field] = text;
  }
  body.price = yuanText($("item-price").value);
  need(body.price, $("item-price"), strings.yuanInvalid);
  body.recipe = [];
  for (const line of recipeRows()) {
    const stemsField = line.querySelector('[data-part="stems"]');
    if (!stemsField.value.trim()) continue; // an empty line is no part of the recipe
    const stems = typedNumber(stemsField.value, { whole: true });
    need(stems && stems <= 999, stemsField, strings.stemsInvalid);
    body.recipe.push({ variety: line.querySelector('[data-part="variety"]').value, stems });
  }
  return problems.length ? { problem: problems[0] } : { body };
}

async function save(event) {
  event.preventDefault();
  clearErrors(form);
  announce("");
  const { body, problem } = readItem();
  if (problem) return problem.focus();
  const restore = setBusy($("save-item"), strings.saving);
  const answer = editing
    ? await api(`/api/staff/catalog/${encodeURIComponent(editing.id)}`, { method: "PATCH", body })
    : await api("/api/staff/catalog", { method: "POST", body });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (answer.status === 403) return showManagersOnly();
  if (!answer.ok) return showProblems(form, answer.data);
  const saved = answer.data;
  const wasEditing = Boolean(editing);
  items = wasEditing ? items.map((i) => (i.id === saved.id ? saved : i)) : [saved, ...items];
  render();
  stopEditing();
  showMessage("success", fill(wasEditing ? strings.saved : strings.added, { item: saved.name_zh }), form);
}

async function start() {
  const me = await staffSession();
  if (!me) return;
  manager = me.role === "manager";
  const answer = await api("/api/staff/catalog");
  stopLoading();
  if (failed(answer)) return;
  items = answer.data.items || [];
  render();
  if (!manager) {
    $("read-only").hidden = false;
    for (const part of document.querySelectorAll("[data-edit]")) part.hidden = true;
  }
  stopEditing();
  $("catalog").hidden = false;
}

form.addEventListener("submit", save);
$("item-illustration").addEventListener("change", showPreview);
$("add-recipe").addEventListener("click", () => addRecipe(null, true));
$("recipe-rows").addEventListener("click", (event) => {
  const remove = event.target.closest("[data-remove]");
  if (remove) removeRecipe(remove.closest("[data-recipe-row]"));
});
$("cancel-edit").addEventListener("click", stopEditing);
forgiveOnEdit(form);
start();
