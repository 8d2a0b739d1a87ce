// Turns the known failures of a write into what the form shows: rule violations next to their fields (400),
// rejected uploads next to the file input (400), version conflicts as a 409 listing what the other person
// changed. `form` names the form on the page that posted, when a page has several.
import { data } from "@remix-run/node";
import { formatChineseDate } from "~/domain/dates";
import type { ActionFailure, ConflictField } from "~/components/form/actionFailure";
import { RuleViolation } from "~/models/milestone.server";
import { UploadRejected } from "~/models/attachment.server";
import { VersionConflict } from "./concurrency.server";

export const CONFLICT_MESSAGE =
  "保存失败：这条记录刚刚已被他人修改。请核对下面的最新内容，确认后再提交，不会覆盖他人的修改。";

export function failure(status: 400 | 403 | 404 | 409 | 413, p: Partial<Omit<ActionFailure, "ok">>) {
  return data<ActionFailure>(
    { ok: false, fieldErrors: {}, formError: null, conflict: null, form: null, ...p },
    { status },
  );
}

/** The submitted fields without files (they cannot be sent back), for `ActionFailure.values`. */
export function submittedValues(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).filter(([, v]) => !(typeof v === "object" && v !== null && !Array.isArray(v))),
  );
}

export function writeErrorResponse(
  e: unknown,
  opts: {
    form?: string;
    values?: Record<string, unknown>;
    describeConflict?: (current: Record<string, unknown> | null) => ConflictField[];
  } = {},
) {
  const form = opts.form ?? null;
  const values = opts.values;
  if (e instanceof RuleViolation)
    return failure(400, { form, values, fieldErrors: e.fieldErrors as Record<string, string> });
  if (e instanceof UploadRejected) return failure(400, { form, values, fieldErrors: { attachment: e.message } });
  if (e instanceof VersionConflict) {
    return failure(409, {
      form,
      values,
      formError: CONFLICT_MESSAGE,
      conflict: { message: CONFLICT_MESSAGE, changed: opts.describeConflict?.(e.current) ?? [] },
    });
  }
  throw e;
}

/** A value as the conflict table shows it. */
export function showValue(v: unknown): string {
  if (v instanceof Date) return formatChineseDate(v);
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v)) return formatChineseDate(v.slice(0, 10));
  if (typeof v === "boolean") return v ? "是" : "否";
  return v === null || v === undefined || v === "" ? "（空）" : String(v);
}
