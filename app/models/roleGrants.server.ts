// 授权审查 for the 安全管理员 (issue 14 §4): who holds which role and scope now, and the recent grants and changes
// from the audit log. Read-only; nothing of the business data beyond the names of the scope units.
import { z } from "zod";
import { formatAuditTime } from "~/domain/auditText";
import { ROLE_LABELS, type RoleKey } from "~/domain/labels";
import {
  GRANT_ACTIONS,
  GRANT_PAGE_SIZE,
  GRANT_PERIODS,
  grantChangeText,
  grantScopeIds,
  type ScopeNames,
} from "~/domain/roleGrants";
import { now } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";

export const GrantQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .refine((n) => (GRANT_PERIODS as readonly number[]).includes(n))
    .catch(30),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type GrantQuery = z.infer<typeof GrantQuery>;

/** Roles that read beyond one county, team or enterprise: each holder is listed by name for review. */
const WIDE_ROLES: RoleKey[] = ["ADMIN", "SECADMIN", "AUDITOR", "BUREAU", "LEADER", "EIC"];

async function scopeNames(ids: ReturnType<typeof grantScopeIds>): Promise<ScopeNames> {
  const [counties, teams, enterprises, departments] = await Promise.all([
    prisma.county.findMany({ where: { id: { in: ids.countyId } }, select: { id: true, name: true } }),
    prisma.serviceTeam.findMany({ where: { id: { in: ids.teamId } }, select: { id: true, name: true } }),
    prisma.enterprise.findMany({ where: { id: { in: ids.enterpriseId } }, select: { id: true, name: true } }),
    prisma.department.findMany({ where: { id: { in: ids.departmentId } }, select: { id: true, name: true } }),
  ]);
  const map = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [r.id, r.name]));
  return {
    countyId: map(counties),
    teamId: map(teams),
    enterpriseId: map(enterprises),
    departmentId: map(departments),
  };
}

export async function grantReview(q: GrantQuery) {
  const at = now();
  const since = new Date(at.getTime() - q.days * 86_400_000);
  const changeWhere = { action: { in: [...GRANT_ACTIONS] }, entity: "User", at: { gte: since } };
  const [counts, locked, holders, total, events] = await Promise.all([
    prisma.user.groupBy({ by: ["role", "isActive"], _count: { _all: true } }),
    prisma.user.groupBy({ by: ["role"], where: { lockedUntil: { gt: at } }, _count: { _all: true } }),
    prisma.user.findMany({
      where: { role: { in: WIDE_ROLES } },
      orderBy: [{ role: "asc" }, { username: "asc" }],
      select: {
        id: true,
        username: true,
        displayName: true,
        role: true,
        isActive: true,
        createdAt: true,
        sessions: { select: { lastSeenAt: true }, orderBy: { lastSeenAt: { sort: "desc", nulls: "last" } }, take: 1 },
      },
    }),
    prisma.auditEvent.count({ where: changeWhere }),
    prisma.auditEvent.findMany({
      where: changeWhere,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * GRANT_PAGE_SIZE,
      take: GRANT_PAGE_SIZE,
      select: { id: true, at: true, actorId: true, action: true, entityId: true, before: true, after: true },
    }),
  ]);
  const people = new Map(
    (
      await prisma.user.findMany({
        where: {
          id: {
            in: [
              ...events.map((e) => e.actorId).filter((x): x is number => x !== null),
              ...events.map((e) => Number(e.entityId)).filter(Number.isSafeInteger),
            ],
          },
        },
        select: { id: true, username: true, displayName: true },
      })
    ).map((u) => [u.id, `${u.displayName}（${u.username}）`]),
  );
  const names = await scopeNames(grantScopeIds(events));
  const roles = (Object.keys(ROLE_LABELS) as RoleKey[]).map((role) => {
    const n = (active: boolean) => counts.find((c) => c.role === role && c.isActive === active)?._count._all ?? 0;
    return {
      role,
      label: ROLE_LABELS[role],
      active: n(true),
      inactive: n(false),
      locked: locked.find((l) => l.role === role)?._count._all ?? 0,
    };
  });
  return {
    days: q.days,
    roles,
    holders: holders.map((h) => ({
      id: h.id,
      username: h.username,
      displayName: h.displayName,
      role: ROLE_LABELS[h.role],
      isActive: h.isActive,
      since: formatAuditTime(h.createdAt),
      lastSeen: h.sessions[0]?.lastSeenAt ? formatAuditTime(h.sessions[0].lastSeenAt) : "—",
    })),
    total,
    changes: events.map((e) => ({
      id: e.id,
      at: formatAuditTime(e.at),
      actor: e.actorId === null ? "系统" : (people.get(e.actorId) ?? `用户 #${e.actorId}`),
      userId: Number(e.entityId),
      user: people.get(Number(e.entityId)) ?? `用户 #${e.entityId}`,
      change: grantChangeText(e, names),
    })),
  };
}
