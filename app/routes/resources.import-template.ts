// Import templates: /resources/import-template?kind=projects|deals&format=xlsx|csv
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canImportProjects } from "~/domain/permissions";
import { isImportKind } from "~/models/importJob.server";
import { templateResponse } from "~/models/importTemplate.server";
import { requireUser } from "~/utils/auth.server";
import { forbidden, notFound } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  if (!canImportProjects(viewer)) forbidden();
  const params = new URL(request.url).searchParams;
  const kind = params.get("kind");
  if (!isImportKind(kind)) notFound("没有这种导入模板");
  return templateResponse(kind, params.get("format") === "csv" ? "csv" : "xlsx");
}
