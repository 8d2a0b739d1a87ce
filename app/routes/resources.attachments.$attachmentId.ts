// Attachment downloads (milestone evidence and issue attachments): only for viewers who may see the attachment's project or issue (404 otherwise, the same
// answer as for a missing file), always as a download with the original name and the sniffed content type.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ALLOWED_UPLOAD_TYPES, contentDisposition } from "~/domain/upload";
import { PHOTO_TYPES } from "~/domain/sitePhotos";
import { attachmentTypeFor } from "~/utils/attachments.server";
import { findVisibleAttachment } from "~/models/attachment.server";
import { openStoredFile } from "~/utils/fileStore.server";
import { requireUser } from "~/utils/auth.server";
import { idParam, notFound } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const attachment = await findVisibleAttachment(viewer, idParam(params.attachmentId));
  if (!attachment) notFound("附件不存在，或您无权查看");
  const file = await openStoredFile(attachment.storageKey);
  if (!file) notFound("附件文件已丢失，请联系系统管理员");
  return new Response(file.body, {
    headers: {
      // evidence files carry the type sniffed from their bytes; issue attachments the type of their extension —
      // never what the uploader's browser declared (rows stored before issue 21 still hold that)
      // (a site photo's original: its sniffed type, HEIC included)
      "Content-Type":
        attachment.mimeType in ALLOWED_UPLOAD_TYPES || attachment.mimeType in PHOTO_TYPES
          ? attachment.mimeType
          : attachmentTypeFor(attachment.fileName),
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(attachment.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
