// The link in a marketing message (/optout/?t=<token>) stops that channel's offers. It works
// without signing in: the token says who and which channel.
import { api } from "./api.js";
import "./lang-switch.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(window.location.search).get("t") || "";

function failed(message, canRetry) {
  $("optout-working").hidden = true;
  $("optout-error").textContent = message;
  $("optout-retry").hidden = !canRetry;
  $("optout-failed").hidden = false;
}

async function optOut() {
  $("optout-failed").hidden = true;
  $("optout-working").hidden = false;
  if (!token) return failed(strings.linkIncomplete, false);
  const answer = await api("/api/optout", { method: "POST", body: { token } });
  if (!answer.ok) return failed(answer.data.message, answer.status === 0 || answer.status >= 500);
  $("optout-working").hidden = true;
  $("optout-message").textContent = answer.data.message;
  const channel = strings.channels[answer.data.channel];
  if (channel) {
    $("optout-channel").textContent = fill(strings.stoppedChannel, { channel });
    $("optout-channel").hidden = false;
  }
  $("optout-done").hidden = false;
}

$("optout-retry").addEventListener("click", optOut);
optOut();
