// What a search box's text means for the enterprise registry and the project register: a 统一社会信用代码 (18
// characters of the code's alphabet) is looked up exactly — and refused with the reason when its check digit or
// structure is wrong — anything else is a name search (docs/decisions/113).
import { CREDIT_CODE_ALPHABET, CREDIT_CODE_MESSAGES, checkCreditCode, normalizeCreditCode } from "./creditCode";

export type EnterpriseSearch =
  | { kind: "none" }
  | { kind: "code"; code: string }
  | { kind: "badCode"; message: string }
  | { kind: "name"; text: string };

/** Text that has the shape of a credit code: 18 characters, all of the code's alphabet, at least one digit. */
export function looksLikeCreditCode(raw: string): boolean {
  const s = normalizeCreditCode(raw);
  return s.length === 18 && [...s].every((c) => CREDIT_CODE_ALPHABET.includes(c)) && /\d/.test(s);
}

export function parseEnterpriseSearch(raw: string | undefined | null): EnterpriseSearch {
  const text = (raw ?? "").trim();
  if (!text) return { kind: "none" };
  if (looksLikeCreditCode(text)) {
    const problem = checkCreditCode(text);
    return problem
      ? { kind: "badCode", message: CREDIT_CODE_MESSAGES[problem] }
      : { kind: "code", code: normalizeCreditCode(text) };
  }
  return { kind: "name", text };
}

/** A phone number for a role that does not need it: the first 3 and last 4 digits kept ("138****5678"). */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 7) return "****";
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
