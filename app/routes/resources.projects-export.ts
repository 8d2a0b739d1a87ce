// Download of the register as filtered and sorted (every page): /resources/projects-export?format=xlsx|csv&<register query>.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseProjectListQuery } from "~/domain/projectListQuery.server";
import { projectExportResponse } from "~/models/projectExport.server";
import { requireUser } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const format = params.get("format") === "csv" ? "csv" : "xlsx";
  // the register's own parser, so the file holds exactly what the register shows (scope included)
  return projectExportResponse(viewer, parseProjectListQuery(params), format, clockToday());
}
