// A job's error report: /resources/import-errors?job=ID&format=xlsx|csv (only the uploader's own jobs).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canImportProjects } from "~/domain/permissions";
import { getImportErrors } from "~/models/importJob.server";
import { errorReportResponse } from "~/models/importTemplate.server";
import { requireUser } from "~/utils/auth.server";
import { forbidden, idParam, notFound } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  if (!canImportProjects(viewer)) forbidden();
  const params = new URL(request.url).searchParams;
  const id = idParam(params.get("job") ?? undefined);
  const errors = await getImportErrors(viewer, id);
  if (!errors) notFound();
  return errorReportResponse(id, errors, params.get("format") === "csv" ? "csv" : "xlsx");
}
