// The language switch keeps the page's query (?id=, ?store=&by=, ?t=): the other language's copy
// of a member's card or a poster's join page is the same card or the same invitation.
const link = document.getElementById("lang-switch");
if (link && window.location.search) {
  const target = new URL(link.href, window.location.href);
  target.search = window.location.search;
  link.href = target.pathname + target.search;
}
