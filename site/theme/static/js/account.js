// The account page: who is signed in (GET /api/me), their details, and signing out. Anyone not
// signed in is sent to the sign-in page of the same language.
import { api, pageUrl } from "./api.js";
import { formatBirthday, formatDate, masked } from "./dates.js";
import { hideMessage, leaveNotice, setBusy, showMessage, takeNotice } from "./form.js";
import { toSignIn } from "./section.js";
import { fill, strings } from "./strings.js";

const loading = document.getElementById("account-loading");
const failed = document.getElementById("account-error");
const account = document.getElementById("account");
const signOut = document.getElementById("sign-out");

function marketingLines(marketing) {
  const channels = Object.entries(marketing || {});
  if (!channels.length) return [strings.marketingNone];
  return channels.map(([channel, consent]) => {
    const values = { channel: strings.channels[channel] || channel, date: formatDate(consent.at) };
    return fill(consent.granted ? strings.marketingYes : strings.marketingNo, values);
  });
}

function listInto(element, lines) {
  element.textContent = "";
  for (const line of lines) {
    const item = document.createElement("li");
    item.textContent = line;
    element.append(item);
  }
}

function show(member) {
  document.getElementById("member-name").textContent = fill(strings.hello, { name: member.salutation || member.name });
  document.getElementById("member-since").textContent = fill(strings.since, { date: formatDate(member.joined_at) });
  document.getElementById("member-contacts").textContent = member.contacts.map(masked).join(" · ");
  document.getElementById("member-birthday").textContent = formatBirthday(member.birthday);
  listInto(document.getElementById("member-marketing"), marketingLines(member.marketing));
  account.hidden = false;
}

async function load() {
  loading.hidden = false;
  failed.hidden = true;
  hideMessage();
  const answer = await api("/api/me");
  if (answer.status === 401) {
    toSignIn();
    return;
  }
  loading.hidden = true;
  if (!answer.ok) {
    failed.hidden = false;
    showMessage("error", answer.data.message);
    return;
  }
  show(answer.data);
}

async function leave() {
  const restore = setBusy(signOut, strings.signingOut);
  const answer = await api("/api/auth/logout", { method: "POST", body: {} });
  if (answer.ok || answer.status === 401) {
    leaveNotice(answer.data.message || strings.signedOut);
    window.location.assign(pageUrl("signin/"));
    return;
  }
  restore();
  showMessage("error", answer.data.message);
}

document.getElementById("retry").addEventListener("click", load);
signOut.addEventListener("click", leave);
const notice = takeNotice();
if (notice) {
  const box = document.getElementById("account-notice");
  box.textContent = notice;
  box.hidden = false;
}
load();
