// A member's card at the counter (GET /api/staff/members/{id}, an audited read): warnings first,
// then talking points, then what they like, dates coming up, purchases, points, stored value (its
// last movements, GET .../wallet), flower cards (GET .../subscriptions), contacts, ratings (their
// average, the recent ones, and flower suggestions read from the comments to accept or dismiss:
// POST /api/staff/feedback/{id}/suggestion), tags (the automatic ones with their reason, and the
// shop's own, added and removed: PUT .../tags) and notes (with a form to add one). Managers also
// see the audit trail, can refund the stored value's principal (the bonus is then forfeited) and
// can erase the member.
import { api, pageUrl } from "./api.js";
import { formatDate, formatDateTime, formatDay, readablePhone } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, setBusy, showMessage, showProblems } from "./form.js";
import { count, money, moneyExact } from "./money.js";
import { pageMessage, showManagersOnly, staffSession, toStaffSignIn } from "./staff.js";
import { starsShown } from "./stars.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const memberId = new URLSearchParams(window.location.search).get("id") || "";
const memberPath = `/api/staff/members/${encodeURIComponent(memberId)}`;
const labels = strings.labels;

let staff = null;
let card = null;
let wallet = null; // {balance_fen, principal_fen, bonus_fen, movements}
let subscriptions = null; // [Card]
const storeNames = new Map(); // store id -> name, for the notes and flower cards
const itemNames = new Map(); // catalog item id -> name, for the flower cards
const staffNames = new Map(); // "staff#<id>" -> name, for the audit trail (managers)

/** A person or store given by name, by id or as {id, name}: its name. */
function nameOf(value) {
  if (!value) return "";
  if (typeof value !== "string") return value.name || storeNames.get(value.id) || value.id || "";
  return storeNames.get(value) || value;
}

function actorName(actor) {
  if (actor === "self") return strings.auditSelf;
  if (actor === "demo" || actor === "staff#demo") return strings.auditDemo;
  return staffNames.get(actor) || staffNames.get(`staff#${actor}`) || actor; // stored value's entries name the clerk by id alone
}

/** Names for the ids in notes and flower cards (stores, items) and the audit trail (staff); the card shows without them. */
async function loadNames() {
  const [stores, catalog, team] = await Promise.all([
    api("/api/staff/stores"),
    api("/api/staff/catalog"),
    staff.role === "manager" ? api("/api/staff/staff") : null,
  ]);
  if (stores.ok) for (const store of stores.data.stores || []) storeNames.set(store.id, store.name);
  if (catalog.ok) for (const item of catalog.data.items || []) itemNames.set(item.id, item.name);
  if (team && team.ok) for (const person of team.data.staff || []) staffNames.set(`staff#${person.id}`, person.name);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Fill a list, or show its empty state when there is nothing to list. */
function listInto(id, items, render) {
  const list = $(id);
  list.textContent = "";
  for (const item of items || []) list.append(render(item));
  const empty = $(`${id}-empty`);
  if (empty) empty.hidden = Boolean(items && items.length);
}

function showHead() {
  const name = $("member-name");
  name.textContent = card.name;
  if (card.salutation) {
    name.append(" ", element("span", "member-card__salutation", fill(strings.addressAs, { salutation: card.salutation })));
  }
  const tier = tierName(card.points);
  $("member-tier").textContent = tier || strings.noTier;
  const balance = card.points ? card.points.balance : 0;
  $("member-points").textContent = fill(strings.pointsShort, { points: count(balance ?? 0) });
  const store = nameOf(card.home_store);
  const parts = [store ? fill(strings.homeStore, { store }) : "", card.joined_at ? fill(strings.since, { date: formatDate(card.joined_at) }) : ""];
  $("member-home-store").textContent = parts.filter(Boolean).join(" · ");
  $("sell-to-member").href = pageUrl(`staff/counter/?member=${encodeURIComponent(card.id || memberId)}`);
  document.title = `${card.name} · ${document.title.split(" · ").pop()}`;
}

function showWarnings() {
  const warnings = card.warnings || [];
  $("warnings").hidden = warnings.length === 0;
  listInto("warning-list", warnings, (warning) => {
    const item = element("li", `warnings__item warnings__item--${warning.kind}`);
    const group = warning.kind === "pet" ? labels.pets : labels.allergies;
    item.textContent = warning.text || group[warning.value] || warning.value;
    return item;
  });
}

/** A chosen value, given as "lily" or as {value: "lily", label: "lilies"}, in this page's words. */
function labelOf(group, chosen) {
  const value = typeof chosen === "object" && chosen !== null ? chosen.value : chosen;
  return labels[group][value] || chosen.label || value;
}

function preferenceRow(title, text) {
  const row = element("div");
  row.append(element("dt", "", title), element("dd", "", text));
  return row;
}

function showPreferences() {
  const preferences = card.preferences || {};
  const rows = [];
  const groups = [
    ["flowers", strings.flowersTitle],
    ["colours", strings.coloursTitle],
    ["styles", strings.stylesTitle],
  ];
  for (const [group, title] of groups) {
    const values = preferences[group] || [];
    if (values.length) rows.push(preferenceRow(title, values.map((v) => labelOf(group, v)).join(" · ")));
  }
  if (preferences.budget) rows.push(preferenceRow(strings.budget, labelOf("budget", preferences.budget)));
  if (preferences.note) rows.push(preferenceRow(strings.note, preferences.note));
  const list = $("preferences");
  list.textContent = "";
  list.append(...rows);
  list.hidden = rows.length === 0;
  $("preferences-empty").hidden = rows.length > 0;
}

function inDays(days) {
  if (days === 0) return strings.today;
  if (days === 1) return strings.tomorrow;
  return fill(strings.inDays, { days });
}

function upcomingItem(date) {
  const item = element("li", "dated");
  const what = strings.dateKinds[date.kind] || date.label || date.kind;
  item.append(element("span", "dated__what", what));
  const when = element("span", "dated__when", `${formatDay(date.date)} · ${inDays(date.days)}`);
  if (date.days <= 7) when.classList.add("dated__when--soon");
  item.append(when);
  return item;
}

/** The tier's name, from Points ({tier: {key, name}}) or an older card's plain text. */
function tierName(points) {
  const tier = points && points.tier;
  if (!tier) return "";
  return typeof tier === "object" ? tier.name || tier.key || "" : String(tier);
}

/** A purchase: {id, sold_at, store, total_fen, refunded_fen, items: [names]}. */
function purchaseItem(purchase) {
  const item = element("li", "dated purchase");
  const items = Array.isArray(purchase.items) ? purchase.items.map(nameOf).filter(Boolean).join("、") : "";
  const total = money(purchase.total_fen);
  const head = element("span", "purchase__head");
  head.append(element("span", "dated__what", items || total), element("span", "purchase__total", total));
  item.append(head);
  const parts = [formatDate(purchase.sold_at), nameOf(purchase.store)];
  if (purchase.refunded_fen) parts.push(fill(strings.refundedPart, { amount: money(purchase.refunded_fen) }));
  item.append(element("span", "dated__when", parts.filter(Boolean).join(" · ")));
  return item;
}

function showPoints() {
  const points = card.points || {};
  $("points-balance").textContent = count(points.balance ?? 0);
  const tier = tierName(points);
  $("points-tier").textContent = tier ? fill(strings.tier, { tier }) : strings.noTier;
  const rows = [];
  if (typeof points.spend_fen === "number") rows.push(preferenceRow(strings.spend, money(points.spend_fen)));
  if (points.tier && points.tier.discount_percent) rows.push(preferenceRow(strings.discount, fill(strings.discountText, { percent: points.tier.discount_percent })));
  if (points.next_tier) {
    rows.push(preferenceRow(strings.nextTier, fill(strings.nextTierText, { amount: money(points.next_tier.remaining_fen), tier: points.next_tier.name })));
  }
  if (points.lapsing_soon && points.lapsing_soon.points) {
    const soon = points.lapsing_soon;
    rows.push(preferenceRow(strings.lapsingSoon, fill(strings.lapsingText, { points: count(soon.points), date: formatDate(soon.expires_on) })));
  }
  if (points.debt) rows.push(preferenceRow(strings.owed, count(points.debt)));
  const list = $("points-details");
  list.textContent = "";
  list.append(...rows);
  list.hidden = rows.length === 0;
}

// ---- stored value and flower cards ----------------------------------------------------------
const MOVEMENTS_SHOWN = 5;

/** +¥150.00, −¥80.00 */
function signedMoney(fen) {
  if (fen > 0) return `+${moneyExact(fen)}`;
  if (fen < 0) return `−${moneyExact(-fen)}`;
  return moneyExact(0);
}

/** A movement: {kind, at, method, principal_fen, bonus_fen, amount_fen, balance_after_fen, reason}. */
function movementItem(moved) {
  const item = element("li", "dated purchase");
  const what = [strings.walletKinds[moved.kind] || moved.kind, moved.method ? strings.methods[moved.method] || moved.method : ""];
  const head = element("span", "purchase__head");
  head.append(element("span", "dated__what", what.filter(Boolean).join(" · ")), element("span", "purchase__total", signedMoney(moved.amount_fen)));
  item.append(head);
  const parts = [
    formatDateTime(moved.at),
    fill(strings.movementParts, { principal: signedMoney(moved.principal_fen), bonus: signedMoney(moved.bonus_fen) }),
    fill(strings.balanceAfter, { balance: moneyExact(moved.balance_after_fen) }),
    moved.reason || "",
  ];
  item.append(element("span", "dated__when", parts.filter(Boolean).join(" · ")));
  return item;
}

/** The balance and its parts (from the card until the wallet is loaded), the last movements. */
function showWallet() {
  const held = wallet || card.wallet || { balance_fen: 0, principal_fen: 0, bonus_fen: 0 };
  $("wallet-balance").textContent = moneyExact(held.balance_fen || 0);
  const parts = $("wallet-parts");
  parts.textContent = "";
  parts.append(preferenceRow(strings.principal, moneyExact(held.principal_fen || 0)), preferenceRow(strings.bonus, moneyExact(held.bonus_fen || 0)));
  listInto("movements", wallet ? wallet.movements.slice(0, MOVEMENTS_SHOWN) : [], movementItem);
  if (!wallet) $("movements-empty").hidden = true; // not loaded (yet): say nothing rather than "none"
  $("topup-member").href = pageUrl(`staff/counter/?member=${encodeURIComponent(card.id || memberId)}`);
  $("refund-principal").hidden = staff.role !== "manager" || !(held.balance_fen > 0);
}

/** A flower card: {item_id, count, remaining, cadence, store, window, mode, next_on, paused, recipient, family}. */
function subscriptionItem(plan) {
  const item = element("li", "dated purchase");
  const kind = strings.cardKinds[plan.family ? "family" : "card"];
  const head = element("span", "purchase__head");
  const left = fill(strings.cardLeft, { remaining: plan.remaining, count: plan.count });
  head.append(element("span", "dated__what", `${itemNames.get(plan.item_id) || plan.item_id} · ${kind}`), element("span", "purchase__total", left));
  item.append(head);
  let when = plan.next_on ? fill(strings.cardNext, { date: formatDay(plan.next_on) }) : strings.cardUsedUp;
  if (plan.paused && plan.next_on) when = strings.cardPaused;
  const parts = [strings.cadences[plan.cadence] || plan.cadence, when, `${strings.modes[plan.mode] || plan.mode} · ${nameOf(plan.store)} ${plan.window}`];
  const recipient = plan.recipient;
  if (recipient && recipient.name) parts.push(fill(strings.cardFor, { name: recipient.name, city: (recipient.address && recipient.address.city) || "" }));
  item.append(element("span", "dated__when", parts.join(" · ")));
  return item;
}

function showSubscriptions() {
  listInto("subscriptions", subscriptions || [], subscriptionItem);
  if (!subscriptions) $("subscriptions-empty").hidden = true;
  $("sell-card").href = pageUrl(`staff/cards/?member=${encodeURIComponent(card.id || memberId)}`);
}

async function loadHeld() {
  if (!memberId) return;
  const [held, plans] = await Promise.all([api(`${memberPath}/wallet`), api(`${memberPath}/subscriptions`)]);
  if (held.ok) wallet = held.data;
  if (plans.ok) subscriptions = plans.data.subscriptions || [];
}

function consentGranted(value) {
  return typeof value === "object" && value !== null ? Boolean(value.granted) : Boolean(value);
}

function showContacts() {
  listInto("card-contacts", card.contacts, (contact) => {
    const item = element("li");
    item.append(element("span", "contact-list__kind", labels.contactKinds[contact.kind] || contact.kind), " ");
    // masked for staff, in full for managers: as the API gives them
    const value = contact.kind === "phone" ? readablePhone(contact.value) : contact.value;
    item.append(element("span", "contact-list__value", value));
    return item;
  });
  const consent = card.consent || {};
  listInto("card-consent", ["sms", "email"], (channel) => {
    const granted = consentGranted(consent[channel]);
    const text = fill(granted ? strings.consentYes : strings.consentNo, { channel: strings.channelNames[channel] });
    return element("li", granted ? "consent-list__yes" : "consent-list__no", text);
  });
}

function noteItem(note) {
  const item = element("li", "notes__item");
  item.append(element("p", "notes__text", note.text));
  const who = fill(strings.noteBy, { who: nameOf(note.by), store: nameOf(note.store) }).replace(/^[,，、\s]+|[,，、\s]+$/g, "");
  item.append(element("p", "notes__meta", [who, formatDateTime(note.at)].filter(Boolean).join(" · ")));
  return item;
}

function auditRow(entry) {
  const row = element("tr");
  row.append(
    element("td", "", formatDateTime(entry.at)),
    element("td", "", actorName(entry.actor)),
    element("td", "", strings.auditActions[entry.action] || entry.action),
  );
  return row;
}

function show(answer) {
  card = answer;
  showHead();
  showWarnings();
  const points = card.talking_points || [];
  listInto("talking-points", points, (text) => element("li", "talking__point", text));
  $("talking-empty").hidden = points.length > 0;
  showPreferences();
  listInto("upcoming", card.upcoming, upcomingItem);
  listInto("purchases", card.purchases, purchaseItem);
  showPoints();
  showWallet();
  showSubscriptions();
  showContacts();
  showFeedback();
  showTags();
  listInto("notes", card.notes, noteItem);
  const manager = staff.role === "manager";
  $("audit-section").hidden = !manager || !Array.isArray(card.audit);
  if (manager && Array.isArray(card.audit)) {
    const newestFirst = [...card.audit].sort((a, b) => String(b.at).localeCompare(String(a.at)));
    listInto("audit", newestFirst, auditRow);
  }
  $("erase-section").hidden = !manager;
  $("card").hidden = false;
}

function missing(text) {
  $("page-loading").hidden = true;
  $("card-missing").hidden = false;
  pageMessage("error", text);
}

async function load() {
  if (!memberId) return missing(strings.missingId);
  const answer = await api(memberPath);
  $("page-loading").hidden = true;
  if (answer.status === 401) return toStaffSignIn();
  if (answer.status === 404) return missing(strings.notFound);
  if (!answer.ok) return pageMessage("error", answer.data.message);
  show(answer.data);
}

// ---- ratings and the suggestions read from them ---------------------------------------------
/** A rating: {id, rating, comment, what, day}. */
function ratingItem(rating) {
  const item = element("li", "dated rating-line");
  const head = element("span", "purchase__head");
  head.append(element("span", "dated__what", rating.what || strings.ratingKinds[rating.kind] || ""), starsShown(rating.rating));
  item.append(head);
  if (rating.comment) item.append(element("span", "rating-line__comment", rating.comment));
  item.append(element("span", "dated__when", formatDay(rating.day)));
  return item;
}

function averageText(feedback) {
  const average = new Intl.NumberFormat(strings.dateLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(feedback.average);
  return fill(feedback.count === 1 ? strings.averageOne : strings.averageMany, { average, count: feedback.count });
}

/** A suggestion: {id, flower, flower_name, kind: likes | avoid, comment}. */
function suggestionItem(suggestion) {
  const flower = suggestion.flower_name || suggestion.flower;
  const avoid = suggestion.kind === "avoid";
  const item = element("li", `suggestion suggestion--${avoid ? "avoid" : "likes"}`);
  item.dataset.id = suggestion.id;
  item.append(element("p", "suggestion__text", fill(avoid ? strings.suggestAvoid : strings.suggestLikes, { flower })));
  if (suggestion.comment) item.append(element("p", "suggestion__from", fill(strings.suggestFrom, { comment: suggestion.comment })));
  const actions = element("div", "actions suggestion__actions");
  actions.append(
    suggestionButton("accept", strings.accept, fill(avoid ? strings.acceptAvoid : strings.acceptLikes, { flower }), "primary"),
    suggestionButton("dismiss", strings.dismiss, fill(strings.dismissFor, { flower }), "secondary"),
  );
  item.append(actions);
  return item;
}

function suggestionButton(action, text, label, kind) {
  const button = element("button", `button button--small button--${kind}`);
  button.type = "button";
  button.dataset.action = action;
  button.append(element("span", "button__spinner"), element("span", "button__label", text));
  button.firstChild.setAttribute("aria-hidden", "true");
  button.setAttribute("aria-label", label);
  return button;
}

function showFeedback() {
  const feedback = card.feedback;
  $("ratings-section").hidden = !feedback;
  if (!feedback) return;
  const summary = $("ratings-summary");
  summary.textContent = "";
  if (feedback.count && feedback.average !== null && feedback.average !== undefined) {
    summary.append(starsShown(Math.round(feedback.average)), " ", element("span", "", averageText(feedback)));
  }
  summary.hidden = !feedback.count;
  listInto("ratings", feedback.recent || [], ratingItem);
  const suggestions = feedback.suggestions || [];
  listInto("suggestions", suggestions, suggestionItem);
  $("suggestions-part").hidden = suggestions.length === 0;
}

function suggestionSaid(text, kind = "success") {
  const said = $("suggestions-status");
  said.className = `message message--${kind}`;
  said.textContent = text;
  said.hidden = !text;
}

async function answerSuggestion(button) {
  const item = button.closest(".suggestion");
  const suggestions = (card.feedback && card.feedback.suggestions) || [];
  const suggestion = suggestions.find((each) => String(each.id) === item.dataset.id);
  if (!suggestion || button.disabled) return;
  const accept = button.dataset.action === "accept";
  const restore = setBusy(button, button.querySelector(".button__label").textContent);
  const path = `/api/staff/feedback/${encodeURIComponent(suggestion.id)}/suggestion`;
  const answer = await api(path, { method: "POST", body: { accept } });
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok && answer.status !== 409) {
    restore();
    suggestionSaid(answer.data.message, "error");
    return;
  }
  const flower = suggestion.flower_name || suggestion.flower;
  card.feedback.suggestions = suggestions.filter((each) => each !== suggestion);
  if (accept && suggestion.kind === "avoid") {
    // accepting wrote a note on the card: read the card again to show it
    const again = await api(memberPath);
    if (again.ok) card = again.data;
  } else if (accept) {
    const preferences = (card.preferences = card.preferences || {});
    const flowers = preferences.flowers || [];
    if (!flowers.some((each) => (typeof each === "object" && each ? each.value : each) === suggestion.flower)) {
      preferences.flowers = [...flowers, { value: suggestion.flower, label: flower }];
    }
  }
  show(card);
  let text = strings.dismissed;
  if (accept) text = suggestion.kind === "avoid" ? strings.acceptedAvoid : strings.acceptedLikes;
  suggestionSaid(fill(text, { flower }));
  $("suggestions-status").focus();
}

// ---- tags: the automatic ones (with their reason) and the shop's own ------------------------
const tagForm = $("tag-form");
const newTag = $("new-tag");
const MOST_TAGS = 12;

/** {automatic: [{key, name, reason}], own: [names]}; an older card's plain list is the shop's own. */
function tagsOf() {
  const tags = card.tags;
  if (Array.isArray(tags)) return { automatic: [], own: tags.map(nameOf) };
  return { automatic: (tags && tags.automatic) || [], own: (tags && tags.own) || [] };
}

function autoTagItem(tag) {
  const item = element("li", `auto-tag auto-tag--${tag.key}`);
  const chip = element("span", "chip chip--auto", tag.name || tag.key);
  if (tag.reason) chip.title = tag.reason;
  item.append(chip);
  if (tag.reason) item.append(element("span", "visually-hidden", strings.tagSep), element("span", "auto-tag__reason", tag.reason));
  return item;
}

function ownTagItem(tag) {
  const item = element("li", "chip own-tag");
  item.append(element("span", "own-tag__text", tag));
  const remove = element("button", "own-tag__remove");
  remove.type = "button";
  remove.dataset.tag = tag;
  remove.setAttribute("aria-label", fill(strings.removeTag, { tag }));
  const cross = element("span", "", "×");
  cross.setAttribute("aria-hidden", "true");
  remove.append(cross);
  item.append(remove);
  return item;
}

function showTags() {
  const { automatic, own } = tagsOf();
  listInto("auto-tags", automatic, autoTagItem);
  listInto("tags", own, ownTagItem);
}

function tagSaid(text) {
  const said = $("tags-status");
  said.textContent = text;
  said.hidden = !text;
}

/** Replace the shop's own tags; true when saved. */
async function saveTags(tags) {
  const answer = await api(`${memberPath}/tags`, { method: "PUT", body: { tags } });
  if (answer.status === 401) {
    toStaffSignIn();
    return false;
  }
  if (!answer.ok) {
    showProblems(tagForm, answer.data);
    return false;
  }
  const { automatic } = tagsOf();
  card.tags = { automatic, own: answer.data.own || tags };
  showTags();
  return true;
}

async function addTag(event) {
  event.preventDefault();
  clearErrors(tagForm);
  tagSaid("");
  const tag = newTag.value.split(/\s+/).filter(Boolean).join(" ");
  const { own } = tagsOf();
  let problem = "";
  if (!tag) problem = strings.tagMissing;
  else if (own.includes(tag)) problem = strings.tagTaken;
  else if (own.length >= MOST_TAGS) problem = strings.tagsFull;
  if (problem) {
    fieldError(newTag, problem);
    newTag.focus();
    return;
  }
  const button = $("add-tag");
  if (button.disabled) return;
  const restore = setBusy(button, strings.adding);
  const saved = await saveTags([...own, tag]);
  restore();
  if (!saved) return;
  newTag.value = "";
  tagSaid(fill(strings.tagAdded, { tag }));
  newTag.focus();
}

async function removeTag(button) {
  if (button.disabled) return;
  clearErrors(tagForm);
  const tag = button.dataset.tag;
  const { own } = tagsOf();
  const index = own.indexOf(tag);
  button.disabled = true;
  const saved = await saveTags(own.filter((each) => each !== tag));
  if (!saved) {
    button.disabled = false;
    return;
  }
  tagSaid(fill(strings.tagRemoved, { tag }));
  // the keyboard stays in the list: on the tag that took its place, else on the field
  const buttons = $("tags").querySelectorAll(".own-tag__remove");
  (buttons[Math.min(index, buttons.length - 1)] || newTag).focus();
}

// ---- notes ------------------------------------------------------------------------------
const noteForm = $("note-form");
const note = $("note");

async function addNote(event) {
  event.preventDefault();
  clearErrors(noteForm);
  const text = note.value.trim();
  if (!text) {
    fieldError(note, strings.noteMissing);
    note.focus();
    return;
  }
  const restore = setBusy($("add-note"), strings.adding);
  const answer = await api(`${memberPath}/notes`, { method: "POST", body: { text } });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) return showProblems(noteForm, answer.data);
  note.value = "";
  show(answer.data);
  showMessage("success", strings.noteAdded, noteForm);
}

// ---- refunding the stored value's principal (managers) --------------------------------------
const refundDialog = $("refund-dialog");
const refundForm = $("refund-form");

function askToRefund() {
  const held = wallet || card.wallet;
  $("refund-dialog-title").textContent = fill(strings.refundTitle, { amount: moneyExact(held.principal_fen), name: card.name });
  $("refund-dialog-text").textContent = fill(strings.refundText, { bonus: moneyExact(held.bonus_fen) });
  clearErrors(refundForm);
  refundForm.reset();
  refundDialog.showModal();
}

async function refundPrincipal() {
  clearErrors(refundForm);
  const reason = $("refund-reason");
  if (!reason.value.trim()) {
    fieldError(reason, strings.reasonMissing);
    reason.focus();
    return;
  }
  const button = $("confirm-refund");
  if (button.disabled) return;
  const restore = setBusy(button, strings.refunding);
  const answer = await api(`${memberPath}/wallet/refund`, { method: "POST", body: { reason: reason.value.trim() } });
  restore();
  if (answer.status === 401) return toStaffSignIn();
  if (answer.status === 403) {
    refundDialog.close();
    return showManagersOnly();
  }
  if (!answer.ok) return showProblems(refundForm, answer.data);
  refundDialog.close();
  const moved = answer.data;
  await loadHeld();
  showWallet();
  const done = $("wallet-message");
  done.textContent = fill(strings.refundDone, { amount: moneyExact(-moved.principal_fen), bonus: moneyExact(-moved.bonus_fen) });
  done.hidden = false;
  $("topup-member").focus();
}

function onRefundSubmit(event) {
  if (event.submitter && event.submitter.value === "refund") {
    event.preventDefault(); // keep the dialog open while the request runs, or to fix the reason
    refundPrincipal();
  }
}

// ---- erasure (managers) -----------------------------------------------------------------
const dialog = $("erase-dialog");

function askToErase() {
  $("erase-dialog-title").textContent = fill(strings.eraseTitle, { name: card.name });
  if (typeof dialog.showModal === "function") dialog.showModal();
  else if (window.confirm(`${$("erase-dialog-title").textContent}\n${$("erase-dialog-text").textContent}`)) erase();
}

async function erase() {
  const button = $("confirm-erase");
  const restore = setBusy(button, strings.erasing);
  const answer = await api(memberPath, { method: "DELETE" });
  restore();
  if (dialog.open) dialog.close();
  if (answer.status === 401) return toStaffSignIn();
  if (answer.status === 403) return showManagersOnly();
  if (!answer.ok) return pageMessage("error", answer.data.message);
  $("card").hidden = true;
  $("erased").hidden = false;
  $("erased").focus();
}

function onDialogSubmit(event) {
  if (event.submitter && event.submitter.value === "erase") {
    event.preventDefault(); // keep the dialog open while the request runs
    erase();
  }
}

/** The way back keeps the search that led here (the search page keeps it in its address). */
function backToSearch() {
  try {
    const from = new URL(document.referrer);
    if (from.origin === window.location.origin && from.pathname === new URL(pageUrl("staff/members/"), window.location.href).pathname) {
      $("back-to-search").href = from.pathname + from.search;
    }
  } catch {
    // no referrer: the plain search page
  }
}

noteForm.addEventListener("submit", addNote);
forgiveOnEdit(noteForm);
tagForm.addEventListener("submit", addTag);
forgiveOnEdit(tagForm);
$("tags").addEventListener("click", (event) => {
  const button = event.target.closest(".own-tag__remove");
  if (button) removeTag(button);
});
$("suggestions").addEventListener("click", (event) => {
  const button = event.target.closest("[data-action]");
  if (button) answerSuggestion(button);
});
$("erase-member").addEventListener("click", askToErase);
$("refund-principal").addEventListener("click", askToRefund);
refundForm.addEventListener("submit", onRefundSubmit);
$("refund-reason").addEventListener("keydown", (event) => {
  if (event.key !== "Enter") return;
  event.preventDefault(); // Enter goes to the refund button, never straight to either choice
  $("confirm-refund").focus();
});
forgiveOnEdit(refundForm);
dialog.querySelector("form").addEventListener("submit", onDialogSubmit);
backToSearch();

async function start() {
  staff = await staffSession();
  if (!staff) return;
  await Promise.all([load(), loadNames(), loadHeld()]);
  if (card) show(card); // again, now with the names, the movements and the flower cards
}

start();
