// The birthday fields (macros.html birthday_field): month and day names follow the calendar,
// reading what was chosen for the API, and filling in a birthday already on record. The same
// fields take any date of the gift notebook, under another prefix.
import { fieldError } from "./form.js";
import { strings } from "./strings.js";

/**
 * `prefix` is the macro's (`birthday` for the member's own); `incomplete` what to say when only
 * the month or the day is chosen.
 */
export function birthdayFields(root = document, { prefix = "birthday", incomplete = strings.birthdayIncomplete } = {}) {
  const part = (name) => root.querySelector(`#${prefix}-${name}`);
  const calendar = part("calendar");
  const month = part("month");
  const day = part("day");
  const year = part("year");
  const leap = part("leap");
  const leapPart = part("leap-part");

  /** Month and day names follow the calendar: 八月 and 十五 on the lunar one, which has no 31st. */
  function relabel() {
    const lunar = calendar.value === "lunar";
    for (const option of [...month.options, ...day.options]) {
      if (!option.value) continue;
      option.textContent = lunar ? option.dataset.lunar : option.dataset.solar;
      option.hidden = option.disabled = lunar && !option.dataset.lunar;
    }
    if (day.value && day.options[day.selectedIndex].disabled) day.value = "";
    leapPart.hidden = !lunar;
    if (!lunar) leap.checked = false;
  }

  /**
   * The birthday to send: null when none was given, false when it is half filled in (the fields
   * say why); `firstProblem` is then the control to focus.
   */
  function read() {
    const yearText = year.value.trim();
    if (!month.value && !day.value && !yearText) return null;
    if (!month.value || !day.value) {
      fieldError(month.value ? day : month, incomplete);
      return false;
    }
    if (yearText && !/^[0-9]{4}$/.test(yearText)) {
      fieldError(year, strings.yearInvalid);
      return false;
    }
    const chosen = { calendar: calendar.value, month: Number(month.value), day: Number(day.value) };
    if (yearText) chosen.year = Number(yearText);
    if (calendar.value === "lunar" && leap.checked) chosen.leap_month = true;
    return chosen;
  }

  function firstProblem() {
    if (!month.value) return month;
    return day.value ? year : day;
  }

  function fill(birthday) {
    calendar.value = birthday ? birthday.calendar : "solar";
    relabel();
    month.value = birthday ? String(birthday.month) : "";
    day.value = birthday ? String(birthday.day) : "";
    year.value = birthday && birthday.year ? String(birthday.year) : "";
    leap.checked = Boolean(birthday && birthday.leap_month);
  }

  calendar.addEventListener("change", relabel);
  relabel();
  return { read, fill, firstProblem };
}
