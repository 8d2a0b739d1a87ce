// Issue attachments (enterprise 诉求): a multipart form with several files, read by the one upload pipeline
// (upload.server.ts) with limits (count, size) and checked by extension here. The files are kept by
// fileStore.server.ts (random keys under UPLOAD_DIR) with the type their extension names, never the uploader's
// declared one; project evidence uses app/models/attachment.server.ts with its stricter byte check.
import path from "node:path";
import { discardStoredFile, writeStoredFile } from "./fileStore.server";
import { readUploadForm, UploadRejected } from "./upload.server";
import { MAX_PHOTOS, PHOTO_FIELD, PHOTO_MESSAGES } from "~/domain/sitePhotos";

export { UploadRejected };

export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const ALLOWED_EXTENSIONS = [".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt"] as const;
export const ATTACHMENT_ACCEPT = ALLOWED_EXTENSIONS.join(",");

/** The Content-Type an issue attachment is stored and served with, from its extension (issue 21). */
export const ATTACHMENT_TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".doc": "application/msword",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xls": "application/vnd.ms-excel",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".txt": "text/plain; charset=utf-8",
};

export function attachmentTypeFor(fileName: string): string {
  return ATTACHMENT_TYPES[extensionOf(fileName)] ?? "application/octet-stream";
}

export interface IncomingFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export interface StoredFile {
  fileName: string;
  mimeType: string;
  size: number;
  storageKey: string;
}

function extensionOf(name: string) {
  return path.extname(name).toLowerCase();
}

/**
 * Reads a multipart form: text fields into `fields`, files of `fileField` into `files` (empty file inputs are
 * skipped). Throws UploadRejected with a Chinese message when a limit is broken.
 */
export async function readMultipartForm(request: Request, fileField: string, opts: { photos?: boolean } = {}) {
  const fd = await readUploadForm(request, {
    fileFields: opts.photos ? [fileField, PHOTO_FIELD] : [fileField],
    // with a 现场照片 input: one over the photos' limit, so a 10th photo gets the photos' own message
    maxFiles: opts.photos ? MAX_FILES + MAX_PHOTOS + 1 : MAX_FILES,
    maxFileBytes: MAX_FILE_BYTES,
    tooLarge: (name, field) => (field === PHOTO_FIELD ? PHOTO_MESSAGES.tooLarge(name) : `附件 ${name} 超过 10MB`),
  });
  const files: IncomingFile[] = [];
  const fields: Record<string, string> = {};
  /** the 现场照片 (issue 20 §2): checked and converted by app/utils/photos.server.ts */
  const photos: File[] = [];
  for (const [k, v] of fd.entries()) {
    if (typeof v === "string") {
      fields[k] = v;
      continue;
    }
    if (opts.photos && k === PHOTO_FIELD) {
      photos.push(v);
      continue;
    }
    if (files.length >= MAX_FILES) throw new UploadRejected(`附件最多 ${MAX_FILES} 个`, 400, fileField);
    const base = path.basename(v.name.replaceAll("\\", "/")).slice(-200);
    if (!(ALLOWED_EXTENSIONS as readonly string[]).includes(extensionOf(base))) {
      throw new UploadRejected(`不支持的附件类型：${base}（支持 PDF、图片、Word、Excel、文本）`, 400, "attachments");
    }
    if (v.size === 0) throw new UploadRejected(`附件 ${base} 是空文件`, 400, "attachments");
    files.push({ name: base, type: attachmentTypeFor(base), bytes: new Uint8Array(await v.arrayBuffer()) });
  }
  if (photos.length > MAX_PHOTOS) throw new UploadRejected(PHOTO_MESSAGES.tooMany, 400, PHOTO_FIELD);
  return { fields, files, photos };
}

/** Writes files under UPLOAD_DIR/<folder>/; the caller records them in the same transaction as its write. */
export async function storeFiles(folder: string, files: IncomingFile[]): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  try {
    for (const f of files) {
      const storageKey = await writeStoredFile(folder, extensionOf(f.name), f.bytes);
      stored.push({ fileName: f.name, mimeType: attachmentTypeFor(f.name), size: f.bytes.byteLength, storageKey });
    }
    return stored;
  } catch (e) {
    await discardFiles(stored);
    throw e;
  }
}

/** Removes stored files whose database write failed (nothing half-written). */
export async function discardFiles(files: StoredFile[]) {
  await Promise.all(files.map((f) => discardStoredFile(f.storageKey)));
}
