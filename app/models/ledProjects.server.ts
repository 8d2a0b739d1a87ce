// 我领办的项目 (issue 15 §6, docs/decisions/115): the projects a leader leads (领办), as the official linked to the
// signed-in account — with stage, lag on the app's date and open issues. The same set as the register's
// `?official=<id>` filter (projectListSql), within the viewer's project scope.
import type { IsoDate } from "~/domain/dates";
import type { STAGE_LABELS } from "~/domain/labels";
import { OPEN_STATUSES } from "~/domain/issueWorkflow";
import type { Viewer } from "~/domain/permissions";
import { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { projectScopeSql } from "./scope.server";

export interface LedProject {
  id: number;
  code: string;
  name: string;
  stage: keyof typeof STAGE_LABELS;
  county: string;
  lag: "red" | "yellow" | null;
  openIssues: number;
}

/** The official the account is (null when it is none), and the projects it leads, most lagging first. */
export async function ledProjects(viewer: Viewer, today: IsoDate) {
  const official = await prisma.official.findUnique({
    where: { userId: viewer.id },
    select: { id: true, name: true, title: true },
  });
  if (!official) return null;
  const d = Prisma.sql`${today}::date`;
  const rows = await prisma.$queryRaw<LedProject[]>`
    SELECT p.id, p.code, p.name, p.stage::text AS stage, c.name AS county,
           CASE WHEN p.lag_red @> ${d} THEN 'red' WHEN p.lag_yellow @> ${d} THEN 'yellow' END AS lag,
           (SELECT count(*)::int FROM coordination_issue ci
             WHERE ci.project_id = p.id AND ci.status::text IN (${Prisma.join([...OPEN_STATUSES])})) AS "openIssues"
    FROM project p JOIN county c ON c.id = p.county_id
    WHERE p.id = ANY(ARRAY(SELECT po.project_id FROM project_official po WHERE po.official_id = ${official.id}))
      AND (${projectScopeSql(viewer)})
    ORDER BY (p.lag_red @> ${d}) DESC, (p.lag_yellow @> ${d}) DESC, p.updated_at DESC, p.id DESC`;
  return { official, rows };
}
