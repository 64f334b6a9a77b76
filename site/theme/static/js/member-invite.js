// Inviting friends (GET /api/me/referral): the member's own code, the join link with it (to copy
// into a chat) and its QR code (GET /api/me/referral/qr), how many joined, and the bonus both get.
import { count } from "./money.js";
import { loadPart, retryPart } from "./section.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);

function joinedText(joined) {
  if (!joined) return strings.joinedNone;
  if (joined === 1) return strings.joinedOne;
  return fill(strings.joined, { count: count(joined) });
}

function show(referral) {
  $("invite-bonus").textContent = fill(strings.inviteBonus, { points: count(referral.bonus_points || 0) });
  $("invite-code").textContent = referral.code;
  $("invite-joined").textContent = joinedText(referral.joined || 0);
  $("invite-link").value = referral.url;
  const qr = $("invite-qr");
  qr.alt = strings.inviteQrAlt;
  qr.src = "/api/me/referral/qr";
  qr.hidden = false;
  $("invite-body").hidden = false;
}

/** Copy the link; where the clipboard is not offered (some in-app browsers), select it to copy by hand. */
async function copyLink() {
  const field = $("invite-link");
  const status = $("copy-status");
  try {
    await navigator.clipboard.writeText(field.value);
    status.textContent = strings.copied;
  } catch {
    field.focus();
    field.select();
    status.textContent = document.execCommand && document.execCommand("copy") ? strings.copied : strings.copyFailed;
  }
}

function load() {
  return loadPart("invite", "/api/me/referral", show);
}

export function startInvite() {
  retryPart("invite", load);
  $("copy-link").addEventListener("click", copyLink);
  $("invite-link").addEventListener("focus", (event) => event.target.select());
  $("invite-qr").addEventListener("error", () => {
    $("invite-qr").hidden = true;
  });
  return load();
}
