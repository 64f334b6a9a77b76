// A rating's stars as the pages show one (the member's ratings, a member's card, the follow-ups):
// five ★, as many of them filled as the rating, with the page's strings.ratingOf ("Rated 4 of 5")
// for screen readers. site.css draws .stars-shown.
import { element } from "./booking-text.js";
import { fill, strings } from "./strings.js";

/** The stars a rating was given, drawn, with its words for screen readers: "Rated 4 of 5". */
export function starsShown(rating) {
  const box = element("span", "stars-shown");
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", fill(strings.ratingOf, { rating }));
  for (let n = 1; n <= 5; n += 1) box.append(element("span", n <= rating ? "stars-shown__on" : "stars-shown__off", "★"));
  return box;
}
