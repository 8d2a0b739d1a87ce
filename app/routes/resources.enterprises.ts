// Enterprise search for the project form's picker (JSON). Only for users who may create or edit projects.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canCreateProject } from "~/domain/permissions";
import { stripNul } from "~/domain/text";
import { searchEnterprises } from "~/models/projectEdit.server";
import { requireUser } from "~/utils/auth.server";
import { forbidden } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  if (!canCreateProject(viewer)) forbidden();
  const q = stripNul(new URL(request.url).searchParams.get("q") ?? "").slice(0, 60);
  return { q, items: await searchEnterprises(viewer, q) };
}
