// Dates, birthdays and contacts as the pages show them, in the page's language and the shop's
// time zone.
import { fill, strings } from "./strings.js";

export function formatDate(iso) {
  if (!iso) return "";
  const options = { year: "numeric", month: "long", day: "numeric", timeZone: strings.timeZone };
  return new Intl.DateTimeFormat(strings.dateLocale, options).format(new Date(iso));
}

/** A calendar date ("2025-05-11", no time of day) as written in the page's language. */
export function formatDay(isoDate) {
  if (!isoDate) return "";
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  const options = { year: "numeric", month: "long", day: "numeric", weekday: "short", timeZone: "UTC" };
  return new Intl.DateTimeFormat(strings.dateLocale, options).format(Date.UTC(year, month - 1, day));
}

/** A calendar date as a short reminder says it: "12月31日", "31 December"; the year only when it is not this one. */
export function formatMonthDay(isoDate) {
  if (!isoDate) return "";
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  const thisYear = Number(new Intl.DateTimeFormat("en", { year: "numeric", timeZone: strings.timeZone }).format(new Date()));
  const options = { month: "long", day: "numeric", timeZone: "UTC" };
  if (year !== thisYear) options.year = "numeric";
  return new Intl.DateTimeFormat(strings.dateLocale, options).format(Date.UTC(year, month - 1, day));
}

export function formatDateTime(iso) {
  if (!iso) return "";
  const options = {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: strings.timeZone,
  };
  return new Intl.DateTimeFormat(strings.dateLocale, options).format(new Date(iso));
}

/** What a screen may show of a contact, as the API masks it: 138****8000, e***@example.com. */
export function masked({ kind, value }) {
  if (value.includes("*")) return value; // already masked by the API
  if (kind === "email") {
    const [local, domain] = value.split("@");
    return `${local.slice(0, 1)}***@${domain}`;
  }
  if (value.startsWith("+86") && value.length === 14) return `${value.slice(3, 6)}****${value.slice(-4)}`;
  return `${value.slice(0, 4)}****${value.slice(-4)}`;
}

/** A phone number as people read it: +8613800138000 is 138 0013 8000; anything else as it is. */
export function readablePhone(value) {
  const match = /^\+86(\d{3})(\d{4})(\d{4})$/.exec(value);
  return match ? match.slice(1).join(" ") : value;
}

export function formatBirthday(birthday) {
  if (!birthday) return strings.notGiven;
  if (birthday.calendar === "lunar") {
    const monthName = strings.lunarMonths[birthday.month - 1];
    const month = birthday.leap_month ? fill(strings.leapMonth, { month: monthName }) : monthName;
    const text = fill(strings.lunarDate, { month, day: strings.lunarDays[birthday.day - 1] });
    return birthday.year ? `${birthday.year} · ${text}` : text;
  }
  const options = { month: "long", day: "numeric", timeZone: "UTC" };
  if (birthday.year) options.year = "numeric";
  const date = Date.UTC(birthday.year || 2000, birthday.month - 1, birthday.day); // 2000 has a 29 February
  return new Intl.DateTimeFormat(strings.dateLocale, options).format(date);
}
