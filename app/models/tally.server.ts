// The rollups the city-wide pages read instead of counting up to 100,000 rows per request (docs/decisions/050):
// project_tally (the register's totals) and issue_tally (the issue queues' counts, the dashboard's overdue count).
// Both are logs of signed deltas written by statement triggers in the writing transaction, so a sum over them is
// exact at every commit; the background job folds the deltas to keep them small.
import { Prisma } from "~/generated/prisma/client";
import type { IssueStatus } from "~/domain/issueWorkflow";
import type { Db } from "~/utils/db.server";

type QueryDb = Pick<Db, "$queryRaw">;

/** Folds both rollups' deltas per group; returns the rows folded. */
export async function compactTallies(db: QueryDb): Promise<number> {
  const [r] = await db.$queryRaw<
    { folded: number }[]
  >`SELECT project_tally_compact() + issue_tally_compact() AS folded`;
  return r.folded;
}

/** The city's issues per level in the given statuses (every level present, 0 when none). */
export async function cityIssueCounts(
  db: QueryDb,
  statuses: readonly IssueStatus[] | null,
): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ level: string; n: number }[]>`
    SELECT level::text, sum(issues)::int AS n FROM issue_tally
    ${statuses ? Prisma.sql`WHERE status = ANY(${[...statuses]}::"IssueStatus"[])` : Prisma.empty}
    GROUP BY level`;
  return new Map(rows.map((r) => [r.level, r.n]));
}

/**
 * The city's open issues overdue at `now` (overdue_at < now): whole months before now's month from issue_tally,
 * now's own month from coordination_issue's (status, overdue_at) index.
 */
export async function cityOverdueCount(db: QueryDb, openStatuses: readonly IssueStatus[], now: Date): Promise<number> {
  const statuses = Prisma.sql`${[...openStatuses]}::"IssueStatus"[]`;
  const [r] = await db.$queryRaw<{ n: number }[]>`
    SELECT (SELECT coalesce(sum(issues), 0) FROM issue_tally
            WHERE status = ANY(${statuses}) AND overdue_month < utc_month(${now}::timestamptz))::int
         + (SELECT count(*) FROM coordination_issue
            WHERE status = ANY(${statuses})
              AND overdue_at >= (utc_month(${now}::timestamptz)::timestamp AT TIME ZONE 'UTC') AND overdue_at < ${now}::timestamptz)::int AS n`;
  return r.n;
}
