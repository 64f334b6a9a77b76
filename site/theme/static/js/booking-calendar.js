// The month calendar of a booking (GET /api/slots?store=&from=&to=, one month a request): each day
// says whether it can be booked for the chosen way (pickup or delivery), its festival by name, and
// an early-bird price; closed, full and past-cut-off days are shown but cannot be chosen, and say
// why to a screen reader. Arrow keys move between days (one tab stop for the whole month),
// Page Up and Page Down change the month, Enter or a tap chooses.
import { api } from "./api.js";
import { formatDay } from "./dates.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const MONTHS_AHEAD = 6;

/** Today's date in the shop's time zone, as YYYY-MM-DD. */
export function shopToday() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: strings.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

const pad = (n) => String(n).padStart(2, "0");
const isoOf = (year, month, day) => `${year}-${pad(month)}-${pad(day)}`;
const daysIn = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 0 for Monday, as the API and a Chinese calendar count. */
const weekdayOf = (year, month, day) => (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;

/** The places anyone (or a Gold member, with the share kept for Gold) may take in a window. */
export function placesIn(window, mode, gold) {
  const places = window[mode] || { left: 0, gold_left: 0 };
  return (places.left || 0) + (gold ? places.gold_left || 0 : 0);
}

/** Why a day cannot be booked, or null when it can: closed, past_cutoff, full, unavailable. */
export function whyNot(day, mode, gold) {
  if (!day) return "unavailable";
  if (day.closed) return "closed";
  if (day.past_cutoff) return "past_cutoff";
  const open = (day.windows || []).some((window) => placesIn(window, mode, gold) > 0);
  return open ? null : "full";
}

const REASON_TEXT = () => ({
  closed: strings.dayClosed,
  past_cutoff: strings.dayPastCutoff,
  full: strings.dayFull,
  unavailable: strings.dayUnavailable,
});

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The calendar. `onChoose(day)` is called with the API's Day when one is chosen (or null when the
 * chosen day is no longer in view or no longer bookable). Call load(store) after the store
 * changes and setWay({mode, gold}) after the way or the customer's tier changes. A day asked for
 * ahead (`preselect`, booking again) is chosen once its month is loaded, or `onMissed(date)` is
 * called when it cannot be booked.
 */
export function createCalendar({ onChoose, onMissed = () => {} }) {
  const today = shopToday();
  const [thisYear, thisMonth] = today.split("-").map(Number);
  let year = thisYear;
  let month = thisMonth;
  let store = null;
  let mode = "pickup";
  let gold = false;
  let days = new Map();
  let chosen = null;
  let focusDate = null;
  let wanted = null; // a day asked for before its month was loaded
  let seq = 0;

  const monthIndex = () => year * 12 + month;
  const firstIndex = thisYear * 12 + thisMonth;

  function showMonthTitle() {
    $("calendar-month").textContent = fill(strings.monthTitle, { month: strings.monthNames[month - 1], year });
    $("calendar-prev").disabled = monthIndex() <= firstIndex;
    $("calendar-next").disabled = monthIndex() >= firstIndex + MONTHS_AHEAD;
  }

  /** The day's name is its visible marks after the full date, which only a screen reader reads. */
  function dayButton(iso, dayNumber) {
    const day = days.get(iso);
    const reason = iso < today ? "unavailable" : whyNot(day, mode, gold);
    const button = element("button", "cal-day");
    button.type = "button";
    button.dataset.date = iso;
    button.tabIndex = -1;
    button.append(element("span", "visually-hidden", `${formatDay(iso)} `));
    const number = element("span", "cal-day__n", String(dayNumber));
    number.setAttribute("aria-hidden", "true");
    button.append(number);
    if (day && day.peak) {
      button.classList.add("cal-day--peak");
      button.append(element("span", "cal-day__peak", day.peak.name));
    }
    if (day && day.early_bird && !reason) {
      button.classList.add("cal-day--early");
      button.append(element("span", "cal-day__mark", strings.earlyBirdMark));
    }
    if (reason) {
      button.classList.add("cal-day--off");
      button.setAttribute("aria-disabled", "true");
      const shown = reason !== "unavailable" && iso >= today;
      button.append(element("span", shown ? "cal-day__why" : "visually-hidden", REASON_TEXT()[reason]));
    }
    if (iso === today) button.classList.add("cal-day--today");
    button.setAttribute("aria-pressed", String(chosen === iso));
    return button;
  }

  function render() {
    showMonthTitle();
    const body = $("calendar-days");
    body.textContent = "";
    const count = daysIn(year, month);
    let row = element("tr");
    for (let blank = 0; blank < weekdayOf(year, month, 1); blank += 1) row.append(element("td"));
    for (let d = 1; d <= count; d += 1) {
      const cell = element("td");
      cell.append(dayButton(isoOf(year, month, d), d));
      row.append(cell);
      if (row.children.length === 7) {
        body.append(row);
        row = element("tr");
      }
    }
    if (row.children.length) {
      while (row.children.length < 7) row.append(element("td"));
      body.append(row);
    }
    const buttons = dayButtons();
    const bookable = buttons.filter((b) => !b.hasAttribute("aria-disabled"));
    const target = buttons.find((b) => b.dataset.date === focusDate) || buttons.find((b) => b.dataset.date === chosen) || bookable[0] || buttons[0];
    if (target) target.tabIndex = 0;
    $("calendar-none").hidden = bookable.length > 0 || !days.size;
  }

  function dayButtons() {
    return [...$("calendar-days").querySelectorAll(".cal-day")];
  }

  async function load() {
    if (!store) return;
    const mine = ++seq;
    const first = isoOf(year, month, 1);
    const from = first < today ? today : first;
    const to = isoOf(year, month, daysIn(year, month));
    $("slots-loading").hidden = false;
    $("slots-error").hidden = true;
    $("calendar-grid").setAttribute("aria-busy", "true");
    const answer = await api(`/api/slots?${new URLSearchParams({ store, from, to })}`);
    if (mine !== seq) return;
    $("slots-loading").hidden = true;
    $("calendar-grid").removeAttribute("aria-busy");
    if (!answer.ok) {
      days = new Map();
      $("slots-error-text").textContent = answer.data.message;
      $("slots-error").hidden = false;
      render();
      return;
    }
    days = new Map((answer.data.days || []).map((day) => [day.date, day]));
    render();
    recheck();
    takeWanted();
  }

  /** The day asked for ahead, now that its month is here: chosen if it can be booked. */
  function takeWanted() {
    if (!wanted || !days.has(wanted)) return;
    const iso = wanted;
    wanted = null;
    const day = days.get(iso);
    if (iso < today || whyNot(day, mode, gold)) return onMissed(iso);
    chosen = iso;
    focusDate = iso;
    render();
    onChoose(day);
  }

  /** After new availability: the chosen day again (its new places), or nothing if it went. */
  function recheck() {
    if (!chosen) return;
    const day = days.get(chosen);
    if (!day) return; // another month is in view: the choice stands
    if (whyNot(day, mode, gold)) {
      chosen = null;
      onChoose(null);
      return;
    }
    onChoose(day);
  }

  function choose(button) {
    if (!button || button.hasAttribute("aria-disabled")) return;
    chosen = button.dataset.date;
    focusDate = chosen;
    for (const other of dayButtons()) other.setAttribute("aria-pressed", String(other === button));
    onChoose(days.get(chosen));
  }

  function moveTo(iso) {
    const [y, m] = iso.split("-").map(Number);
    if (y * 12 + m < firstIndex || y * 12 + m > firstIndex + MONTHS_AHEAD) return;
    focusDate = iso;
    if (y !== year || m !== month) {
      year = y;
      month = m;
      render();
      load().then(() => focusDay(iso));
    }
    focusDay(iso);
  }

  function focusDay(iso) {
    const buttons = dayButtons();
    const target = buttons.find((b) => b.dataset.date === iso);
    if (!target) return;
    for (const b of buttons) b.tabIndex = b === target ? 0 : -1;
    target.focus();
  }

  function shifted(iso, days) {
    const [y, m, d] = iso.split("-").map(Number);
    const date = new Date(Date.UTC(y, m - 1, d + days));
    return isoOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }

  function shiftedMonth(iso, by) {
    const [y, m, d] = iso.split("-").map(Number);
    const index = y * 12 + (m - 1) + by;
    const ny = Math.floor(index / 12);
    const nm = (index % 12) + 1;
    return isoOf(ny, nm, Math.min(d, daysIn(ny, nm)));
  }

  function onKey(event) {
    const button = event.target.closest(".cal-day");
    if (!button) return;
    const iso = button.dataset.date;
    const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    let target = null;
    if (event.key in moves) target = shifted(iso, moves[event.key]);
    else if (event.key === "PageUp") target = shiftedMonth(iso, -1);
    else if (event.key === "PageDown") target = shiftedMonth(iso, 1);
    else if (event.key === "Home") target = shifted(iso, -weekdayOf(...iso.split("-").map(Number)));
    else if (event.key === "End") target = shifted(iso, 6 - weekdayOf(...iso.split("-").map(Number)));
    if (!target) return;
    event.preventDefault();
    moveTo(target);
  }

  function turn(by) {
    const index = monthIndex() + by - 1;
    year = Math.floor(index / 12);
    month = (index % 12) + 1;
    focusDate = null;
    render();
    load();
  }

  $("calendar-days").addEventListener("click", (event) => choose(event.target.closest(".cal-day")));
  $("calendar-days").addEventListener("keydown", onKey);
  $("calendar-prev").addEventListener("click", () => turn(-1));
  $("calendar-next").addEventListener("click", () => turn(1));
  $("slots-retry").addEventListener("click", () => load());

  return {
    /** Show the store's availability (the month in view stays). */
    setStore(id) {
      store = id;
      chosen = null;
      onChoose(null);
      render();
      return load();
    },
    setWay(way) {
      mode = way.mode;
      gold = Boolean(way.gold);
      render();
      recheck();
    },
    /**
     * Turn to a day's month and choose it once loaded (call before setStore). False when the day
     * is not in the months that can be booked.
     */
    preselect(iso) {
      const [y, m] = String(iso).split("-").map(Number);
      const index = y * 12 + m;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || iso < today || index > firstIndex + MONTHS_AHEAD) return false;
      year = y;
      month = m;
      wanted = iso;
      return true;
    },
    /** Fetch the month again (after a slot filled up under the customer). */
    reload: () => load(),
    chosenDay: () => (chosen ? days.get(chosen) || null : null),
    chosenDate: () => chosen,
    focus() {
      const target = dayButtons().find((b) => b.tabIndex === 0);
      if (target) target.focus();
    },
  };
}
