// 跟进督办 (issue 22 item 3): overdue 下次跟进 and 沉睡 leads per owner and per county, and the overdue leads
// themselves, for the bureau (all counties) or a county (its own). Takes the viewer's scoped client (db.as), so the
// scope is in every query's where; the filters are the same fragments the lead list's drill-down uses.
import type { PrismaClient } from "~/generated/prisma/client";
import { daysBetween, toIsoDate, type IsoDate } from "~/domain/dates";
import { dormantWhere, overdueWhere } from "~/models/lead.server";

const LIST_LIMIT = 100;

export async function presentFollowUps(db: PrismaClient, today: IsoDate) {
  const overdue = overdueWhere(today);
  const dormant = dormantWhere(today);
  const [byOwnerOverdue, byOwnerDormant, byCountyOverdue, byCountyDormant, overdueCount, dormantCount, rows] =
    await Promise.all([
      db.lead.groupBy({ by: ["ownerId"], where: overdue, _count: { _all: true }, _min: { nextFollowUpOn: true } }),
      db.lead.groupBy({ by: ["ownerId"], where: dormant, _count: { _all: true } }),
      db.lead.groupBy({ by: ["countyId"], where: overdue, _count: { _all: true }, _min: { nextFollowUpOn: true } }),
      db.lead.groupBy({ by: ["countyId"], where: dormant, _count: { _all: true } }),
      db.lead.count({ where: overdue }),
      db.lead.count({ where: dormant }),
      db.lead.findMany({
        where: overdue,
        orderBy: [{ nextFollowUpOn: "asc" }, { id: "asc" }],
        take: LIST_LIMIT,
        select: {
          id: true,
          name: true,
          enterpriseName: true,
          stage: true,
          nextFollowUpOn: true,
          county: { select: { name: true } },
          owner: { select: { displayName: true } },
        },
      }),
    ]);
  const ownerIds = [...new Set([...byOwnerOverdue, ...byOwnerDormant].map((r) => r.ownerId))].filter(
    (x): x is number => x !== null,
  );
  const countyIds = [...new Set([...byCountyOverdue, ...byCountyDormant].map((r) => r.countyId))];
  const [owners, counties] = await Promise.all([
    db.user.findMany({
      where: { id: { in: ownerIds } },
      select: { id: true, displayName: true, county: { select: { name: true } } },
    }),
    db.county.findMany({ where: { id: { in: countyIds } }, select: { id: true, name: true, sortOrder: true } }),
  ]);
  const longest = (d: Date | null) => (d ? daysBetween(toIsoDate(d), today) : 0);
  const byOwner = [...new Set([...byOwnerOverdue, ...byOwnerDormant].map((r) => r.ownerId))]
    .map((id) => {
      const o = byOwnerOverdue.find((r) => r.ownerId === id);
      const user = owners.find((u) => u.id === id);
      return {
        ownerId: id,
        owner: id === null ? "未指定负责人" : (user?.displayName ?? `用户 #${id}`),
        unit: id === null ? "—" : user?.county ? user.county.name : "投资促进局",
        overdue: o?._count._all ?? 0,
        longestDays: longest(o?._min.nextFollowUpOn ?? null),
        dormant: byOwnerDormant.find((r) => r.ownerId === id)?._count._all ?? 0,
      };
    })
    .sort((a, b) => b.overdue - a.overdue || b.dormant - a.dormant || a.owner.localeCompare(b.owner, "zh-CN"));
  const byCounty = counties
    .sort((a, b) => a.sortOrder - b.sortOrder)
    .map((c) => {
      const o = byCountyOverdue.find((r) => r.countyId === c.id);
      return {
        countyId: c.id,
        county: c.name,
        overdue: o?._count._all ?? 0,
        longestDays: longest(o?._min.nextFollowUpOn ?? null),
        dormant: byCountyDormant.find((r) => r.countyId === c.id)?._count._all ?? 0,
      };
    });
  return {
    today,
    overdueCount,
    dormantCount,
    byOwner,
    byCounty,
    overdue: rows.map((r) => ({
      id: r.id,
      name: r.name,
      enterpriseName: r.enterpriseName,
      stage: r.stage,
      county: r.county.name,
      owner: r.owner?.displayName ?? "未指定负责人",
      nextFollowUpOn: toIsoDate(r.nextFollowUpOn!),
      days: daysBetween(toIsoDate(r.nextFollowUpOn!), today),
    })),
  };
}
export type FollowUpView = Awaited<ReturnType<typeof presentFollowUps>>;
