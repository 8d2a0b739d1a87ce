// User administration and self-service (issue 14): one function per query/command; every write audited in the
// same transaction; every privilege change and deactivation ends that user's sessions at once.
import { recordTeamChange } from "./teamMembers.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { randomInt } from "node:crypto";
import { passwordProblems } from "~/domain/accountPolicy";
import { getPolicy } from "./securityPolicy.server";
import { ROLE_LABELS, type RoleKey } from "~/domain/labels";
import type { Viewer } from "~/domain/permissions";
import {
  ADMIN_ROLES,
  USER_PAGE_SIZE,
  type ChangePasswordForm,
  type ContactForm,
  type CreateUserForm,
  type EditUserForm,
  type UserListQuery,
} from "~/domain/userForms.server";
import { Prisma } from "~/generated/prisma/client";
import { audit, diffFields } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { prisma, type Tx } from "~/utils/db.server";
import { Refusal } from "~/domain/refusal";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { countyOptions } from "./options.server";

/** A refused command: a Chinese message, for a field or the whole form, with its HTTP status (404: a page). */
function refused(message: string, status: 400 | 404 | 409 = 400, field?: string) {
  if (status === 404) return Refusal.notFound(message);
  return new Refusal(field ? { fieldErrors: { [field]: message } } : { formError: message }, status);
}

export function userWhere(q: UserListQuery, at: Date): Prisma.UserWhereInput {
  const and: Prisma.UserWhereInput[] = [];
  if (q.q) {
    and.push({
      OR: [
        { username: { contains: q.q.toLowerCase() } },
        { displayName: { contains: q.q, mode: "insensitive" } },
        { title: { contains: q.q, mode: "insensitive" } },
      ],
    });
  }
  if (q.role) and.push({ role: q.role });
  if (q.countyId) and.push({ countyId: q.countyId });
  if (q.teamId) and.push({ teamId: q.teamId });
  if (q.enterpriseId) and.push({ enterpriseId: q.enterpriseId });
  if (q.departmentId) and.push({ departmentId: q.departmentId });
  if (q.active) and.push({ isActive: q.active === "yes" });
  if (q.locked) and.push({ lockedUntil: { gt: at } });
  return and.length ? { AND: and } : {};
}

export async function listUsers(q: UserListQuery) {
  const at = now();
  const where = userWhere(q, at);
  const [total, rows] = await Promise.all([
    prisma.user.count({ where }),
    prisma.user.findMany({
      where,
      orderBy: [{ username: "asc" }],
      skip: (q.page - 1) * USER_PAGE_SIZE,
      take: USER_PAGE_SIZE,
      select: {
        id: true,
        username: true,
        displayName: true,
        role: true,
        title: true,
        isActive: true,
        lockedUntil: true,
        county: { select: { name: true } },
        team: { select: { name: true } },
        enterprise: { select: { name: true } },
        department: { select: { name: true } },
        sessions: { select: { lastSeenAt: true }, orderBy: { lastSeenAt: { sort: "desc", nulls: "last" } }, take: 1 },
      },
    }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      role: r.role,
      title: r.title,
      isActive: r.isActive,
      locked: r.lockedUntil !== null && r.lockedUntil > at,
      scope: r.county?.name ?? r.team?.name ?? r.enterprise?.name ?? r.department?.name ?? null,
      lastSeenAt: r.sessions[0]?.lastSeenAt?.toISOString() ?? null,
    })),
  };
}

export function scopeOptions() {
  return Promise.all([
    countyOptions(),
    prisma.serviceTeam.findMany({ select: { id: true, name: true }, orderBy: { no: "asc" } }),
    prisma.enterprise.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    // only the units whose staff are DEPARTMENT accounts (市经信委, 市投资促进局 and the county governments are acted
    // for by their EIC, BUREAU and COUNTY accounts; docs/decisions/140)
    prisma.department.findMany({
      where: { staffedBy: "DEPARTMENT" },
      select: { id: true, name: true },
      orderBy: { sortOrder: "asc" },
    }),
  ]).then(([counties, teams, enterprises, departments]) => ({ counties, teams, enterprises, departments }));
}

export async function getUser(id: number) {
  const u = await prisma.user.findUnique({
    where: { id },
    select: {
      id: true,
      username: true,
      displayName: true,
      role: true,
      countyId: true,
      teamId: true,
      enterpriseId: true,
      departmentId: true,
      title: true,
      phone: true,
      email: true,
      isActive: true,
      lockedUntil: true,
      mustChangePassword: true,
      deactivatedAt: true,
      updatedAt: true,
      createdAt: true,
    },
  });
  return u;
}

/** A one-time password that itself satisfies the policy (all four classes, 12 characters, no look-alikes). */
export function oneTimePassword(): string {
  const sets = ["abcdefghjkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "@#%+=!?"];
  const all = sets.join("");
  const chars = sets.map((s) => s[randomInt(s.length)]);
  while (chars.length < 12) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

const LOCK_ADMIN_ROLES = 7310;

/** The last active administrator of each kind stays: refuse deactivating or demoting them. */
async function keepLastAdmin(tx: Tx, user: { id: number; role: RoleKey; isActive: boolean }, next: RoleKey | null) {
  if (!ADMIN_ROLES.includes(user.role) || !user.isActive || next === user.role) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_ADMIN_ROLES}::int, 0)`;
  const others = await tx.user.count({ where: { role: user.role, isActive: true, id: { not: user.id } } });
  if (others === 0) {
    throw refused(`这是最后一个在用的${ROLE_LABELS[user.role]}，不能停用或变更其角色`, 409);
  }
}

async function scopeExists(
  tx: Tx,
  f: { countyId: number | null; teamId: number | null; enterpriseId: number | null; departmentId: number | null },
) {
  if (f.countyId && !(await tx.county.findUnique({ where: { id: f.countyId }, select: { id: true } })))
    throw refused("县区不存在", 400, "countyId");
  if (f.teamId && !(await tx.serviceTeam.findUnique({ where: { id: f.teamId }, select: { id: true } })))
    throw refused("服务小组不存在", 400, "teamId");
  if (f.enterpriseId && !(await tx.enterprise.findUnique({ where: { id: f.enterpriseId }, select: { id: true } })))
    throw refused("企业不存在", 400, "enterpriseId");
  if (
    f.departmentId &&
    !(await tx.department.findFirst({ where: { id: f.departmentId, staffedBy: "DEPARTMENT" }, select: { id: true } }))
  )
    throw refused("责任单位不存在", 400, "departmentId");
}

function isUniqueViolation(err: unknown) {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/**
 * A new account with a one-time password. With a claim, a repeat of the same form answers the account the first
 * created, with `oneTimePassword: null`: the password is shown once and never stored in clear.
 */
export async function createUser(actor: Viewer, f: CreateUserForm, claim?: CreateClaim) {
  const otp = oneTimePassword();
  const passwordHash = await hashPassword(otp);
  const at = now();
  try {
    const user = await prisma.$transaction(async (tx) =>
      once(tx, claim, async () => {
        await scopeExists(tx, f);
        const u = await tx.user.create({
          data: { ...f, passwordHash, mustChangePassword: true, passwordChangedAt: at, createdAt: at, updatedAt: at },
          select: { id: true, username: true },
        });
        if (f.teamId) await recordTeamChange(tx, u.id, null, f.teamId);
        await audit(tx, {
          actorId: actor.id,
          action: "USER_CREATE",
          entity: "User",
          entityId: u.id,
          after: { ...f },
        });
        return u;
      }),
    );
    return { user, oneTimePassword: claim?.replayed ? null : otp };
  } catch (err) {
    if (isUniqueViolation(err)) throw refused("该用户名已被使用（不区分大小写）", 409, "username");
    throw err;
  }
}

export async function updateUser(actor: Viewer, id: number, f: EditUserForm) {
  const { version: _v, ...fields } = f;
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({
      where: { id },
      select: {
        id: true,
        isActive: true,
        displayName: true,
        role: true,
        countyId: true,
        teamId: true,
        enterpriseId: true,
        departmentId: true,
        title: true,
        phone: true,
        email: true,
      },
    });
    if (!before) throw refused("用户不存在", 404);
    await keepLastAdmin(tx, before, fields.role);
    await scopeExists(tx, fields);
    const d = diffFields(before, fields);
    if (!d.changed.length) return { changed: [] as string[] };
    await tx.user.update({ where: { id }, data: { ...fields, updatedAt: now() } });
    if (d.changed.includes("teamId")) await recordTeamChange(tx, id, before.teamId, fields.teamId);
    const privilege = d.changed.some((k) => ["role", "countyId", "teamId", "enterpriseId", "departmentId"].includes(k));
    // a new role or scope takes effect through a new sign-in (a new session id)
    if (privilege) await tx.session.deleteMany({ where: { userId: id } });
    await audit(tx, {
      actorId: actor.id,
      action: privilege ? "USER_ROLE_CHANGE" : "USER_UPDATE",
      entity: "User",
      entityId: id,
      before: d.before,
      after: d.after,
    });
    return { changed: d.changed };
  });
}

export async function setActive(actor: Viewer, id: number, active: boolean) {
  return prisma.$transaction(async (tx) => {
    const u = await tx.user.findUnique({
      where: { id },
      select: { id: true, role: true, isActive: true, teamId: true },
    });
    if (!u) throw refused("用户不存在", 404);
    if (u.isActive === active) return;
    // a team's history holds its active members (docs/decisions/160): deactivating closes the row, reactivating opens one
    if (u.teamId) await recordTeamChange(tx, id, active ? null : u.teamId, active ? u.teamId : null);
    if (!active) {
      if (u.id === actor.id) throw refused("不能停用自己的账号", 409);
      await keepLastAdmin(tx, u, null);
    }
    await tx.user.update({
      where: { id },
      data: { isActive: active, deactivatedAt: active ? null : now(), updatedAt: now() },
    });
    // every session of a deactivated user ends at once
    const ended = active ? 0 : (await tx.session.deleteMany({ where: { userId: id } })).count;
    await audit(tx, {
      actorId: actor.id,
      action: active ? "USER_REACTIVATE" : "USER_DEACTIVATE",
      entity: "User",
      entityId: id,
      before: { isActive: !active },
      after: { isActive: active, sessionsEnded: ended },
    });
  });
}

export async function resetPassword(actor: Viewer, id: number) {
  const otp = oneTimePassword();
  const passwordHash = await hashPassword(otp);
  await prisma.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { id }, select: { id: true } });
    if (!u) throw refused("用户不存在", 404);
    await tx.user.update({
      where: { id },
      data: { passwordHash, mustChangePassword: true, passwordChangedAt: now(), lockedUntil: null, updatedAt: now() },
    });
    await tx.session.deleteMany({ where: { userId: id } });
    await audit(tx, { actorId: actor.id, action: "PASSWORD_RESET", entity: "User", entityId: id });
  });
  return otp;
}

export async function unlockUser(actor: Viewer, id: number) {
  await prisma.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { id }, select: { id: true, username: true, lockedUntil: true } });
    if (!u) throw refused("用户不存在", 404);
    await tx.user.update({ where: { id }, data: { lockedUntil: null } });
    // the failures that locked it no longer count (the audit log keeps them)
    await tx.loginAttempt.deleteMany({ where: { username: u.username, success: false } });
    await audit(tx, {
      actorId: actor.id,
      action: "ACCOUNT_UNLOCK",
      entity: "User",
      entityId: id,
      before: { lockedUntil: u.lockedUntil },
    });
  });
}

// — self-service —

export async function changeOwnPassword(viewer: Viewer, f: ChangePasswordForm, keepSessionId: string) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: viewer.id },
    select: { passwordHash: true, username: true },
  });
  if (!(await verifyPassword(f.currentPassword, user.passwordHash)))
    throw refused("当前密码不正确", 400, "currentPassword");
  const policy = await getPolicy();
  const problems = passwordProblems(f.newPassword, user.username, policy);
  if (problems.length) throw refused(problems.join("；"), 400, "newPassword");
  const history = await prisma.passwordHistory.findMany({
    where: { userId: viewer.id },
    orderBy: { id: "desc" },
    take: policy.historySize - 1,
    select: { passwordHash: true },
  });
  for (const h of [user.passwordHash, ...history.map((x) => x.passwordHash)]) {
    if (await verifyPassword(f.newPassword, h))
      throw refused(`新密码不能与最近 ${policy.historySize} 次使用过的密码相同`, 400, "newPassword");
  }
  const passwordHash = await hashPassword(f.newPassword);
  const at = now();
  await prisma.$transaction(async (tx) => {
    await tx.passwordHistory.create({ data: { userId: viewer.id, passwordHash: user.passwordHash, createdAt: at } });
    await tx.user.update({
      where: { id: viewer.id },
      data: { passwordHash, passwordChangedAt: at, mustChangePassword: false, updatedAt: at },
    });
    // the other sessions end: whoever knew the old password is signed out
    await tx.session.deleteMany({ where: { userId: viewer.id, id: { not: keepSessionId } } });
    await audit(tx, { actorId: viewer.id, action: "PASSWORD_CHANGE", entity: "User", entityId: viewer.id });
  });
}

export function listOwnSessions(userId: number) {
  return prisma.session.findMany({
    where: { userId },
    orderBy: [{ lastSeenAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
  });
}

export async function endOtherSessions(viewer: Viewer, keepSessionId: string) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId: viewer.id, id: { not: keepSessionId } } });
    await audit(tx, {
      actorId: viewer.id,
      action: "SESSIONS_END_OTHERS",
      entity: "User",
      entityId: viewer.id,
      after: { ended: count },
    });
    return count;
  });
}

export async function updateOwnContact(viewer: Viewer, f: ContactForm) {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { phone: true, email: true } });
    const d = diffFields(before, f);
    if (!d.changed.length) return;
    await tx.user.update({ where: { id: viewer.id }, data: { ...f, updatedAt: now() } });
    await audit(tx, {
      actorId: viewer.id,
      action: "CONTACT_UPDATE",
      entity: "User",
      entityId: viewer.id,
      before: d.before,
      after: d.after,
    });
  });
}
