// 追回清单 (issue 18 §3, docs/decisions/225): every promised incentive with money paid whose project was withdrawn or
// whose condition was missed, across the city — a county's own only (projectScopeSql in the WHERE), searched, filtered
// by county and paged in SQL. The WHERE says what recoveryReason (app/domain/incentiveFulfilment.ts) says; the reason
// text of each row comes from that function, and tests/integration/incentive-recovery.test.ts checks the two agree
// on every incentive. What was recovered (追回登记, docs/decisions/274–275) is summed per incentive beside what was
// paid: 应追回 (paid) / 已追回 / 未追回 per row and in total, and filtered by where each stands.
import { Prisma } from "~/generated/prisma/client";
import { fromIsoDate, toIsoDate, type IsoDate } from "~/domain/dates";
import {
  recoveryReason,
  recoveryStatus,
  type IncentiveConditionKind,
  type RecoveryStatus,
} from "~/domain/incentiveFulfilment";
import type { Viewer } from "~/domain/permissions";
import { prisma } from "~/utils/db.server";
import { projectScopeSql } from "./scope.server";

export interface RecoveryFilter {
  q?: string;
  county?: number;
  status?: RecoveryStatus;
  page: number;
  size: number;
}

export interface RecoveryRow {
  id: number;
  projectId: number;
  projectCode: string;
  projectName: string;
  county: string;
  policy: string | null;
  kind: string;
  content: string;
  promised: number | null;
  paid: number;
  lastPaidOn: IsoDate;
  reason: string;
  /** Σ recovered so far and what is left of the paid money, 万元 */
  recovered: number;
  outstanding: number;
  status: RecoveryStatus;
}

type Raw = {
  id: number;
  project_id: number;
  code: string;
  name: string;
  county: string;
  policy: string | null;
  kind: string;
  content: string;
  amount: number | null;
  paid: number;
  last_paid: Date;
  condition_kind: IncentiveConditionKind | null;
  condition_value: number | null;
  condition_due_on: Date | null;
  reported_value: number | null;
  pool: string;
  started_on: Date | null;
  completed_on: Date | null;
  total: number;
  total_paid: number;
  total_promised: number;
  recovered: number;
  total_recovered: number;
  total_outstanding: number;
};

/** The 追回 rule of decision 206 as a condition on `project_incentive i`, `project p` and the paid sum `pd.paid`. */
function flaggedSql(today: IsoDate): Prisma.Sql {
  return Prisma.sql`pd.paid > 0 AND (p.pool = 'WITHDRAWN' OR (
    i.condition_kind IS NOT NULL AND i.condition_due_on IS NOT NULL AND i.condition_due_on < ${fromIsoDate(today)}::date
    AND NOT COALESCE(CASE i.condition_kind
      WHEN 'STARTED' THEN p.started_on <= i.condition_due_on
      WHEN 'COMPLETED' THEN p.completed_on <= i.condition_due_on
      ELSE i.reported_value >= i.condition_value END, FALSE)))`;
}

export interface RecoveryList {
  /** how many incentives are to be recovered (all pages) */
  total: number;
  /** Σ paid (the money to recover), Σ promised, Σ recovered and Σ not yet recovered of all of them, 万元 */
  paid: number;
  promised: number;
  recovered: number;
  outstanding: number;
  rows: RecoveryRow[];
}

/** One page of the incentives to recover in the viewer's scope, with the count and sums of all of them. */
export async function listRecoveries(viewer: Viewer, f: RecoveryFilter, today: IsoDate): Promise<RecoveryList> {
  const search = f.q ? `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const back = Prisma.sql`COALESCE(rc.recovered, 0)`;
  const status =
    f.status === "done"
      ? Prisma.sql`AND ${back} >= pd.paid`
      : f.status === "partial"
        ? Prisma.sql`AND ${back} > 0 AND ${back} < pd.paid`
        : f.status === "none"
          ? Prisma.sql`AND ${back} = 0`
          : Prisma.empty;
  const rows = await prisma.$queryRaw<Raw[]>`
    WITH pd AS (
      SELECT incentive_id, sum(amount)::int AS paid, max(paid_on) AS last_paid FROM incentive_payment GROUP BY incentive_id
    ), rc AS (
      SELECT incentive_id, sum(amount)::int AS recovered FROM incentive_recovery GROUP BY incentive_id
    )
    SELECT i.id, i.project_id, p.code, p.name, c.name AS county, ip.title AS policy, i.kind, i.content, i.amount,
           pd.paid, pd.last_paid, i.condition_kind::text AS condition_kind, i.condition_value, i.condition_due_on,
           i.reported_value, p.pool::text AS pool, p.started_on, p.completed_on,
           count(*) OVER ()::int AS total, (sum(pd.paid) OVER ())::int AS total_paid,
           (sum(COALESCE(i.amount, 0)) OVER ())::int AS total_promised,
           ${back} AS recovered, (sum(${back}) OVER ())::int AS total_recovered,
           (sum(GREATEST(pd.paid - ${back}, 0)) OVER ())::int AS total_outstanding
      FROM project_incentive i
      JOIN pd ON pd.incentive_id = i.id
      LEFT JOIN rc ON rc.incentive_id = i.id
      JOIN project p ON p.id = i.project_id
      JOIN county c ON c.id = p.county_id
      LEFT JOIN incentive_policy ip ON ip.id = i.policy_id
     WHERE ${projectScopeSql(viewer)} AND ${flaggedSql(today)}
       ${f.county ? Prisma.sql`AND p.county_id = ${f.county}` : Prisma.empty}
       ${status}
       ${search ? Prisma.sql`AND (p.name ILIKE ${search} OR p.code ILIKE ${search} OR ip.title ILIKE ${search})` : Prisma.empty}
     ORDER BY c.sort_order, c.id, p.code, i.id
     LIMIT ${f.size} OFFSET ${(f.page - 1) * f.size}`;
  const first = rows[0];
  // a page past the end has no rows to carry the totals: count again without the page
  const totals = first
    ? {
        total: first.total,
        paid: first.total_paid,
        promised: first.total_promised,
        recovered: first.total_recovered,
        outstanding: first.total_outstanding,
      }
    : f.page > 1
      ? await recoveryTotals(viewer, f, today)
      : { total: 0, paid: 0, promised: 0, recovered: 0, outstanding: 0 };
  return {
    ...totals,
    rows: rows.map((r): RecoveryRow => {
      const reason = recoveryReason(
        {
          conditionKind: r.condition_kind,
          conditionValue: r.condition_value,
          conditionDueOn: r.condition_due_on ? toIsoDate(r.condition_due_on) : null,
          reportedValue: r.reported_value,
          pool: r.pool,
          startedOn: r.started_on ? toIsoDate(r.started_on) : null,
          completedOn: r.completed_on ? toIsoDate(r.completed_on) : null,
          paid: r.paid,
        },
        today,
      );
      return {
        id: r.id,
        projectId: r.project_id,
        projectCode: r.code,
        projectName: r.name,
        county: r.county,
        policy: r.policy,
        kind: r.kind,
        content: r.content,
        promised: r.amount,
        paid: r.paid,
        lastPaidOn: toIsoDate(r.last_paid),
        // the WHERE and the rule are one rule; should they ever part, the page says so rather than hide the row
        reason: reason ?? "需核对：清单条件与兑现规则不一致",
        recovered: r.recovered,
        outstanding: Math.max(0, r.paid - r.recovered),
        status: recoveryStatus(r.paid, r.recovered),
      };
    }),
  };
}

async function recoveryTotals(viewer: Viewer, f: RecoveryFilter, today: IsoDate): Promise<Omit<RecoveryList, "rows">> {
  const all = await listRecoveries(viewer, { ...f, page: 1, size: 1 }, today);
  return {
    total: all.total,
    paid: all.paid,
    promised: all.promised,
    recovered: all.recovered,
    outstanding: all.outstanding,
  };
}
