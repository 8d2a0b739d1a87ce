// A job's error report: /resources/import-errors?job=ID&format=xlsx|csv (only the uploader's own jobs).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getImportErrors } from "~/models/importJob.server";
import { errorReportResponse } from "~/models/importTemplate.server";
import { requirePage } from "~/utils/auth.server";
import { idParam, notFound } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "import");
  const params = new URL(request.url).searchParams;
  const id = idParam(params.get("job") ?? undefined);
  const errors = await getImportErrors(viewer, id);
  if (!errors) notFound();
  return errorReportResponse(id, errors, params.get("format") === "csv" ? "csv" : "xlsx");
}
