// Team membership and 组长 (issue 15 §4, docs/decisions/160). app_user.team_id and service_team.leader_id are the
// current pointers every page reads; team_membership is the history: a change closes the open row (to_on = today on
// the application clock) and opens a new one, never deleting. Every change is one transaction: both teams locked in
// id order, the version the user saw checked (409 naming what the other person did), both versions moved, audited.
import { toIsoDate } from "~/domain/dates";
import { auditActionLabel } from "~/domain/auditLabels";
import { canManageTeamMembers, type Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import {
  MEMBER_ACTIONS,
  sortHistory,
  teamChangedMessage,
  type MemberChange,
  type MembershipRole,
} from "~/domain/teamMembers";
import { audit } from "~/utils/audit.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { now, today } from "~/utils/clock.server";
import { prisma, type Tx } from "~/utils/db.server";

const dateOf = (s: string) => new Date(`${s}T00:00:00Z`);

/** The team's history of members and 组长, newest first. */
export async function teamHistory(teamId: number) {
  const rows = await prisma.teamMembership.findMany({
    where: { teamId },
    select: { id: true, role: true, fromOn: true, toOn: true, user: { select: { id: true, displayName: true } } },
    orderBy: { id: "desc" },
    take: 500,
  });
  return sortHistory(
    rows.map((r) => ({
      id: r.id,
      userId: r.user.id,
      name: r.user.displayName,
      role: r.role as MembershipRole,
      fromOn: toIsoDate(r.fromOn),
      toOn: r.toOn ? toIsoDate(r.toOn) : null,
    })),
  );
}

/** The members page: the team with its version, its members, who may join, and the other teams to move to. */
export async function membersPage(teamId: number) {
  const team = await prisma.serviceTeam.findUnique({
    where: { id: teamId },
    select: {
      id: true,
      no: true,
      name: true,
      version: true,
      leaderId: true,
      members: {
        where: { isActive: true },
        select: { id: true, displayName: true, username: true, title: true },
        orderBy: { id: "asc" },
      },
    },
  });
  if (!team) return null;
  const [candidates, teams] = await Promise.all([
    prisma.user.findMany({
      where: { role: "TEAM", isActive: true, OR: [{ teamId: null }, { teamId: { not: teamId } }] },
      select: { id: true, displayName: true, username: true, team: { select: { name: true } } },
      orderBy: [{ teamId: { sort: "asc", nulls: "first" } }, { id: "asc" }],
    }),
    prisma.serviceTeam.findMany({
      where: { id: { not: teamId } },
      select: { id: true, name: true },
      orderBy: { no: "asc" },
    }),
  ]);
  return {
    team,
    candidates: candidates.map((c) => ({
      id: c.id,
      label: `${c.displayName}（${c.username}${c.team ? `，现属${c.team.name}` : "，未分组"}）`,
    })),
    teams,
  };
}

type TeamRow = { id: number; name: string; version: number; leaderId: number | null };

async function lockTeams(tx: Tx, ids: number[]): Promise<Map<number, TeamRow>> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const rows = await tx.$queryRaw<Array<{ id: number; name: string; version: number; leader_id: number | null }>>`
    SELECT id, name, version, leader_id FROM service_team WHERE id = ANY(${sorted}::int[]) ORDER BY id FOR UPDATE`;
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, version: r.version, leaderId: r.leader_id }]));
}

/** What the last change of the team was, for the conflict message. */
async function lastChange(tx: Tx, teamId: number) {
  const e = await tx.auditEvent.findFirst({
    where: { entity: "ServiceTeam", entityId: String(teamId) },
    orderBy: { id: "desc" },
    select: { action: true, after: true, actorId: true },
  });
  if (!e) return null;
  const after = (e.after ?? {}) as { member?: string; toTeam?: string; fromTeam?: string };
  const label = auditActionLabel(e.action);
  const detail = after.member ? `「${after.member}」${after.toTeam ? `（调至${after.toTeam}）` : ""}` : "";
  const actor = e.actorId
    ? await tx.user.findUnique({ where: { id: e.actorId }, select: { displayName: true } })
    : null;
  return { actor: actor?.displayName ?? null, what: `${label}${detail}` };
}

async function bump(tx: Tx, teamId: number, data: { leaderId?: number | null } = {}) {
  await tx.serviceTeam.update({ where: { id: teamId }, data: { ...data, version: { increment: 1 } } });
}

/** Closes the member's open rows in `teamId` (member and, if so, 组长) and clears the team's 组长 pointer. */
async function leave(tx: Tx, userId: number, team: TeamRow, on: Date) {
  await tx.teamMembership.updateMany({ where: { teamId: team.id, userId, toOn: null }, data: { toOn: on } });
  if (team.leaderId === userId) return { leaderId: null };
  return {};
}

async function join(tx: Tx, userId: number, teamId: number, on: Date) {
  await tx.teamMembership.create({ data: { teamId, userId, role: "MEMBER", fromOn: on } });
  await tx.user.update({ where: { id: userId }, data: { teamId } });
}

/**
 * Applies one change to team `teamId`. `add` of someone in another team moves them (closing their rows there);
 * `move` sends a member of this team to `toTeamId`; `leader` makes a member the 组长 (the previous 组长 stays a member).
 */
export async function changeTeamMembers(viewer: Viewer, teamId: number, change: MemberChange, claim?: CreateClaim) {
  if (!canManageTeamMembers(viewer)) throw Refusal.forbidden("只有投资促进局、市经信委和系统管理员可以调整小组成员");
  // adding is a create (the add form carries a CreateToken, decision 093): a repeat answers the first, not a 409
  return prisma.$transaction((tx) => once(tx, claim, () => applyChange(tx, viewer, teamId, change)));
}

async function applyChange(tx: Tx, viewer: Viewer, teamId: number, change: MemberChange): Promise<void> {
  {
    // the member first, then the teams in id order: two changes of one person queue, and no two deadlock
    await tx.$queryRaw`SELECT id FROM app_user WHERE id = ${change.userId} FOR UPDATE`;
    const user = await tx.user.findUnique({
      where: { id: change.userId },
      select: { id: true, displayName: true, role: true, isActive: true, teamId: true },
    });
    const toTeamId = change.intent === "move" ? change.toTeamId : null;
    const locked = await lockTeams(tx, [teamId, toTeamId ?? teamId, user?.teamId ?? teamId]);
    const team = locked.get(teamId);
    if (!team) throw Refusal.notFound("服务小组不存在");
    if (team.version !== change.version)
      throw Refusal.conflict({ message: teamChangedMessage(await lastChange(tx, teamId)) });
    if (!user || !user.isActive || user.role !== "TEAM")
      throw Refusal.fields({ userId: "只能把在用的服务小组账号加入小组" });
    const on = dateOf(today());
    const member = user.displayName;

    if (change.intent === "add") {
      if (user.teamId === teamId) throw Refusal.fields({ userId: `${member}已是本组成员` });
      const from = user.teamId ? locked.get(user.teamId)! : null;
      if (from) {
        await bump(tx, from.id, await leave(tx, user.id, from, on));
        await audit(tx, {
          actorId: viewer.id,
          action: MEMBER_ACTIONS.move,
          entity: "ServiceTeam",
          entityId: from.id,
          before: { member, team: from.name },
          after: { member, fromTeam: from.name, toTeam: team.name },
        });
      }
      await join(tx, user.id, teamId, on);
      await bump(tx, teamId);
      await audit(tx, {
        actorId: viewer.id,
        action: from ? MEMBER_ACTIONS.move : MEMBER_ACTIONS.add,
        entity: "ServiceTeam",
        entityId: teamId,
        before: from ? { member, team: from.name } : undefined,
        after: { member, memberId: user.id, team: team.name, ...(from ? { fromTeam: from.name } : {}) },
      });
      return;
    }

    if (user.teamId !== teamId) throw Refusal.fields({ userId: `${member}不是本组成员，请刷新页面` }, null, 409);

    if (change.intent === "leader") {
      if (team.leaderId === user.id) throw Refusal.fields({ userId: `${member}已是本组组长` });
      const previous = team.leaderId
        ? await tx.user.findUnique({ where: { id: team.leaderId }, select: { displayName: true } })
        : null;
      await tx.teamMembership.updateMany({ where: { teamId, role: "LEADER", toOn: null }, data: { toOn: on } });
      await tx.teamMembership.create({ data: { teamId, userId: user.id, role: "LEADER", fromOn: on } });
      await bump(tx, teamId, { leaderId: user.id });
      await audit(tx, {
        actorId: viewer.id,
        action: MEMBER_ACTIONS.leader,
        entity: "ServiceTeam",
        entityId: teamId,
        before: { leader: previous?.displayName ?? null },
        after: { leader: member, member, memberId: user.id, team: team.name },
      });
      return;
    }

    if (change.intent === "remove") {
      // A service-team account belongs to a team (app_user_scope_present): leaving the teams ends the account's use —
      // it is deactivated and its sessions end; team_id keeps the last team. The 系统管理员 may reactivate it later.
      await bump(tx, teamId, await leave(tx, user.id, team, on));
      await tx.user.update({
        where: { id: user.id },
        data: { isActive: false, deactivatedAt: now(), updatedAt: now() },
      });
      const ended = (await tx.session.deleteMany({ where: { userId: user.id } })).count;
      await audit(tx, {
        actorId: viewer.id,
        action: MEMBER_ACTIONS.remove,
        entity: "ServiceTeam",
        entityId: teamId,
        before: { member, memberId: user.id, team: team.name, wasLeader: team.leaderId === user.id },
        after: { member, memberId: user.id, team: null },
      });
      await audit(tx, {
        actorId: viewer.id,
        action: "USER_DEACTIVATE",
        entity: "User",
        entityId: user.id,
        before: { isActive: true },
        after: { isActive: false, sessionsEnded: ended, reason: `移出${team.name}` },
      });
      return;
    }

    // move
    const to = locked.get(change.toTeamId);
    if (!to || to.id === teamId) throw Refusal.fields({ toTeamId: "请选择调入的服务小组" });
    await bump(tx, teamId, await leave(tx, user.id, team, on));
    await join(tx, user.id, to.id, on);
    await bump(tx, to.id);
    for (const t of [team, to])
      await audit(tx, {
        actorId: viewer.id,
        action: MEMBER_ACTIONS.move,
        entity: "ServiceTeam",
        entityId: t.id,
        before: { member, team: team.name, wasLeader: team.leaderId === user.id },
        after: { member, memberId: user.id, fromTeam: team.name, toTeam: to.name },
      });
  }
}

/**
 * The user administration changed someone's team (app/models/user.server.ts): the history follows, in the same
 * transaction — rows in the old team closed (and its 组长 cleared if it was them), a row opened in the new one.
 */
export async function recordTeamChange(tx: Tx, userId: number, fromTeamId: number | null, toTeamId: number | null) {
  if (fromTeamId === toTeamId) return;
  const locked = await lockTeams(
    tx,
    [fromTeamId, toTeamId].filter((x): x is number => x !== null),
  );
  const on = dateOf(today());
  const from = fromTeamId ? locked.get(fromTeamId) : undefined;
  if (from) await bump(tx, from.id, await leave(tx, userId, from, on));
  if (toTeamId && locked.has(toTeamId)) {
    await tx.teamMembership.create({ data: { teamId: toTeamId, userId, role: "MEMBER", fromOn: on } });
    await bump(tx, toTeamId);
  }
}
