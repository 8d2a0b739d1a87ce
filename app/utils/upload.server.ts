// Multipart forms with an evidence file: parsed with Remix's own multipart parser and a memory handler capped at
// the upload limit, so an oversized file is refused while streaming instead of filling memory or disk.
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { MAX_UPLOAD_BYTES } from "~/domain/upload";

export type MultipartResult = { ok: true; formData: FormData } | { ok: false; tooLarge: true };

export async function readForm(request: Request): Promise<MultipartResult> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) return { ok: true, formData: await request.formData() };
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  // Field text is small; anything far above one file's limit is refused before reading the body.
  if (declared > MAX_UPLOAD_BYTES + 1024 * 1024) return { ok: false, tooLarge: true };
  try {
    const formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }),
    );
    return { ok: true, formData };
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return { ok: false, tooLarge: true };
    throw e;
  }
}
