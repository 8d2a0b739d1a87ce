// A site photo's JPEG (issue 20 §2, docs/decisions/215): `thumb` (the thumbnail on the milestone page) or
// `preview` (the converted full picture), both made by the server without EXIF, shown inline. Only for viewers
// who see the photo's project (404 otherwise, the same answer as for a missing photo); the original with its
// EXIF is the attachment download (/resources/attachments/:id) under the same scope.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/domain/upload";
import { findVisiblePhoto } from "~/models/sitePhotos.server";
import { openStoredFile } from "~/utils/fileStore.server";
import { requirePage } from "~/utils/auth.server";
import { idParam, notFound } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "photos");
  const variant = params.variant;
  if (variant !== "thumb" && variant !== "preview") notFound("照片不存在");
  const photo = await findVisiblePhoto(viewer, idParam(params.attachmentId));
  const key = variant === "thumb" ? photo?.thumbKey : photo?.previewKey;
  if (!photo || !key) notFound("照片不存在，或您无权查看");
  const file = await openStoredFile(key);
  if (!file) notFound("照片文件已丢失，请联系系统管理员");
  const name = `${photo.fileName.replace(/\.[a-z]+$/i, "")}${variant === "thumb" ? "（缩略图）" : ""}.jpg`;
  return new Response(file.body, {
    headers: {
      "Content-Type": "image/jpeg",
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(name).replace(/^attachment/, "inline"),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=3600",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
