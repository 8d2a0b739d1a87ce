// Team membership and 组长 (issue 15 §4, docs/decisions/160) through the real loaders and actions: the bureau moves a
// member to another team and makes someone 组长; each change closes a history row on the application clock's date and
// opens another (nothing deleted), moves the current pointers (app_user.team_id, service_team.leader_id) in the same
// transaction, is audited, and shows on the team page; a change on a stale page is a 409 naming what was done; ten
// parallel identical adds make one membership; counties, teams and 市领导 are refused on the server.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { toIsoDate } from "~/domain/dates";
import { action as membersAction, loader as membersLoader } from "~/routes/_app.teams.$teamId_.members/route";
import { loader as teamLoader } from "~/routes/_app.teams.$teamId/route";
import { today } from "~/utils/clock.server";
import { prisma } from "~/utils/db.server";
import { setActive } from "~/models/user.server";
import { postForm, requestAs, run, viewerFor } from "../support/requests";

type Failure = { fieldErrors: Record<string, string>; formError: string | null; conflict: { message: string } | null };

const t = { a: 0, b: 0 };
let member = { id: 0, name: "" };

beforeAll(async () => {
  t.a = (await prisma.serviceTeam.findUniqueOrThrow({ where: { no: 3 } })).id;
  t.b = (await prisma.serviceTeam.findUniqueOrThrow({ where: { no: 4 } })).id;
  const m = await prisma.user.findFirstOrThrow({
    where: { teamId: t.a, role: "TEAM", isActive: true, leadsTeam: null },
    orderBy: { id: "desc" },
  });
  member = { id: m.id, name: m.displayName };
});

const version = async (teamId: number) =>
  String((await prisma.serviceTeam.findUniqueOrThrow({ where: { id: teamId } })).version);

async function change(username: string, teamId: number, fields: Record<string, string>) {
  const request = await postForm(username, `/teams/${teamId}/members`, fields);
  return run(() => membersAction({ request, params: { teamId: String(teamId) }, context: {} }));
}

const open = (teamId: number, userId: number, role = "MEMBER") =>
  prisma.teamMembership.findMany({ where: { teamId, userId, role, toOn: null } });

describe("team membership", () => {
  it("the seed's teams have a history: every member and 组长 from the day the teams were formed", async () => {
    const rows = await prisma.teamMembership.findMany({ where: { teamId: t.a } });
    const members = await prisma.user.count({ where: { teamId: t.a } });
    expect(rows.filter((r) => r.role === "MEMBER" && r.toOn === null)).toHaveLength(members);
    expect(rows.filter((r) => r.role === "LEADER" && r.toOn === null)).toHaveLength(1);
  });

  it("the bureau moves a member to another team: old row closed today, new row opened, both teams audited", async () => {
    const day = today();
    const r = await change("bureau", t.a, {
      intent: "move",
      userId: String(member.id),
      toTeamId: String(t.b),
      version: await version(t.a),
    });
    expect(r.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: member.id } })).teamId).toBe(t.b);
    const closed = await prisma.teamMembership.findMany({ where: { teamId: t.a, userId: member.id } });
    expect(closed.map((c) => (c.toOn ? toIsoDate(c.toOn) : null))).toEqual([day]);
    const opened = await open(t.b, member.id);
    expect(opened.map((o) => toIsoDate(o.fromOn))).toEqual([day]);
    const events = await prisma.auditEvent.findMany({
      where: { action: "MEMBER_MOVE", entity: "ServiceTeam", entityId: { in: [String(t.a), String(t.b)] } },
      orderBy: { id: "desc" },
      take: 2,
    });
    expect(events.map((e) => e.entityId).sort()).toEqual([String(t.a), String(t.b)].sort());
    expect(events[0].after).toMatchObject({ member: member.name });
  });

  it("the team pages show the history (the old team keeps the closed row)", async () => {
    for (const teamId of [t.a, t.b]) {
      const r = await run(async () =>
        teamLoader({
          request: await requestAs("bureau", `/teams/${teamId}`),
          params: { teamId: String(teamId) },
          context: {},
        }),
      );
      const history = (r.data as { history: { name: string; toOn: string | null }[] }).history;
      const mine = history.filter((h) => h.name === member.name);
      expect(mine, `team ${teamId}`).toHaveLength(1);
      expect(mine[0].toOn === null).toBe(teamId === t.b);
    }
  });

  it("the bureau makes the moved member 组长: the previous 组长's row closes, they stay a member", async () => {
    const before = await prisma.serviceTeam.findUniqueOrThrow({ where: { id: t.b } });
    const r = await change("bureau", t.b, { intent: "leader", userId: String(member.id), version: await version(t.b) });
    expect(r.status).toBe(302);
    const after = await prisma.serviceTeam.findUniqueOrThrow({ where: { id: t.b } });
    expect(after.leaderId).toBe(member.id);
    expect(await open(t.b, member.id, "LEADER")).toHaveLength(1);
    expect(await open(t.b, before.leaderId!, "LEADER")).toHaveLength(0);
    expect(await open(t.b, before.leaderId!, "MEMBER")).toHaveLength(1);
    const e = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "TEAM_LEADER", entityId: String(t.b) },
      orderBy: { id: "desc" },
    });
    expect(e.after).toMatchObject({ leader: member.name });
  });

  it("a change on a stale page is a 409 that says what the other person did", async () => {
    const stale = String(Number(await version(t.b)) - 1);
    const r = await change("eic", t.b, { intent: "remove", userId: String(member.id), version: stale });
    expect(r.status).toBe(409);
    const f = r.data as Failure;
    expect(f.conflict?.message).toContain("指定组长");
    expect(f.conflict?.message).toContain(member.name);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: member.id } })).teamId).toBe(t.b);
  });

  it("ten parallel identical adds (one token) bring the 组长 of another team back: one membership, one audit entry", async () => {
    const mark = (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const fields = { intent: "add", userId: String(member.id), version: await version(t.a), createToken: randomUUID() };
    const answers = await Promise.all(Array.from({ length: 10 }, () => change("bureau", t.a, fields)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(302));
    expect(await open(t.a, member.id)).toHaveLength(1);
    expect(await open(t.b, member.id)).toHaveLength(0);
    expect(await open(t.b, member.id, "LEADER")).toHaveLength(0);
    expect((await prisma.serviceTeam.findUniqueOrThrow({ where: { id: t.b } })).leaderId).toBeNull();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: member.id } })).teamId).toBe(t.a);
    expect(
      await prisma.auditEvent.count({ where: { id: { gt: mark }, action: "MEMBER_MOVE", entityId: String(t.a) } }),
    ).toBe(1);
  });

  it("refusals are in Chinese: an unknown person, a member who is already in the team, a bad target team", async () => {
    const v = await version(t.a);
    const already = await change("bureau", t.a, { intent: "add", userId: String(member.id), version: v });
    expect(already.status).toBe(400);
    expect((already.data as Failure).fieldErrors.userId).toContain("已是本组成员");
    const bureau = await prisma.user.findUniqueOrThrow({ where: { username: "bureau" } });
    const notTeam = await change("bureau", t.a, { intent: "add", userId: String(bureau.id), version: v });
    expect((notTeam.data as Failure).fieldErrors.userId).toBe("只能把在用的服务小组账号加入小组");
    const self = await change("bureau", t.a, {
      intent: "move",
      userId: String(member.id),
      toTeamId: String(t.a),
      version: v,
    });
    expect((self.data as Failure).fieldErrors.toTeamId).toBe("请选择调入的服务小组");
    expect(await open(t.a, member.id)).toHaveLength(1);
    const empty = await change("bureau", t.a, { intent: "move", userId: String(member.id), toTeamId: "", version: v });
    expect(empty.status).toBe(400);
  });
  it("removing a member closes the row and deactivates the account (a team account belongs to a team)", async () => {
    const leader = (await prisma.serviceTeam.findUniqueOrThrow({ where: { id: t.a } })).leaderId;
    const r = await change("eic", t.a, { intent: "remove", userId: String(member.id), version: await version(t.a) });
    expect(r.status).toBe(302);
    const u = await prisma.user.findUniqueOrThrow({ where: { id: member.id } });
    expect(u.isActive).toBe(false);
    expect(await prisma.session.count({ where: { userId: member.id } })).toBe(0);
    expect((await prisma.serviceTeam.findUniqueOrThrow({ where: { id: t.a } })).leaderId).toBe(leader);
    expect(await prisma.teamMembership.count({ where: { userId: member.id, toOn: null } })).toBe(0);
    // nothing was deleted: A member, B member, B 组长, A member again
    expect(await prisma.teamMembership.count({ where: { userId: member.id } })).toBe(4);
    expect(await prisma.auditEvent.count({ where: { action: "USER_DEACTIVATE", entityId: String(member.id) } })).toBe(
      1,
    );
  });

  it("the user administration keeps the history too: reactivating the account reopens its row in its team", async () => {
    await setActive(await viewerFor("sysadmin"), member.id, true);
    expect(await open(t.a, member.id)).toHaveLength(1);
    await setActive(await viewerFor("sysadmin"), member.id, false);
    expect(await open(t.a, member.id)).toHaveLength(0);
    expect(await prisma.teamMembership.count({ where: { userId: member.id } })).toBe(5);
  });

  it("counties, teams and 市领导 are refused on the server (page and action)", async () => {
    const county = (await prisma.user.findFirstOrThrow({ where: { role: "COUNTY" } })).username;
    const team = (await prisma.user.findFirstOrThrow({ where: { role: "TEAM", teamId: t.a, isActive: true } }))
      .username;
    for (const u of [county, team, "leader"]) {
      const page = await run(async () =>
        membersLoader({
          request: await requestAs(u, `/teams/${t.a}/members`),
          params: { teamId: String(t.a) },
          context: {},
        }),
      );
      expect(page.status, u).toBe(403);
      const post = await change(u, t.a, { intent: "remove", userId: String(member.id), version: await version(t.a) });
      expect(post.status, u).toBe(403);
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: member.id } })).teamId).toBe(t.a);
  });
});
