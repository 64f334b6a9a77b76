// What the member's list pages with an editor in place of the list share (my gift notebook, my
// plants): #list-view holds the list, its empty note and a status line; #editor is the form that
// takes the list's place.
import { element } from "./booking-text.js";

const $ = (id) => document.getElementById(id);

/** Draw the list `listId` again, one item a thing (`item` draws it), or the empty note `emptyId`. */
export function showItems(listId, emptyId, things, item) {
  const list = $(listId);
  list.textContent = "";
  for (const thing of things) list.append(item(thing));
  list.hidden = things.length === 0;
  $(emptyId).hidden = things.length > 0;
}

/** The list in place of the editor. */
export function showListView() {
  $("editor").hidden = true;
  $("list-view").hidden = false;
}

/** The editor in place of the list, at the top of the page and focused. */
export function showEditor() {
  $("list-view").hidden = true;
  $("editor").hidden = false;
  window.scrollTo(0, 0);
  $("editor").focus();
}

/**
 * The line above the list saying what just happened: statusLine("plants-status") is a function
 * (text, kind) where kind is "success" or "error", and an empty text hides the line.
 */
export function statusLine(id) {
  return (text, kind = "success") => {
    const box = $(id);
    box.className = `message message--${kind}`;
    box.textContent = text;
    box.hidden = !text;
  };
}

/** A small button in a list item; `label` names it for screen readers when `text` does not say which item. */
export function actionButton(action, text, label, kind = "secondary") {
  const button = element("button", `button button--small button--${kind}`);
  button.type = "button";
  button.dataset.action = action;
  button.append(element("span", "button__spinner"), element("span", "button__label", text));
  button.firstChild.setAttribute("aria-hidden", "true");
  if (label !== text) button.setAttribute("aria-label", label);
  return button;
}
