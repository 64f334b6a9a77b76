// The campaigns (营销活动), for managers (GET /api/staff/campaigns): each with its status, its
// segment, channel, send date and holdout, linked to its page (/staff/campaign/?id=), where a
// draft is edited and confirmed and a sent one shows its results; and "new campaign".
import { api, pageUrl } from "./api.js";
import { element } from "./booking-text.js";
import { formatDay } from "./dates.js";
import { showManagersOnly, staffSession, stopLoading, toStaffSignIn } from "./staff.js";
import { fill, strings } from "./strings.js";

const $ = (id) => document.getElementById(id);
const BADGES = { draft: "badge--off", confirmed: "badge--pet-mild", sent: "badge--pet-safe", cancelled: "badge--pet-toxic" };

function details(campaign) {
  const segment = campaign.segment || {};
  const name = segment.name || strings.noSegment;
  const who =
    typeof segment.count === "number"
      ? fill(strings.segmentLine, { segment: name, count: segment.count.toLocaleString(strings.dateLocale) })
      : fill(strings.segmentNoCount, { segment: name });
  const sent = campaign.status === "sent";
  const when = fill(sent ? strings.sendOn : strings.toSendOn, { date: formatDay(sent && campaign.sent_at ? campaign.sent_at.slice(0, 10) : campaign.send_on) });
  const how = [strings.channels[campaign.channel] || campaign.channel, fill(strings.holdout, { percent: campaign.holdout_percent })];
  if (sent && typeof campaign.audience === "number") how.push(fill(strings.audience, { count: campaign.audience }));
  return [who, campaign.status === "cancelled" ? "" : when, how.join(" · ")].filter(Boolean);
}

function row(campaign) {
  const entry = element("li", `admin-row campaign-row campaign-row--${campaign.status}`);
  entry.dataset.id = campaign.id;
  const href = `${pageUrl("staff/campaign/")}?id=${encodeURIComponent(campaign.id)}`;
  const main = element("div", "admin-row__main");
  const name = element("p", "admin-row__name");
  const link = element("a", "campaign-row__link", campaign.name);
  link.href = href;
  const badge = element("span", `badge ${BADGES[campaign.status] || ""} campaign-status`, strings.statuses[campaign.status] || campaign.status);
  name.append(link, " ", badge);
  main.append(name, ...details(campaign).map((line) => element("p", "admin-row__details", line)));
  const controls = element("div", "admin-row__controls");
  const open = element("a", "button button--small button--secondary", campaign.status === "sent" ? strings.results : strings.open);
  open.href = href;
  open.setAttribute("aria-label", fill(campaign.status === "sent" ? strings.resultsOf : strings.openCampaign, { campaign: campaign.name }));
  controls.append(open);
  entry.append(main, controls);
  return entry;
}

async function load() {
  $("campaigns-loading").hidden = false;
  $("campaigns-error").hidden = true;
  const answer = await api("/api/staff/campaigns");
  $("campaigns-loading").hidden = true;
  if (answer.status === 401) return toStaffSignIn();
  if (answer.status === 403) return showManagersOnly();
  if (!answer.ok) {
    $("campaigns-error-text").textContent = answer.data.message;
    $("campaigns-error").hidden = false;
    return;
  }
  const campaigns = answer.data.campaigns || [];
  $("campaign-list").replaceChildren(...campaigns.map(row));
  $("campaigns-empty").hidden = campaigns.length > 0;
}

async function start() {
  const staff = await staffSession({ managersOnly: true });
  if (!staff) return;
  stopLoading();
  $("campaigns-body").hidden = false;
  load();
}

$("campaigns-retry").addEventListener("click", load);
start();
