// Import templates: /resources/import-template?kind=projects|deals&format=xlsx|csv
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isImportKind } from "~/models/importJob.server";
import { templateResponse } from "~/models/importTemplate.server";
import { requirePage } from "~/utils/auth.server";
import { notFound } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "import");
  const params = new URL(request.url).searchParams;
  const kind = params.get("kind");
  if (!isImportKind(kind)) notFound("没有这种导入模板");
  return templateResponse(kind, params.get("format") === "csv" ? "csv" : "xlsx");
}
