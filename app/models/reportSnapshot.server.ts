// Frozen monthly reports (report_snapshot): freezing a month stores the city's and every county's report model as
// they are at that moment, in one transaction with its audit event; a frozen month is then drawn from the stored
// JSON and never recomputed. A month is frozen once: re-freezing is refused (docs/decisions/043).
import { Prisma } from "~/generated/prisma/client";
import type { IsoDate } from "~/domain/dates";
import {
  canFreezeMonth,
  defaultReportMonth,
  kpiDeltas,
  monthKey,
  monthTitle,
  resolveReportMonth,
  type MonthlyReport,
  type ReportKpi,
  type ReportMonth,
} from "~/domain/monthlyReport";
import type { Viewer } from "~/domain/permissions";
import { optionalId } from "~/domain/urlParams.server";
import { reportCounty } from "~/presenters/DashboardPresenter.server";
import { defaultReportYears, planYears } from "~/presenters/KpiPresenter.server";
import {
  buildMonthlyReport,
  buildSnapshotData,
  type ReportScopeInput,
} from "~/presenters/MonthlyReportPresenter.server";
import { Refusal } from "~/domain/refusal";
import { audit } from "~/utils/audit.server";
import { notifyUsers } from "./notification.server";
import { prisma, type Tx } from "~/utils/db.server";
import { now as clockNow } from "~/utils/clock.server";

/**
 * Which report a URL asks for: `month` (default: the last closed month of the latest plan year with targets) and,
 * for the city's roles, `county`; a county official always gets its own county. undefined for an unknown county.
 */
export async function reportRequest(viewer: Viewer, sp: URLSearchParams, today: IsoDate) {
  const years = await defaultReportYears(prisma, await planYears(prisma));
  const month = resolveReportMonth(sp.get("month"), defaultReportMonth(years, today), today);
  const county = await reportCounty(prisma, viewer, optionalId.parse(sp.get("county") ?? undefined));
  return county === undefined ? undefined : { month, county, years };
}

/** The stored report of one scope: the city's part (countyId null) or one county's, selected in SQL. */
function part(countyId: number | null): Prisma.Sql {
  return countyId === null
    ? Prisma.sql`s.data -> 'city'`
    : Prisma.sql`s.data -> 'counties' -> ${String(countyId)}::text`;
}

export interface FrozenReport {
  model: MonthlyReport;
  frozenAt: string;
  frozenBy: string;
}

export async function frozenReport(db: Tx, m: ReportMonth, countyId: number | null): Promise<FrozenReport | null> {
  const rows = await db.$queryRaw<Array<{ model: MonthlyReport | null; frozen_at: Date; frozen_by: string | null }>>`
    SELECT ${part(countyId)} AS model, s.frozen_at, u.display_name AS frozen_by
    FROM report_snapshot s LEFT JOIN app_user u ON u.id = s.frozen_by_id
    WHERE s.year = ${m.year} AND s.month = ${m.month}`;
  const r = rows[0];
  // a county added after the month was frozen has no part in it: its report is computed
  if (!r?.model) return null;
  return { model: r.model, frozenAt: r.frozen_at.toISOString(), frozenBy: r.frozen_by ?? "—" };
}

/** The KPIs of the latest frozen month before `m` in the same year (what "较上次冻结" compares with). */
export async function previousFrozenKpis(
  db: Tx,
  m: ReportMonth,
  countyId: number | null,
): Promise<{ month: number; kpis: ReportKpi[] } | null> {
  const rows = await db.$queryRaw<Array<{ month: number; kpis: ReportKpi[] | null }>>`
    SELECT s.month, ${part(countyId)} -> 'kpis' AS kpis
    FROM report_snapshot s
    WHERE s.year = ${m.year} AND s.month < ${m.month} AND ${part(countyId)} IS NOT NULL
    ORDER BY s.month DESC LIMIT 1`;
  return rows[0]?.kpis ? { month: rows[0].month, kpis: rows[0].kpis } : null;
}

/** Months of a year that are frozen (for the month picker). */
export async function frozenMonths(db: Tx, year: number): Promise<number[]> {
  const rows = await db.reportSnapshot.findMany({
    where: { year },
    select: { month: true },
    orderBy: { month: "asc" },
  });
  return rows.map((r) => r.month);
}

/**
 * Freezes month `m`: builds every scope's report from one REPEATABLE READ snapshot of the database and stores it.
 * Refused for a month that has not ended or is frozen already (also when two people freeze at once: the unique
 * key on (year, month) lets one through).
 */
export async function freezeMonth(viewer: Viewer, m: ReportMonth, today: IsoDate, now = clockNow()) {
  if (!canFreezeMonth(m, today)) throw Refusal.form(`${monthTitle(m)}尚未结束，月末之后才能冻结`, 409);
  const alreadyFrozen = async () => {
    const f = await frozenReport(prisma, m, null);
    return Refusal.form(
      `${monthTitle(m)}通报已于 ${f ? `${f.frozenAt.slice(0, 10)} 由${f.frozenBy}` : "此前"}冻结，不能重复冻结`,
      409,
    );
  };
  try {
    return await prisma.$transaction(
      async (tx) => {
        if (
          await tx.reportSnapshot.findUnique({
            where: { year_month: { year: m.year, month: m.month } },
            select: { id: true },
          })
        ) {
          throw await alreadyFrozen();
        }
        const data = await buildSnapshotData(tx, viewer, m, today, now);
        const s = await tx.reportSnapshot.create({
          data: {
            year: m.year,
            month: m.month,
            data: data as unknown as Prisma.InputJsonValue,
            frozenAt: now,
            frozenById: viewer.id,
          },
          select: { id: true, frozenAt: true },
        });
        await audit(tx, {
          actorId: viewer.id,
          action: "FREEZE",
          entity: "ReportSnapshot",
          entityId: s.id,
          after: {
            year: m.year,
            month: m.month,
            asOf: data.city.asOf,
            kpis: Object.fromEntries(data.city.kpis.map((k) => [k.metric, k.value])),
            counties: Object.keys(data.counties).length,
          },
        });
        // the leaders (and the leaders' group chat) hear that the month's 通报 is final (issue 16)
        const leaders = await tx.user.findMany({ where: { role: "LEADER", isActive: true }, select: { id: true } });
        await notifyUsers(
          tx,
          leaders.map((l) => l.id),
          {
            kind: "REPORT_FROZEN",
            title: `${monthTitle(m)}月度通报已冻结，可查阅`,
            link: `/reports/monthly?month=${monthKey(m)}`,
            dedupeKey: `report-frozen:${monthKey(m)}`,
            lines: ["冻结后的通报不再随数据变化，会议材料以此为准"],
          },
        );
        return s;
      },
      { isolationLevel: "RepeatableRead", maxWait: 10_000, timeout: 120_000 },
    );
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw await alreadyFrozen();
    throw e;
  }
}

/**
 * The report a page or a download shows: the stored model when the month is frozen (never recomputed), else one
 * built now; with each KPI's change against the latest earlier frozen month of the year.
 */
export async function loadMonthlyReport(
  viewer: Viewer,
  m: ReportMonth,
  scope: ReportScopeInput,
  today: IsoDate,
  now = clockNow(),
) {
  const countyId = scope.county?.id ?? null;
  const [frozen, previous] = await Promise.all([
    frozenReport(prisma, m, countyId),
    previousFrozenKpis(prisma, m, countyId),
  ]);
  const model = frozen?.model ?? (await buildMonthlyReport(prisma, viewer, m, scope, { today, now }));
  return {
    model,
    frozen: frozen ? { at: frozen.frozenAt, by: frozen.frozenBy } : null,
    previous: previous ? { month: previous.month, label: `${previous.month}月冻结数` } : null,
    deltas: kpiDeltas(model.kpis, previous?.kpis ?? null),
  };
}
export type MonthlyReportView = Awaited<ReturnType<typeof loadMonthlyReport>>;
