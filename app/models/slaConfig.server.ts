// The 13710 policy and the working-day calendar as the database holds them (`sla_policy`, `holiday_override`):
// the clock's numbers are data an administrator can change, not constants in code.
import { toIsoDate } from "~/domain/dates";
import { clockDeadlines, type SlaPolicy } from "~/domain/sla13710";
import { workCalendar, type WorkCalendar } from "~/domain/workdays";
import { prisma } from "~/utils/db.server";
import type { Tx } from "~/utils/db.server";

export const POLICY_CODE = "13710";

export interface SlaPolicyRow extends SlaPolicy {
  id: number;
  code: string;
  name: string;
  version: number;
  updatedAt: Date;
}

/** The active policy (the 13710 row when several are active). */
export async function loadSlaPolicy(db: Tx = prisma): Promise<SlaPolicyRow> {
  const rows = await db.slaPolicy.findMany({ where: { isActive: true }, orderBy: { id: "asc" } });
  const row = rows.find((r) => r.code === POLICY_CODE) ?? rows[0];
  if (!row) throw new Error("没有启用的 13710 时限规则（sla_policy）：请由管理员在“13710 时限设置”中启用一条");
  return row;
}

export async function loadHolidayOverrides(db: Tx = prisma) {
  const rows = await db.holidayOverride.findMany({ orderBy: { date: "asc" } });
  return rows.map((r) => ({ date: toIsoDate(r.date), isWorkday: r.isWorkday, note: r.note }));
}

export async function loadWorkCalendar(db: Tx = prisma): Promise<WorkCalendar> {
  return workCalendar(await loadHolidayOverrides(db));
}

export async function loadClockConfig(db: Tx = prisma): Promise<{ policy: SlaPolicyRow; cal: WorkCalendar }> {
  const [policy, cal] = await Promise.all([loadSlaPolicy(db), loadWorkCalendar(db)]);
  return { policy, cal };
}

/**
 * After the policy or the calendar changed, the running clocks' deadlines are recomputed from their start, so
 * every open issue follows the rules in force (the escalation job then acts on the new deadlines). Each changed
 * issue's version is bumped.
 */
export async function recomputeOpenDeadlines(tx: Tx, policy: SlaPolicy, cal: WorkCalendar): Promise<number> {
  const open = await tx.coordinationIssue.findMany({
    where: { status: { in: ["SUBMITTED", "ACCEPTED", "RESPONDED", "REOPENED"] } },
    select: {
      id: true,
      clockStartedAt: true,
      isComplex: true,
      acceptDueAt: true,
      respondDueAt: true,
      resolveDueAt: true,
    },
  });
  let changed = 0;
  for (const i of open) {
    const d = clockDeadlines(i.clockStartedAt, i.isComplex, policy, cal);
    if (
      d.acceptDueAt.getTime() !== i.acceptDueAt?.getTime() ||
      d.respondDueAt.getTime() !== i.respondDueAt?.getTime() ||
      d.resolveDueAt.getTime() !== i.resolveDueAt?.getTime()
    ) {
      // The version moves too: a handler acting on a page that showed the old deadlines gets the usual conflict.
      await tx.coordinationIssue.update({ where: { id: i.id }, data: { ...d, version: { increment: 1 } } });
      changed++;
    }
  }
  return changed;
}
