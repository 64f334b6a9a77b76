// A member's stored value (储值) where staff take money into it or pay from it: the counter and
// selling a flower card. The balance comes from GET /api/staff/members/{id}/wallet. Paying from it
// is refused here, before the API's own 409 balance_too_low, when it cannot cover the total.
// At the counter a top-up (POST /api/staff/topups, with an Idempotency-Key made once per attempt
// and sent again with the same request) shows the offer it reaches where the page may read the
// offers (GET /api/staff/wallet-rules is for managers), asks to confirm, then shows the bonus and
// the new balance. The texts are staff_macros.html's stored_value_strings and the counter's own.
import { api } from "./api.js";
import { clearFieldError, fieldError, setBusy } from "./form.js";
import { attemptFor } from "./idempotency.js";
import { fenOf, moneyExact, yuanText } from "./money.js";
import { toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const STORED_VALUE = "stored-value";

/** The member's wallet ({balance_fen, principal_fen, bonus_fen, movements}), or null when it cannot be read. */
export async function loadWallet(memberId) {
  const answer = await api(`/api/staff/members/${encodeURIComponent(memberId)}/wallet`);
  if (answer.status === 401) {
    toStaffSignIn();
    return null;
  }
  return answer.ok ? answer.data : null;
}

/** "Stored value ¥1,150.00 (principal ¥1,000.00 · bonus ¥150.00)" */
export function walletText(wallet) {
  return fill(strings.walletBalance, {
    balance: moneyExact(wallet.balance_fen || 0),
    principal: moneyExact(wallet.principal_fen || 0),
    bonus: moneyExact(wallet.bonus_fen || 0),
  });
}

/**
 * Say beside the payment method what paying from stored value means now, and offer it only for a
 * member. Returns false when the sale cannot be paid this way (no member, or too little balance),
 * with the reason as the select's error; true otherwise (an unreadable balance is the API's to judge).
 */
export function checkStoredValue({ select, hint, member, wallet, totalFen }) {
  const option = select.querySelector(`option[value="${STORED_VALUE}"]`);
  if (option) option.disabled = !member;
  if (!member && select.value === STORED_VALUE) select.selectedIndex = 0;
  clearFieldError(select);
  hint.textContent = "";
  if (select.value !== STORED_VALUE) return true;
  if (!member) {
    fieldError(select, strings.storedValueNeedsMember);
    return false;
  }
  if (!wallet) {
    hint.textContent = strings.walletUnknown;
    return true;
  }
  const balance = wallet.balance_fen || 0;
  if (typeof totalFen === "number" && totalFen > balance) {
    fieldError(select, fill(strings.storedValueShort, { balance: moneyExact(balance), short: moneyExact(totalFen - balance), total: moneyExact(totalFen) }));
    return false;
  }
  hint.textContent = fill(strings.storedValueCovers, { balance: moneyExact(balance) });
  return true;
}

// ---- topping up (the counter) --------------------------------------------------------------
/** The best offer a top-up reaches: one, never stacked (as shop/wallet.py's offer_for). */
function offerFor(offers, amountFen) {
  const reached = offers.filter((offer) => amountFen >= offer.pay_fen);
  return reached.reduce((best, offer) => (!best || offer.pay_fen > best.pay_fen || (offer.pay_fen === best.pay_fen && offer.bonus_fen > best.bonus_fen) ? offer : best), null);
}

function offerText(offer) {
  const values = { pay: moneyExact(offer.pay_fen), bonus: moneyExact(offer.bonus_fen) };
  if (offer.tier) return fill(strings.offerAppliesTier, { ...values, tier: strings.pointWords.tiers[offer.tier] || offer.tier });
  return fill(strings.offerApplies, values);
}

/**
 * Run the top-up part of the customer card (#topup, opened by #open-topup). `member()` is the
 * chosen member, `wallet()` their wallet as last loaded; `onToppedUp(wallet)` gets the new one.
 * Returns {reset, loadOffers}: reset when the customer changes; loadOffers for a manager.
 */
export function startTopUp({ member, wallet, onToppedUp }) {
  const part = $("topup");
  const amount = $("topup-amount");
  let rules = null; // {cap_fen, offers}, when this clerk may read them
  let attempt = null;
  let asked = null; // {body}: the top-up waiting to be confirmed
  const controls = { amount, method: $("topup-method") };

  /** The part's own message (the sale's form keeps form.js's message box). */
  function say(text) {
    const box = $("topup-message");
    box.className = "message message--error";
    box.textContent = text || "";
    box.hidden = !text;
  }

  function clearProblems() {
    say("");
    for (const control of Object.values(controls)) clearFieldError(control);
  }

  /** The API's refusal: its message, and each field's beside its control. */
  function showRefusal(data) {
    say(data.message);
    for (const problem of data.fields || []) if (controls[problem.field]) fieldError(controls[problem.field], problem.message);
    if (data.error === "balance_cap_reached") fieldError(amount, data.message);
  }

  function typedFen() {
    const yuan = yuanText(amount.value);
    return yuan && fenOf(yuan) > 0 ? fenOf(yuan) : null;
  }

  function showOffer() {
    const fen = typedFen();
    const line = $("topup-offer");
    if (!rules) {
      line.textContent = strings.offersUnknown;
      return;
    }
    const offers = rules.offers || [];
    const offer = fen ? offerFor(offers, fen) : null;
    const next = offers.filter((o) => o.pay_fen > (fen || 0)).sort((a, b) => a.pay_fen - b.pay_fen)[0];
    const parts = [offer ? offerText(offer) : strings.offerNone];
    if (next) parts.push(fill(strings.offerNext, { more: moneyExact(next.pay_fen - (fen || 0)), pay: moneyExact(next.pay_fen), bonus: moneyExact(next.bonus_fen) }));
    line.textContent = parts.join(" ");
  }

  function showStep(confirming) {
    $("topup-ask").hidden = confirming;
    $("topup-confirm").hidden = !confirming;
    amount.readOnly = confirming;
    $("topup-method").disabled = confirming;
  }

  function open(show) {
    part.hidden = !show;
    $("open-topup").setAttribute("aria-expanded", String(show));
    if (show) {
      $("topup-done").hidden = true;
      showOffer();
      amount.focus();
    }
  }

  function reset() {
    asked = null;
    attempt = null;
    amount.value = "";
    $("topup-method").selectedIndex = 0;
    clearProblems();
    showStep(false);
    open(false);
    $("topup-done").hidden = true;
    $("wallet-part").hidden = !member();
  }

  /** The top-up as the API takes it, with what it brings when the offers are known; or null, marked. */
  function review() {
    clearProblems();
    const fen = typedFen();
    if (!fen) {
      fieldError(amount, strings.topupAmountInvalid);
      amount.focus();
      return;
    }
    const offer = rules ? offerFor(rules.offers || [], fen) : null;
    const bonus = offer ? offer.bonus_fen : 0;
    const before = (wallet() && wallet().balance_fen) || 0;
    if (rules && before + fen + bonus > rules.cap_fen) {
      const most = Math.max(0, rules.cap_fen - before);
      fieldError(amount, fill(strings.capExceeded, { cap: moneyExact(rules.cap_fen), most: moneyExact(most) }));
      amount.focus();
      return;
    }
    const method = $("topup-method");
    asked = { body: { member_id: member().id, amount: yuanText(amount.value), method: method.value } };
    $("topup-confirm-text").textContent = fill(strings.topupTitleFor, {
      amount: moneyExact(fen),
      name: member().name,
      method: method.selectedOptions[0].textContent,
    });
    const after = { bonus: moneyExact(bonus), balance: moneyExact(before + fen + bonus) };
    let text = fill(strings.topupAfterUnknown, { balance: moneyExact(before + fen) });
    if (rules) text = offer && offer.tier ? fill(strings.topupAfterTier, { ...after, tier: strings.pointWords.tiers[offer.tier] || offer.tier }) : fill(strings.topupAfter, after);
    $("topup-confirm-after").textContent = text;
    showStep(true);
    $("confirm-topup").focus();
  }

  async function confirm() {
    const button = $("confirm-topup");
    if (!asked || button.disabled) return;
    attempt = attemptFor(attempt, asked.body);
    const restore = setBusy(button, strings.toppingUp);
    const answer = await api("/api/staff/topups", { method: "POST", body: asked.body, headers: { "Idempotency-Key": attempt.key } });
    restore();
    if (answer.status === 401) return toStaffSignIn();
    if (!answer.ok) {
      showStep(false);
      showRefusal(answer.data);
      amount.focus();
      return;
    }
    const moved = answer.data;
    const fresh = (await loadWallet(member().id)) || { ...wallet(), balance_fen: moved.balance_after_fen };
    reset();
    const done = $("topup-done");
    done.textContent = fill(strings.topupDone, { amount: moneyExact(moved.principal_fen), bonus: moneyExact(moved.bonus_fen), wallet: walletText(fresh) });
    done.hidden = false;
    onToppedUp(fresh);
    $("open-topup").focus();
  }

  async function loadOffers() {
    const answer = await api("/api/staff/wallet-rules");
    rules = answer.ok ? answer.data : null;
  }

  $("open-topup").addEventListener("click", () => open(part.hidden));
  $("cancel-topup").addEventListener("click", () => {
    reset();
    $("open-topup").focus();
  });
  $("review-topup").addEventListener("click", review);
  $("confirm-topup").addEventListener("click", confirm);
  $("change-topup").addEventListener("click", () => {
    showStep(false);
    amount.focus();
  });
  amount.addEventListener("input", showOffer);
  amount.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // Enter here asks about the top-up, never records the sale
    if ($("topup-confirm").hidden) review();
  });
  part.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      reset();
      $("open-topup").focus();
    }
  });
  return { reset, loadOffers };
}
