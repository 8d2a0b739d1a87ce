// One-time form tokens for create actions (docs/decisions/093). Pure: the field's name, the token's shape and the
// canonical text of a submission, shared by the server helper (app/utils/createToken.server.ts), the hidden field
// (app/components/form/CreateToken.tsx) and tests.

/** The hidden field every create form carries. */
export const CREATE_TOKEN_FIELD = "createToken";

/** Shown when a create form arrives without its token (an old page, or a hand-made request). */
export const MISSING_TOKEN_MESSAGE = "页面已过期，请刷新页面后重新提交";

/** Shown when a form already submitted is submitted again with other content (an old page brought back). */
export const REUSED_TOKEN_MESSAGE = "该表单已经提交过，内容已保存。如需再登记一条，请刷新页面后重新填写提交";

const SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

/** The token in a submitted value, or null when it is missing or not shaped like one (16–64 letters, digits, - or _). */
export function parseCreateToken(value: unknown): string | null {
  if (Array.isArray(value)) value = value[0];
  return typeof value === "string" && SHAPE.test(value) ? value : null;
}

/**
 * A submission as one text, the same for the same input whatever the order of keys: what tells a repeat of a form
 * (same text) from a stale form reused for something new (different text). Files are left out (their names and
 * sizes are not known here); dates become ISO strings.
 */
export function canonicalInput(input: unknown): string {
  const norm = (v: unknown): unknown => {
    if (v === undefined) return null;
    if (v instanceof Date) return v.toISOString();
    if (typeof v === "bigint") return v.toString();
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === "object") {
      if (typeof Blob !== "undefined" && v instanceof Blob) return null;
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => k !== CREATE_TOKEN_FIELD)
          .map((k) => [k, norm((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(norm(input));
}
