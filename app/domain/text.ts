// Text from the outside world (URL parameters, form fields) before it reaches PostgreSQL, whose text type
// rejects the NUL character: a stray %00 must not turn a search or a form into a 500.

/** The text without NUL characters (U+0000). */
export function stripNul(s: string): string {
  return s.includes("\u0000") ? s.replaceAll("\u0000", "") : s;
}
