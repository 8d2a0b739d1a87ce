// Server half of the form convention (docs/development.md): the same zod schema that react-hook-form uses in
// the browser is re-checked here; failures become Chinese messages keyed by field name.
import type * as z4 from "zod/v4/core";
import { cleanInputText } from "~/domain/text";

export type FieldErrors = Record<string, string>;
export type ParsedForm<T> = { success: true; data: T } | { success: false; fieldErrors: FieldErrors };

/**
 * FormData → plain object: repeated keys become arrays, files are kept as File. NUL characters are dropped from
 * text values (PostgreSQL text cannot hold them; a pasted or forged NUL must not become a 500).
 */
export function formDataToObject(fd: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const clean = (v: FormDataEntryValue) => (typeof v === "string" ? cleanInputText(v) : v);
  for (const key of new Set(fd.keys())) {
    const all = fd.getAll(key).map(clean);
    out[cleanInputText(key)] = all.length > 1 || key.endsWith("[]") ? all : all[0];
  }
  return out;
}

export function issuesToFieldErrors(issues: readonly z4.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export function parseWith<S extends z4.$ZodType>(schema: S, input: unknown): ParsedForm<z4.output<S>> {
  const r = (
    schema as unknown as {
      safeParse: (x: unknown) => { success: boolean; data?: unknown; error?: { issues: z4.$ZodIssue[] } };
    }
  ).safeParse(input);
  if (r.success) return { success: true, data: r.data as z4.output<S> };
  return { success: false, fieldErrors: issuesToFieldErrors(r.error!.issues) };
}

export async function parseForm<S extends z4.$ZodType>(request: Request, schema: S) {
  const fd = await request.formData();
  return parseWith(schema, formDataToObject(fd));
}
