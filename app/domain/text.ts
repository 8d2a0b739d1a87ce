// Text from the outside world (URL parameters, form fields) before it reaches PostgreSQL, whose text type
// rejects the NUL character: a stray %00 must not turn a search or a form into a 500.

/** The text without NUL characters (U+0000). */
export function stripNul(s: string): string {
  return s.includes("\u0000") ? s.replaceAll("\u0000", "") : s;
}

// Bidi embeddings/overrides/isolates (U+202A–202E, U+2066–2069), the Arabic letter mark, zero-width spaces and
// joiners, word joiner and invisible operators, and the BOM: invisible in what officials read, they can reverse
// how a title displays (and the page <title>) or make two names look equal (issue 21).
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

/** Text typed or uploaded by a person, without NUL and without invisible direction or zero-width characters. */
export function cleanInputText(s: string): string {
  const t = stripNul(s);
  return t.replace(INVISIBLE, "");
}
