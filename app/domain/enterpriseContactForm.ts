// The contact form of an enterprise (issue 15 §1): name, post, phone, primary contact. zod/mini, shared by the page's
// react-hook-form and the action (docs/decisions/116).
import * as z from "zod/mini";
import { checkbox, optionalText, requiredText } from "./formFields";

/** Digits with the separators people type (spaces, hyphens, a leading +, parentheses); 7–20 digits. */
export function phoneProblem(s: string): string | null {
  if (!/^[+]?[\d\s\-()]+$/.test(s)) return "电话只能包含数字、空格、连字符和括号";
  const digits = s.replace(/\D/g, "").length;
  if (digits < 7 || digits > 20) return "请填写 7 至 20 位数字的电话号码";
  return null;
}

const phone = z.pipe(
  optionalText(30),
  z.nullable(z.string()).check(
    z.superRefine((s, ctx) => {
      const problem = s === null ? null : phoneProblem(s);
      if (problem) ctx.issues.push({ code: "custom", message: problem, input: s });
    }),
  ),
);

export const EnterpriseContactForm = z.object({
  name: requiredText("请填写联系人姓名", 40),
  title: optionalText(60),
  phone,
  isPrimary: checkbox(),
});
export type EnterpriseContactValues = z.output<typeof EnterpriseContactForm>;
