// Issue attachments (enterprise 诉求): a multipart form with several files, read with limits (count, size, type).
// The files are kept by fileStore.server.ts (random keys under UPLOAD_DIR); project evidence uses
// app/models/attachment.server.ts with its own, stricter type check.
import path from "node:path";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { Refusal } from "~/domain/refusal";
import { stripNul } from "~/domain/text";
import { discardStoredFile, writeStoredFile } from "./fileStore.server";

export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;
export const ALLOWED_EXTENSIONS = [".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt"] as const;
export const ATTACHMENT_ACCEPT = ALLOWED_EXTENSIONS.join(",");

/** A file the limits refuse: a refusal shown next to the `attachments` input (400). */
export class UploadRejected extends Refusal {
  constructor(message: string) {
    super({ fieldErrors: { attachments: message } });
  }
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

async function collect(data: AsyncIterable<Uint8Array>, limit: number, tooBig: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const c of data) {
    size += c.byteLength;
    if (size > limit) throw new UploadRejected(tooBig);
    chunks.push(c);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Reads a multipart form: text fields into `fields`, files of `fileField` into `files` (empty file inputs are
 * skipped). Throws UploadRejected with a Chinese message when a limit is broken.
 */
export async function readMultipartForm(request: Request, fileField: string) {
  const files: IncomingFile[] = [];
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (filename === undefined) {
      return stripNul(new TextDecoder().decode(await collect(data, MAX_FIELD_BYTES, "提交的内容过长")));
    }
    if (name !== fileField) throw new UploadRejected("不支持的上传字段");
    if (!filename) {
      await collect(data, 0, "未选择文件");
      return undefined;
    }
    const base = path.basename(stripNul(filename).replaceAll("\\", "/")).slice(-200);
    if (!(ALLOWED_EXTENSIONS as readonly string[]).includes(extensionOf(base))) {
      throw new UploadRejected(`不支持的附件类型：${base}（支持 PDF、图片、Word、Excel、文本）`);
    }
    if (files.length >= MAX_FILES) throw new UploadRejected(`附件最多 ${MAX_FILES} 个`);
    const bytes = await collect(data, MAX_FILE_BYTES, `附件 ${base} 超过 10MB`);
    if (bytes.byteLength === 0) throw new UploadRejected(`附件 ${base} 是空文件`);
    files.push({ name: base, type: contentType || "application/octet-stream", bytes });
    return undefined;
  };
  const fd = await unstable_parseMultipartFormData(request, handler);
  const fields: Record<string, string> = {};
  for (const [k, v] of fd.entries()) if (typeof v === "string") fields[stripNul(k)] = v;
  return { fields, files };
}

/** Writes files under UPLOAD_DIR/<folder>/; the caller records them in the same transaction as its write. */
export async function storeFiles(folder: string, files: IncomingFile[]): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  try {
    for (const f of files) {
      const storageKey = await writeStoredFile(folder, extensionOf(f.name), f.bytes);
      stored.push({ fileName: f.name, mimeType: f.type.slice(0, 100), size: f.bytes.byteLength, storageKey });
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
