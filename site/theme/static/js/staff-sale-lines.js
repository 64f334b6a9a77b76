// The lines of a sale as the counter enters them (staff_macros.html's sale_line: category, item,
// quantity, unit price), shared by the counter and an order on a company's account: the page has
// the first line and a <template id="line-template"> of it; more are copied from it and numbered
// (ids line-name-1, line-name-2…, labels, error lines, data-field lines.0.name…, the remove
// buttons' names). Reading them gives the lines as the API takes them.
// Also sending a sale once, paid perhaps from the member's stored value: the counter's, and
// selling a flower card (a sale of one line).
import { api } from "./api.js";
import { fieldError, setBusy, showMessage, showProblems } from "./form.js";
import { attemptFor } from "./idempotency.js";
import { fenOf, moneyExact, yuanText } from "./money.js";
import { toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);

const PARTS = ["category", "name", "quantity", "price"];

/**
 * The sale's lines in the list `lines` (#lines). `changed()` runs after a line is added or
 * removed. Texts: strings.itemNumber, removeItem, priceInvalid, quantityInvalid, and
 * strings.pointWords.categories for an item without a name.
 */
export function saleLines({ lines, changed = () => {} }) {
  const rows = () => [...lines.querySelectorAll("[data-line]")];

  /** Number the lines' ids, labels and API field names after an add or a remove. */
  function renumber() {
    rows().forEach((row, index) => {
      const n = index + 1;
      row.querySelector("[data-line-title]").textContent = fill(strings.itemNumber, { number: n });
      for (const part of PARTS) {
        const control = row.querySelector(`.line-${part}`);
        const label = row.querySelector(`label[for="${control.id}"]`);
        const error = row.querySelector(`#${CSS.escape(control.id)}-error`);
        control.id = `line-${part}-${n}`;
        if (label) label.htmlFor = control.id;
        if (error) error.id = `${control.id}-error`;
        control.dataset.field = `lines.${index}.${part === "price" ? "unit_price" : part}`;
      }
      const remove = row.querySelector("[data-remove-line]");
      remove.setAttribute("aria-label", fill(strings.removeItem, { number: n }));
      remove.hidden = rows().length === 1;
    });
  }

  /** Another line, in the previous one's category. */
  function add({ focus = true } = {}) {
    const copy = document.getElementById("line-template").content.firstElementChild.cloneNode(true);
    const previous = rows().at(-1);
    if (previous) copy.querySelector(".line-category").value = previous.querySelector(".line-category").value;
    lines.append(copy);
    renumber();
    if (focus) copy.querySelector(".line-name").focus();
    changed();
  }

  function remove(row) {
    const index = rows().indexOf(row);
    row.remove();
    renumber();
    const left = rows();
    left[Math.min(index, left.length - 1)].querySelector(".line-name").focus();
    changed();
  }

  /** The lines as the API takes them ({lines}), or {problem}: the control to fix; `strict` marks every problem. */
  function read(strict) {
    const read = [];
    let problem = null;
    for (const row of rows()) {
      const [category, name, quantity, price] = PARTS.map((part) => row.querySelector(`.line-${part}`));
      const typedPrice = price.value.trim();
      const unitPrice = yuanText(typedPrice);
      const typedQuantity = quantity.value.trim() || "1";
      const number = /^\d{1,3}$/.test(typedQuantity) ? Number(typedQuantity) : NaN;
      const good = number >= 1 && number <= 999;
      row.querySelector("[data-line-total]").textContent = unitPrice && good ? moneyExact(fenOf(unitPrice) * number) : "";
      if (!typedPrice && !name.value.trim() && rows().length > 1) continue; // an empty extra line is not an item
      if (!unitPrice || !good) {
        if (strict && !unitPrice) fieldError(price, strings.priceInvalid);
        if (strict && !good) fieldError(quantity, strings.quantityInvalid);
        problem = problem || (strict && unitPrice ? quantity : price);
        continue;
      }
      const categoryName = strings.pointWords.categories[category.value] || category.value;
      read.push({ category: category.value, name: name.value.trim() || categoryName, quantity: number, unit_price: unitPrice });
    }
    return problem ? { problem } : { lines: read };
  }

  /** Back to one empty line. */
  function reset() {
    for (const row of rows().slice(1)) row.remove();
    const first = rows()[0];
    first.querySelector(".line-category").selectedIndex = 0;
    first.querySelector(".line-name").value = "";
    first.querySelector(".line-quantity").value = "1";
    first.querySelector(".line-price").value = "";
    renumber();
  }

  /** The click on a line's remove button, for the list's click listener. */
  lines.addEventListener("click", (event) => {
    const button = event.target.closest("[data-remove-line]");
    if (button) remove(button.closest("[data-line]"));
  });

  return { rows, renumber, add, remove, read, reset, isLastPrice: (target) => target.classList.contains("line-price") && target.closest("[data-line]") === rows().at(-1) };
}

/**
 * Sending a sale (the counter's, a flower card) to `path`: `send(body)` POSTs it with an
 * Idempotency-Key that stays the same while the body does, so a retry after a lost answer never
 * records it twice, `button` busy (`busy`) meanwhile; `forget()` starts a new attempt (another
 * customer, the next sale). Stored value that cannot pay is refused before sending (`payable()`
 * checks #payment-method and says why beside it), and again when the API answers
 * balance_too_low and `reloadWallet()` (the balance loaded again) still finds it short.
 * Resolves to the answer's data once recorded, else null: a 401 goes to sign in, other problems
 * are shown on `form`.
 */
export function saleSender({ form, path, button, busy, payable, reloadWallet }) {
  let attempt = null;

  /** Stored value that cannot pay: say why at the top and beside the method, and go there. */
  function refusePayment() {
    showMessage("error", $("payment-method-error").textContent, form);
    $("payment-method").focus();
    return null;
  }

  async function send(body) {
    if (!payable()) return refusePayment();
    if (button.disabled) return null;
    attempt = attemptFor(attempt, body);
    const restore = setBusy(button, busy);
    const answer = await api(path, { method: "POST", body, headers: { "Idempotency-Key": attempt.key } });
    restore();
    if (answer.status === 401) {
      toStaffSignIn();
      return null;
    }
    if (answer.data.error === "balance_too_low" && !(await reloadWallet())) return refusePayment();
    if (!answer.ok) {
      showProblems(form, answer.data);
      return null;
    }
    attempt = null;
    return answer.data;
  }

  return {
    send,
    forget: () => {
      attempt = null;
    },
  };
}
