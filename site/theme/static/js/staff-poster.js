// The join poster for a store (?store=), optionally a clerk's own invitation (?by=): the QR code
// is an SVG from the API (same origin, under /api, so the session cookie goes with it).
import { api, pageUrl } from "./api.js";
import { pageMessage, staffSession, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(window.location.search);
const storeId = query.get("store") || "";
const by = query.get("by") || "";

function qrSource() {
  const params = by ? `?${new URLSearchParams({ by })}` : "";
  return `/api/staff/stores/${encodeURIComponent(storeId)}/poster${params}`;
}

async function inviterName(me) {
  if (!by) return "";
  if (by === me.id) return me.name;
  if (me.role !== "manager") return "";
  const answer = await api("/api/staff/staff");
  const person = answer.ok ? (answer.data.staff || []).find((p) => p.id === by) : null;
  return person ? person.name : "";
}

async function start() {
  const me = await staffSession();
  if (!me) return;
  $("poster-back").href = pageUrl(me.role === "manager" && !by ? "staff/stores/" : "staff/members/");
  if (!storeId) return pageMessage("error", strings.noStore);
  const answer = await api("/api/staff/stores");
  if (answer.status === 401) return toStaffSignIn();
  if (!answer.ok) return pageMessage("error", answer.data.message);
  const store = (answer.data.stores || []).find((s) => s.id === storeId);
  if (!store) return pageMessage("error", strings.unknownStore);
  $("poster-store").textContent = store.name;
  $("poster-title").textContent = fill(strings.posterFor, { store: store.name });
  const qr = $("poster-qr");
  qr.alt = fill(strings.qrAlt, { store: store.name });
  qr.addEventListener("error", () => pageMessage("error", strings.qrFailed));
  qr.src = qrSource();
  qr.hidden = false;
  const inviter = await inviterName(me);
  if (inviter) {
    $("poster-by").textContent = `邀请人：${inviter}`;
    $("poster-by").hidden = false;
  }
}

$("print-poster").addEventListener("click", () => window.print());
start();
