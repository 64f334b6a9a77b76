// One campaign (营销活动), for managers: /staff/campaign/ for a new one (?segment= picks its
// segment), ?id= for one saved. The form's choices come from GET /api/staff/segments and GET
// /api/staff/rewards; as the message is written, a debounced POST /api/staff/campaigns/preview
// shows both languages as the SMS will look (a phone's bubble, its length, how many SMS). Save as a
// draft (POST, then PUT), confirm after a confirmation step (POST
// .../confirm, saving first), cancel (POST .../cancel). A confirmed or sent campaign is read-only
// and shows its results (GET /api/staff/campaigns/{id}): contacted against held out side by side,
// the uplift with its 95% interval drawn as a range around zero, and "too small to conclude" said
// plainly.
import { api, pageUrl } from "./api.js";
import { shopToday } from "./booking-calendar.js";
import { element } from "./booking-text.js";
import { intervalChart } from "./charts.js";
import { formatDateTime, formatDay } from "./dates.js";
import { clearErrors, fieldError, forgiveOnEdit, hideMessage, setBusy, showMessage, showProblems } from "./form.js";
import { money, typedNumber } from "./money.js";
import { refused, staffSession, stopLoading } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const form = $("campaign-form");
const PREVIEW_DELAY_MS = 400;
const LANGS = ["zh", "en"];

let campaign = null; // as saved, or null for a new one
let segments = [];
let rewards = [];
let savedBody = null; // the body last saved, to know when the form has changed since
let previewTimer = 0;
let previewTicket = 0;

const editable = () => !campaign || campaign.status === "draft";
const segmentOf = (id) => segments.find((one) => one.id === id) || null;
const count = (n) => Number(n || 0).toLocaleString(strings.dateLocale);

// ---- the form's choices ----------------------------------------------------------------------
function option(value, text) {
  const node = element("option", "", text);
  node.value = value;
  return node;
}

function segmentText(segment) {
  if (segment.status === "ready") return fill(strings.segmentOption, { segment: segment.name, count: count(segment.count) });
  if (segment.status === "failed") return fill(strings.segmentFailed, { segment: segment.name });
  return fill(strings.segmentCounting, { segment: segment.name });
}

function fillSegments(chosen) {
  const select = $("campaign-segment");
  const list = [...segments];
  if (chosen && !segmentOf(chosen.id)) list.push(chosen); // a segment deleted since, as the campaign names it
  select.replaceChildren(option("", list.length ? strings.chooseSegment : strings.noSegments), ...list.map((one) => option(one.id, segmentText(one))));
}

function fillRewards(chosenId) {
  const select = $("campaign-reward");
  const offered = rewards.filter((one) => one.active || one.id === chosenId);
  const options = offered.map((one) => option(one.id, one.active ? one.name : fill(strings.rewardGone, { reward: one.name })));
  select.replaceChildren(option("", offered.length ? strings.chooseReward : strings.noRewards), ...options);
}

function variableChips() {
  for (const group of form.querySelectorAll("[data-variables-for]")) {
    const area = $(group.dataset.variablesFor);
    const lang = area.id.endsWith("-en") ? "en" : "zh";
    group.setAttribute("aria-label", strings.insertInto[lang]);
    group.removeAttribute("aria-labelledby");
    for (const variable of strings.variables) {
      const chip = element("button", "campaign-var");
      chip.type = "button";
      chip.title = fill(strings.insertOne, { variable: `{{ ${variable.key} }}`, what: variable.what });
      chip.append(element("code", "campaign-var__code", `{{ ${variable.key} }}`), element("span", "campaign-var__label", variable.label));
      chip.addEventListener("click", () => insertVariable(area, variable.key));
      group.append(chip);
    }
  }
  const help = $("variables-help");
  for (const variable of strings.variables) {
    help.append(element("dt", "", `{{ ${variable.key} }}`), element("dd", "", variable.what));
  }
}

/** A variable into the text where the cursor is (or in place of what is selected). */
function insertVariable(area, key) {
  if (area.disabled) return;
  const text = `{{ ${key} }}`;
  const start = area.selectionStart ?? area.value.length;
  const end = area.selectionEnd ?? area.value.length;
  if (area.value.length - (end - start) + text.length > Number(area.maxLength || 300)) return;
  area.focus();
  area.setRangeText(text, start, end, "end");
  area.dispatchEvent(new Event("input", { bubbles: true }));
}

// ---- reading and filling the form ----------------------------------------------------------
const checked = (name) => (form.querySelector(`input[name="${name}"]:checked`) || {}).value;

function showOfferPart() {
  const kind = checked("offer-kind");
  $("reward-part").hidden = kind !== "coupon";
  $("multiplier-part").hidden = kind !== "points";
}

function showCounts() {
  for (const lang of LANGS) {
    $(`campaign-text-${lang}-count`).textContent = fill(strings.textCount, { count: $(`campaign-text-${lang}`).value.length });
  }
}

function showHoldoutWords() {
  const segment = segmentOf($("campaign-segment").value);
  const percent = typedNumber($("campaign-holdout").value, { whole: true });
  const words = $("holdout-words");
  if (percent === 0) {
    words.textContent = strings.holdoutNone;
  } else if (segment && segment.status === "ready" && percent !== null && percent <= 50) {
    const held = Math.round((segment.count * percent) / 100);
    words.textContent = fill(strings.holdoutWords, { held: count(held), count: count(segment.count), sent: count(segment.count - held) });
  } else {
    words.textContent = "";
  }
}

function fillForm(saved) {
  $("campaign-name").value = saved.name || "";
  $("campaign-segment").value = saved.segment_id || "";
  const channel = form.querySelector(`input[name="channel"][value="${saved.channel || "sms"}"]`);
  if (channel) channel.checked = true;
  $("campaign-text-zh").value = saved.text_zh || "";
  $("campaign-text-en").value = saved.text_en || "";
  const offer = saved.offer || { kind: "none" };
  const kind = form.querySelector(`input[name="offer-kind"][value="${offer.kind || "none"}"]`);
  if (kind) kind.checked = true;
  fillRewards(offer.reward_id);
  $("campaign-reward").value = offer.reward_id || "";
  $("campaign-multiplier").value = offer.multiplier ? String(offer.multiplier) : "2";
  $("campaign-send-on").value = saved.send_on || shopToday();
  $("campaign-holdout").value = String(saved.holdout_percent ?? 10);
  $("campaign-days").value = String(saved.attribution_days ?? 14);
  showOfferPart();
  showCounts();
  showHoldoutWords();
}

/** The campaign body as the API takes it; `problems` (when given) gets each field to fix, marked. */
function readForm(problems) {
  const need = (ok, control, text) => {
    if (ok || !problems) return;
    fieldError(control, text);
    problems.push(control);
  };
  const body = {
    name: $("campaign-name").value.trim(),
    segment_id: $("campaign-segment").value,
    channel: checked("channel") || "sms",
    text_zh: $("campaign-text-zh").value.trim(),
    text_en: $("campaign-text-en").value.trim(),
    offer: { kind: checked("offer-kind") || "none" },
    send_on: $("campaign-send-on").value,
    holdout_percent: typedNumber($("campaign-holdout").value, { whole: true }),
    attribution_days: typedNumber($("campaign-days").value, { whole: true }),
  };
  if (body.offer.kind === "coupon") body.offer.reward_id = $("campaign-reward").value;
  if (body.offer.kind === "points") body.offer.multiplier = Number($("campaign-multiplier").value);
  need(body.name, $("campaign-name"), strings.nameMissing);
  need(body.segment_id, $("campaign-segment"), strings.segmentMissing);
  need(body.text_zh, $("campaign-text-zh"), strings.textMissing);
  need(body.text_en, $("campaign-text-en"), strings.textMissing);
  if (body.offer.kind === "coupon") need(body.offer.reward_id, $("campaign-reward"), strings.rewardMissing);
  need(body.send_on, $("campaign-send-on"), strings.dateMissing);
  if (body.send_on && editable()) need(body.send_on >= shopToday(), $("campaign-send-on"), strings.datePast);
  const holdout = body.holdout_percent;
  need(holdout !== null && holdout >= 0 && holdout <= 50, $("campaign-holdout"), strings.holdoutInvalid);
  const days = body.attribution_days;
  need(days !== null && days >= 1 && days <= 60, $("campaign-days"), strings.daysInvalid);
  return body;
}

// ---- the live preview ------------------------------------------------------------------------
function schedulePreview() {
  window.clearTimeout(previewTimer);
  previewTimer = window.setTimeout(preview, PREVIEW_DELAY_MS);
}

function showPreview(shown, channel) {
  for (const lang of LANGS) {
    const one = shown[lang];
    if (!one) continue;
    $(`preview-${lang}-sms`).textContent = one.sms;
    $(`preview-${lang}-count`).textContent = fill(strings.smsCount, { length: one.sms_length, parts: one.sms_parts });
    $(`preview-${lang}-long`).textContent = one.sms_parts > 1 ? fill(strings.smsLong, { parts: one.sms_parts }) : "";
    $(`preview-${lang}-long`).hidden = one.sms_parts <= 1;
    $(`preview-${lang}-text`).textContent = one.text;
    $(`preview-${lang}-email-part`).hidden = channel === "sms";
  }
  $("preview-body").hidden = false;
}

async function preview() {
  const body = readForm();
  const ticket = ++previewTicket;
  const status = $("preview-status");
  if (!body.text_zh && !body.text_en) {
    status.textContent = strings.previewWaiting;
    $("preview-body").hidden = true;
    $("preview-error").hidden = true;
    return;
  }
  // The preview takes a whole campaign: what is not filled in yet is sent as a stand-in, so a
  // half-written form shows its message already.
  const stand = {
    ...body,
    name: body.name || "-",
    segment_id: body.segment_id || "preview",
    text_zh: body.text_zh || body.text_en,
    text_en: body.text_en || body.text_zh,
    send_on: body.send_on || shopToday(),
    holdout_percent: body.holdout_percent !== null && body.holdout_percent <= 50 ? body.holdout_percent : 10,
    attribution_days: body.attribution_days >= 1 && body.attribution_days <= 60 ? body.attribution_days : 14,
  };
  if (stand.offer.kind === "coupon" && !stand.offer.reward_id) stand.offer = { kind: "none" };
  status.textContent = strings.previewUpdating;
  const answer = await api("/api/staff/campaigns/preview", { method: "POST", body: stand });
  if (ticket !== previewTicket) return;
  if (refused(answer)) return;
  const error = $("preview-error");
  if (!answer.ok) {
    status.textContent = "";
    const fields = answer.data.fields || [];
    const textProblem = answer.data.error === "template-invalid";
    error.textContent = textProblem || !fields.length ? answer.data.message : fill(strings.previewNeeds, { problem: fields[0].message });
    error.hidden = false;
    return;
  }
  error.hidden = true;
  status.textContent = strings.previewReady;
  showPreview(answer.data, body.channel);
}

// ---- saving, confirming, cancelling ------------------------------------------------------------
function checkForm() {
  clearErrors(form);
  const problems = [];
  const body = readForm(problems);
  if (problems.length) {
    showMessage("error", strings.checkFields, form);
    problems[0].focus();
    return null;
  }
  return body;
}

/** Save the form (a new campaign, or the draft's changes); the campaign saved, or null. */
async function saveDraft(body, button) {
  const restore = setBusy(button, strings.saving);
  let answer;
  if (campaign) {
    answer = await api(`/api/staff/campaigns/${encodeURIComponent(campaign.id)}`, { method: "PUT", body });
  } else {
    answer = await api("/api/staff/campaigns", { method: "POST", body });
  }
  restore();
  if (refused(answer)) return null;
  if (!answer.ok) {
    showProblems(form, answer.data);
    if (answer.data.error === "send_date_gone") {
      fieldError($("campaign-send-on"), answer.data.message);
      $("campaign-send-on").focus();
    }
    return null;
  }
  savedBody = JSON.stringify(body);
  showCampaign(answer.data);
  return answer.data;
}

async function onSave(event) {
  event.preventDefault();
  const body = checkForm();
  if (!body) return;
  if (await saveDraft(body, $("save-campaign"))) showMessage("success", strings.saved, form);
}

function offerWords(body) {
  if (body.offer.kind === "coupon") {
    const reward = rewards.find((one) => one.id === body.offer.reward_id);
    return fill(strings.factOffer, { offer: reward ? reward.name : body.offer.reward_id, days: body.attribution_days });
  }
  if (body.offer.kind === "points") {
    return fill(strings.factOffer, { offer: fill(strings.pointsOffer, { times: body.offer.multiplier }), days: body.attribution_days });
  }
  return fill(strings.factNoOffer, { days: body.attribution_days });
}

/** What confirming means, in a few lines, for the confirmation step. */
function confirmFacts(body) {
  const segment = segmentOf(body.segment_id) || (campaign && campaign.segment) || { name: body.segment_id, count: 0 };
  const held = Math.round(((segment.count || 0) * body.holdout_percent) / 100);
  const facts = [
    fill(strings.factWho, { segment: segment.name, count: count(segment.count) }),
    fill(strings.factHow, { channel: strings.channels[body.channel], date: formatDay(body.send_on) }),
    fill(strings.factHoldout, { percent: body.holdout_percent, held: count(held) }),
    offerWords(body),
  ];
  $("confirm-facts").replaceChildren(...facts.map((fact) => element("li", "", fact)));
}

async function askConfirm() {
  hideMessage(form);
  const body = checkForm();
  if (!body) return;
  if (!campaign || JSON.stringify(body) !== savedBody) {
    if (!(await saveDraft(body, $("confirm-campaign")))) return;
  }
  confirmFacts(body);
  $("confirm-dialog").showModal();
}

/** POST the campaign's `action` ("confirm" or "cancel") from its dialog: the campaign as saved and shown, or null. */
async function act(event, action, busyText) {
  if (event.submitter && event.submitter.value !== "confirm") return null;
  event.preventDefault(); // the dialog stays open while the request runs
  const restore = setBusy($(`${action}-yes`), busyText);
  const answer = await api(`/api/staff/campaigns/${encodeURIComponent(campaign.id)}/${action}`, { method: "POST", body: {} });
  restore();
  $(`${action}-dialog`).close();
  if (refused(answer)) return null;
  if (!answer.ok) {
    showMessage("error", answer.data.message, form);
    return null;
  }
  showCampaign(answer.data);
  return answer.data;
}

async function onConfirm(event) {
  const saved = await act(event, "confirm", strings.confirming);
  if (!saved) return;
  showMessage("success", fill(strings.confirmed, { date: formatDay(saved.send_on) }), form);
  loadResults();
  $("campaign-title").focus();
}

async function onCancel(event) {
  if (await act(event, "cancel", strings.cancelling)) showMessage("success", strings.cancelled, form);
}

// ---- the campaign's state --------------------------------------------------------------------
function statusLine(saved) {
  if (!saved) return "";
  const lines = strings.statusLines;
  if (saved.status === "confirmed") return fill(lines.confirmed, { time: formatDateTime(saved.confirmed_at), date: formatDay(saved.send_on) });
  if (saved.status === "sent") return fill(lines.sent, { time: formatDateTime(saved.sent_at), count: count(saved.audience) });
  return lines[saved.status] || "";
}

function showCampaign(saved) {
  campaign = saved;
  const title = $("campaign-title");
  title.textContent = saved ? saved.name : strings.newTitle;
  title.tabIndex = -1;
  if (saved) {
    const wanted = `${pageUrl("staff/campaign/")}?id=${encodeURIComponent(saved.id)}`;
    if (window.location.pathname + window.location.search !== wanted) window.history.replaceState(null, "", wanted);
    document.title = `${saved.name} · ${document.title.split(" · ").pop()}`;
  }
  const line = $("campaign-status");
  line.textContent = statusLine(saved);
  line.className = `message campaign-status-line message--${saved && saved.status === "cancelled" ? "error" : saved && saved.status !== "draft" ? "success" : "info"}`;
  line.hidden = !line.textContent;
  const status = saved ? saved.status : "new";
  form.dataset.status = status;
  $("campaign-fields").disabled = !editable();
  $("save-campaign").hidden = !editable();
  $("confirm-campaign").hidden = !editable();
  $("cancel-campaign").hidden = !saved || !["draft", "confirmed"].includes(status);
  $("results").hidden = !["confirmed", "sent"].includes(status);
}

// ---- results -------------------------------------------------------------------------------
const percent = (rate) =>
  rate === null || rate === undefined ? strings.rateNone : new Intl.NumberFormat(strings.dateLocale, { style: "percent", maximumFractionDigits: 1 }).format(rate);

/** A difference of two rates in percentage points, signed: "+8.3", "-2". */
function points(value) {
  return new Intl.NumberFormat(strings.dateLocale, { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(value * 100);
}

function showResults(saved) {
  const r = saved.results;
  $("results-hint").textContent = fill(strings.resultsHint, { days: saved.attribution_days, date: formatDay(saved.send_on) });
  const nobody = !r || (!r.contacted.n && !r.held_out.n);
  $("results-waiting").hidden = !nobody;
  $("results-body").hidden = nobody;
  if (nobody) return;
  const { contacted, held_out: held } = r;
  $("r-contacted-n").textContent = count(contacted.n);
  $("r-held-n").textContent = count(held.n);
  $("r-contacted-delivered").textContent = count(contacted.delivered);
  $("r-contacted-converted").textContent = count(contacted.converted);
  $("r-held-converted").textContent = count(held.converted);
  $("r-contacted-rate").textContent = percent(contacted.rate);
  $("r-held-rate").textContent = percent(held.rate);
  $("r-contacted-revenue").textContent = money(contacted.revenue_fen || 0);
  $("r-held-revenue").textContent = money(held.revenue_fen || 0);
  $("results-too-few").hidden = Boolean(r.enough);
  const interval = $("results-interval");
  interval.replaceChildren();
  $("results-interval-text").textContent = "";
  if (r.uplift === null || r.uplift === undefined) {
    $("results-uplift").textContent = strings.noUplift;
  } else {
    $("results-uplift").textContent = fill(strings.uplift, { value: points(r.uplift) });
    if (r.interval) {
      const [low, high] = r.interval;
      const text = fill(strings.interval, { low: points(low), high: points(high) });
      interval.append(intervalChart(r.uplift, r.interval, `${strings.intervalLabel}: ${text}`, points));
      $("results-interval-text").textContent = text;
    }
  }
  const excluded = r.excluded || {};
  $("results-excluded").textContent =
    excluded.no_consent || excluded.capped ? fill(strings.excluded, { no_consent: count(excluded.no_consent), capped: count(excluded.capped) }) : "";
}

async function loadResults() {
  if (!campaign || !["confirmed", "sent"].includes(campaign.status)) return;
  $("results-loading").hidden = false;
  $("results-error").hidden = true;
  const answer = await api(`/api/staff/campaigns/${encodeURIComponent(campaign.id)}`);
  $("results-loading").hidden = true;
  if (refused(answer)) return;
  if (!answer.ok) {
    $("results-error-text").textContent = answer.data.message;
    $("results-error").hidden = false;
    return;
  }
  showCampaign(answer.data);
  showResults(answer.data);
}

// ---- the page --------------------------------------------------------------------------------
async function load() {
  const id = new URLSearchParams(window.location.search).get("id");
  $("campaign-loading").hidden = false;
  $("campaign-error").hidden = true;
  const asks = [api("/api/staff/segments"), api("/api/staff/rewards")];
  if (id) asks.push(api(`/api/staff/campaigns/${encodeURIComponent(id)}`));
  const [segmentList, rewardList, one] = await Promise.all(asks);
  $("campaign-loading").hidden = true;
  for (const answer of [segmentList, rewardList, one].filter(Boolean)) if (refused(answer)) return;
  const failed = [segmentList, rewardList, one].filter(Boolean).find((answer) => !answer.ok);
  if (failed) {
    $("campaign-error-text").textContent = failed.data.message;
    $("campaign-error").hidden = false;
    return;
  }
  segments = segmentList.data.segments || [];
  rewards = rewardList.data.rewards || [];
  const saved = one ? one.data : null;
  fillSegments(saved && saved.segment ? { ...saved.segment, status: "ready" } : null);
  if (saved) {
    fillForm(saved);
    savedBody = JSON.stringify(readForm());
  } else {
    fillForm({ segment_id: new URLSearchParams(window.location.search).get("segment") || "" });
  }
  const noCoupons = !rewards.some((reward) => reward.active) && !(saved && saved.offer && saved.offer.kind === "coupon");
  $("offer-coupon").disabled = noCoupons;
  if (noCoupons) $("offer-coupon-hint").textContent = strings.noRewards;
  showCampaign(saved);
  form.hidden = false;
  if (saved && saved.results) showResults(saved);
  preview();
}

async function start() {
  const staff = await staffSession({ managersOnly: true });
  if (!staff) return;
  stopLoading();
  $("campaign-body").hidden = false;
  $("campaign-send-on").min = shopToday();
  variableChips();
  load();
}

form.addEventListener("submit", onSave);
form.addEventListener("input", (event) => {
  if (event.target.matches("textarea")) showCounts();
  if (event.target.id === "campaign-holdout") showHoldoutWords();
  if (editable()) schedulePreview();
});
form.addEventListener("change", (event) => {
  if (event.target.name === "offer-kind") showOfferPart();
  if (event.target.id === "campaign-segment") showHoldoutWords();
  if (editable()) schedulePreview();
});
$("confirm-campaign").addEventListener("click", askConfirm);
$("cancel-campaign").addEventListener("click", () => $("cancel-dialog").showModal());
$("confirm-dialog").querySelector("form").addEventListener("submit", onConfirm);
$("cancel-dialog").querySelector("form").addEventListener("submit", onCancel);
$("campaign-retry").addEventListener("click", load);
$("results-retry").addEventListener("click", loadResults);
forgiveOnEdit(form);
start();
