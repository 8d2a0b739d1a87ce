// Downloads an issue's attachment — only for viewers who can see the issue (another scope's file is a 404).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { issueScope } from "~/models/scope.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { idParam, notFound } from "~/utils/http.server";
import { openStoredFile } from "~/utils/attachments.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const a = await prisma.attachment.findFirst({
    where: { id: idParam(params.attachmentId), issue: issueScope(viewer) },
    select: { fileName: true, mimeType: true, storageKey: true },
  });
  if (!a) notFound();
  const file = await openStoredFile(a.storageKey);
  if (!file) notFound("附件文件已不存在，请联系系统管理员");
  // Served as a download with the stored type: nothing uploaded is rendered inline on our origin.
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      "Content-Type": a.mimeType || "application/octet-stream",
      "Content-Length": String(file.size),
      "Content-Disposition": `attachment; filename="${a.fileName.replace(/[^\x20-\x7e]|"/g, "_")}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
