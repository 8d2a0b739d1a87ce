// db.as(viewer) (app/models/db.server.ts): the viewer's scope is ANDed into reads, updates and deletes of the scoped
// models, so a query written without it still cannot reach another county's or team's rows.
import { describe, expect, it } from "vitest";
import { db } from "~/models/db.server";
import { prisma } from "~/utils/db.server";
import { viewerFor } from "../support/requests";

describe("db.as(viewer)", () => {
  it("a county reads only its county's projects, issues and leads; another county's row is not found", async () => {
    const county = await viewerFor("county.yuci");
    const scoped = db.as(county);
    const [mine, all] = await Promise.all([
      scoped.project.findMany({ select: { countyId: true } }),
      prisma.project.count(),
    ]);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(all);
    expect(new Set(mine.map((p) => p.countyId))).toEqual(new Set([county.countyId]));
    const other = await prisma.project.findFirstOrThrow({ where: { countyId: { not: county.countyId! } } });
    expect(await scoped.project.findUnique({ where: { id: other.id } })).toBeNull();
    expect(await scoped.project.count({ where: { id: other.id } })).toBe(0);
    const issues = await scoped.coordinationIssue.findMany({ select: { countyId: true } });
    expect(issues.every((i) => i.countyId === county.countyId)).toBe(true);
    const leads = await scoped.lead.findMany({ select: { countyId: true } });
    expect(leads.every((l) => l.countyId === county.countyId)).toBe(true);
  });

  it("writes outside scope touch nothing", async () => {
    const team = await viewerFor("team01");
    const other = await prisma.project.findFirstOrThrow({
      where: { OR: [{ serviceTeamId: null }, { serviceTeamId: { not: team.teamId! } }] },
      select: { id: true, constructionContent: true },
    });
    const r = await db
      .as(team)
      .project.updateMany({ where: { id: other.id }, data: { constructionContent: "越权修改" } });
    expect(r.count).toBe(0);
    await expect(
      db.as(team).project.update({ where: { id: other.id }, data: { constructionContent: "越权修改" } }),
    ).rejects.toThrow();
    const after = await prisma.project.findUniqueOrThrow({
      where: { id: other.id },
      select: { constructionContent: true },
    });
    expect(after.constructionContent).toBe(other.constructionContent);
  });

  it("the city's roles see everything, and unscoped models pass through", async () => {
    const bureau = await viewerFor("bureau");
    expect(await db.as(bureau).project.count()).toBe(await prisma.project.count());
    const county = await viewerFor("county.yuci");
    expect(await db.as(county).county.count()).toBe(await prisma.county.count());
  });
});
