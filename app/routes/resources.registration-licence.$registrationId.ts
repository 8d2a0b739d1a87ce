// The scanned business licence of an enterprise registration (docs/decisions/120): only for its reviewers (the
// county, or 市经信委 for 市本级; 404 otherwise), always as a download with the sniffed type.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ALLOWED_UPLOAD_TYPES, contentDisposition } from "~/domain/upload";
import { findRegistrationLicence } from "~/models/registration.server";
import { requirePage } from "~/utils/auth.server";
import { openStoredFile } from "~/utils/fileStore.server";
import { idParam, notFound } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "registrations");
  const row = await findRegistrationLicence(viewer, idParam(params.registrationId));
  if (!row) notFound("注册申请不存在，或不属于您审核");
  const file = await openStoredFile(row.licenceKey);
  if (!file) notFound("营业执照文件已丢失，请联系系统管理员");
  return new Response(file.body, {
    headers: {
      "Content-Type": row.licenceMime in ALLOWED_UPLOAD_TYPES ? row.licenceMime : "application/octet-stream",
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(row.licenceName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
