// Lists a company sends as CSV (a bulk order, its employees' birthdays), read in the browser: the
// file's bytes as UTF-8 (a byte-order mark dropped; Excel in China often saves GBK, which is
// refused so the page can ask for "CSV UTF-8"), split into records (quoted fields, "" inside
// quotes, commas and line breaks in quotes, CRLF), the first record naming the columns. And a
// template to download, made here: UTF-8 with a byte-order mark, so Excel opens it right.

/** The file's text, or {error: "encoding"} when it is not UTF-8 (GBK from Excel, most often). */
export async function readCsvFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { error: "encoding" };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes("\ufffd")) return { error: "encoding" }; // saved already garbled
  return { text };
}

/** The records of a CSV text: [[field, …], …], blank lines left out. */
export function parseCsv(text) {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  const endRecord = () => {
    record.push(field);
    if (record.some((value) => value.trim() !== "")) records.push(record);
    record = [];
    field = "";
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i += 1;
      endRecord();
    } else {
      field += char;
    }
  }
  if (field !== "" || record.length) endRecord();
  return records;
}

const headerKey = (text) => text.trim().toLowerCase().replace(/[\s-]+/g, "_");

/**
 * The rows of a CSV as objects by column key: `columns` is {key: [names it may go by]} (the key
 * itself always counts). Returns {rows: [{line, values}], missing: [key]} (`line` counts from 2,
 * the header being 1) or {empty: true}.
 */
export function csvRows(text, columns) {
  const records = parseCsv(text);
  if (!records.length) return { empty: true };
  const [header, ...body] = records;
  const names = header.map(headerKey);
  const at = {};
  const missing = [];
  for (const [key, aliases] of Object.entries(columns)) {
    const index = names.findIndex((name) => name === key || aliases.some((alias) => headerKey(alias) === name));
    if (index >= 0) at[key] = index;
    else missing.push(key);
  }
  const rows = body.map((record, n) => ({
    line: n + 2,
    values: Object.fromEntries(Object.entries(at).map(([key, index]) => [key, (record[index] || "").trim()])),
  }));
  return { rows, missing };
}

function csvField(value) {
  const text = String(value ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A link's href and file name for a CSV of these records (UTF-8 with a byte-order mark). */
export function csvDownload(link, fileName, records) {
  const text = `\ufeff${records.map((record) => record.map(csvField).join(",")).join("\r\n")}\r\n`;
  if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  link.download = fileName;
}

// ---- what a row's fields must be (as the API checks them) ---------------------------------
export const ADDRESS_PARTS = { province: 20, city: 20, district: 20, street: 60, building_room: 40 };

export const phoneOk = (phone) => /^\+?[0-9][0-9 -]{5,19}$/.test(phone);

/** "2026-3-8", "2026/03/08" (as Excel may save it) → "2026-03-08", or null. */
export function isoDate(typed) {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(typed.trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** "9:00-11:00", "09:00～11:00", "09：00-11：00" → "09:00-11:00", or the text as typed. */
export function windowText(typed) {
  const text = typed.trim().replace(/：/g, ":").replace(/\s*[~～—–至到]\s*|\s*-\s*/g, "-");
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return text;
  const [h1, m1, h2, m2] = match.slice(1);
  return `${h1.padStart(2, "0")}:${m1}-${h2.padStart(2, "0")}:${m2}`;
}
