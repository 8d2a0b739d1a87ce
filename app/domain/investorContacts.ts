// How an investor's contact details read for a role that does not call them (docs/decisions/175): the phone as the
// registry masks it (decision 113), a WeChat id and an e-mail with their middle hidden. Pure.
import { maskPhone } from "./enterpriseSearch";

export { maskPhone };

/** "wxid_abc123" → "wx****23". */
export function maskWechat(id: string | null): string | null {
  if (!id) return id;
  if (id.length <= 4) return "****";
  return `${id.slice(0, 2)}****${id.slice(-2)}`;
}

/** "zhang.wei@example.com" → "z****@example.com". */
export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const at = email.lastIndexOf("@");
  if (at <= 0) return "****";
  return `${email[0]}****${email.slice(at)}`;
}

/** The digits of a phone number as stored for the search ("0354-301 2345" → "03543012345"); null without any. */
export function phoneDigits(phone: string | null): string | null {
  const d = (phone ?? "").replace(/\D/g, "");
  return d ? d : null;
}

/**
 * What a search box's text can match among phones: its digits when the text is a phone number being typed (only
 * digits and separators, at least 4 digits); otherwise null (a name search only).
 */
export function phoneSearchDigits(q: string | null | undefined): string | null {
  const s = (q ?? "").trim();
  if (!/^[+]?[\d\s\-()]+$/.test(s)) return null;
  const d = s.replace(/\D/g, "");
  return d.length >= 4 ? d : null;
}

export interface ContactDetails {
  phone: string | null;
  wechat: string | null;
  email: string | null;
}

/** The contact as the viewer may read it: in full, or masked. */
export function contactFor<T extends ContactDetails>(c: T, full: boolean): T {
  if (full) return c;
  return { ...c, phone: maskPhone(c.phone), wechat: maskWechat(c.wechat), email: maskEmail(c.email) };
}
