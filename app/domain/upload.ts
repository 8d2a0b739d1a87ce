// Evidence attachments: size and type limits, content sniffing and a safe download header. Pure, so the
// browser can pre-check a file and the server re-checks the bytes (a renamed .exe is not a PDF).

import { Refusal } from "./refusal";
import { cleanInputText } from "./text";

/**
 * A refused upload or unreadable multipart body (the one class for every upload): a refusal shown next to the
 * file input `field`, 400 or 413 (too large).
 */
export class UploadRejected extends Refusal {
  constructor(message: string, status: 400 | 413 = 400, field = "attachment") {
    super({ fieldErrors: { [field]: message } }, status);
  }
}

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_LABEL = "10 MB";

export const ALLOWED_UPLOAD_TYPES = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
} as const;
export type UploadMime = keyof typeof ALLOWED_UPLOAD_TYPES;
export const UPLOAD_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";
export const UPLOAD_HINT = `可选，PDF、JPG 或 PNG，不超过 ${MAX_UPLOAD_LABEL}`;

export const UPLOAD_MESSAGES = {
  tooLarge: `附件不能超过 ${MAX_UPLOAD_LABEL}`,
  badType: "附件只能是 PDF、JPG 或 PNG 文件",
  empty: "附件是空文件",
} as const;

/** The real type of a file from its first bytes, or null when it is none of the allowed types. */
export function sniffUploadType(head: Uint8Array): UploadMime | null {
  const starts = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  return null;
}

/** The declared name/type/size check the browser can do before uploading. */
export function checkUploadMeta(f: { name: string; size: number; type: string }): string | null {
  if (f.size === 0) return UPLOAD_MESSAGES.empty;
  if (f.size > MAX_UPLOAD_BYTES) return UPLOAD_MESSAGES.tooLarge;
  const ext = f.name.toLowerCase().split(".").pop() ?? "";
  const typeOk = f.type === "" || f.type in ALLOWED_UPLOAD_TYPES;
  if (!typeOk || !["pdf", "jpg", "jpeg", "png"].includes(ext)) return UPLOAD_MESSAGES.badType;
  return null;
}

/**
 * Browsers percent-encode `"`, CR and LF in multipart file names (`%22`, `%0D`, `%0A`): decode those so the
 * cleaning below removes them instead of storing `%22` in the name people read (issue 21).
 */
export function decodeBrowserFileName(name: string): string {
  return name.replace(/%(22|0D|0A)/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * A display file name: browser-encoded quotes and line breaks decoded, then no folders, control, invisible or
 * quote characters, at most 120 characters ("" when nothing is left).
 */
export function sanitizeFileName(name: string): string {
  const base = cleanInputText(decodeBrowserFileName(name)).split(/[\\/]/).pop() ?? "";
  return (
    base
      // eslint-disable-next-line no-control-regex -- control characters are what this strips
      .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, "")
      .trim()
      .slice(-120)
  );
}

/** A display file name for an evidence file (a name of its type when nothing is left). */
export function cleanFileName(name: string, mime: UploadMime): string {
  return sanitizeFileName(name) || `附件.${ALLOWED_UPLOAD_TYPES[mime]}`;
}

/**
 * Content-Disposition that downloads (never renders inline) under the original name: an ASCII fallback for old
 * clients plus the RFC 5987 UTF-8 form, with quotes and separators removed so the header cannot be split.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_") || "attachment";
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}
