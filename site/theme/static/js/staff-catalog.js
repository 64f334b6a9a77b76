// The booking catalog (GET /api/staff/catalog): the bouquets and potted plants customers can book.
// Managers add one (POST), edit one in the same form (PATCH), and withdraw it or offer it again
// (PATCH active); bookings already made keep what they booked. Each has its price in yuan, its
// illustration, its recipe (stems of each variety, for the workroom's shopping list), whether it
// can be delivered and the occasions it suits. Staff see the list only. The list and the form's
// add, edit and withdraw are staff-offers.js's, as on the rewards page.
import { element, itemArt, occasionText, recipeText } from "./booking-text.js";
import { fieldError } from "./form.js";
import { money, typedNumber, yuanOf, yuanText } from "./money.js";
import { startOffers } from "./staff-offers.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const words = strings.bookingWords;
const form = $("item-form");
const MAX_RECIPE = 20;

let serial = 0;

function details(item) {
  const parts = [money(item.price_fen), words.kinds[item.kind] || item.kind, item.deliverable ? strings.deliverableShort : strings.pickupOnlyShort];
  return parts.join(" · ");
}

/** Its row in the list: the picture, the English name, the price and the rest, the recipe, the occasions. */
function describe(item) {
  const art = itemArt(item, "admin-row__art", 56);
  const lines = [item.name_en, details(item), item.recipe && item.recipe.length ? recipeText(item.recipe) : strings.noRecipe];
  if (item.occasions && item.occasions.length) lines.push(item.occasions.map(occasionText).join(strings.listJoin));
  return { art, details: lines };
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

function fillForm(item) {
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
}

/** The emptied form: deliverable, one empty recipe line. */
function formReady() {
  $("item-deliverable").checked = true;
  $("recipe-rows").textContent = "";
  addRecipe();
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

$("item-illustration").addEventListener("change", showPreview);
$("add-recipe").addEventListener("click", () => addRecipe(null, true));
$("recipe-rows").addEventListener("click", (event) => {
  const remove = event.target.closest("[data-remove]");
  if (remove) removeRecipe(remove.closest("[data-recipe-row]"));
});
startOffers({
  path: "/api/staff/catalog",
  listed: "items",
  page: "catalog",
  name: "item",
  texts: { editOne: strings.editItem, withdrawOne: strings.withdrawItem, restoreOne: strings.restoreItem, none: strings.noItems, noneStaff: strings.noItemsStaff },
  describe,
  fillForm,
  read: readItem,
  formReady,
});
