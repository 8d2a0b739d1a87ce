// The database derives project.stage / signed_on / stage_on from milestones with the same rule as
// app/domain/stage.ts deriveStage; the app never writes the stage.
import { describe, expect, it } from "vitest";
import { deriveStage } from "~/domain/stage";
import { toIsoDate } from "~/domain/dates";
import { prisma } from "~/utils/db.server";

async function newProject() {
  const county = await prisma.county.findFirstOrThrow();
  const industry = await prisma.industry.findFirstOrThrow();
  return prisma.project.create({
    data: {
      code: `T-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
      name: "触发器测试项目",
      countyId: county.id,
      industryId: industry.id,
      origin: "ATTRACTION",
      totalInvestment: 10_000,
      planYear: 2017,
    },
  });
}

async function stageOf(id: number) {
  const p = await prisma.project.findUniqueOrThrow({ where: { id }, include: { milestones: true } });
  const derived = deriveStage(
    p.milestones.map((m) => ({ stage: m.stage, plannedOn: null, actualOn: m.actualOn ? toIsoDate(m.actualOn) : null })),
  );
  return {
    stage: p.stage,
    derived,
    signedOn: p.signedOn && toIsoDate(p.signedOn),
    stageOn: p.stageOn && toIsoDate(p.stageOn),
  };
}

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe("stage derivation trigger", () => {
  it("follows inserts, updates and deletes of milestones", async () => {
    const p = await newProject();
    expect(await stageOf(p.id)).toMatchObject({ stage: "PREPARING", derived: "PREPARING", signedOn: null });

    await prisma.milestone.create({ data: { projectId: p.id, stage: "SIGNED", actualOn: d("2017-03-01") } });
    expect(await stageOf(p.id)).toEqual({
      stage: "SIGNED",
      derived: "SIGNED",
      signedOn: "2017-03-01",
      stageOn: "2017-03-01",
    });

    // a planned-only milestone does not advance the stage
    const land = await prisma.milestone.create({
      data: { projectId: p.id, stage: "LAND", plannedOn: d("2017-05-01") },
    });
    expect((await stageOf(p.id)).stage).toBe("SIGNED");

    await prisma.milestone.update({ where: { id: land.id }, data: { actualOn: d("2017-05-10") } });
    expect(await stageOf(p.id)).toMatchObject({ stage: "LAND", derived: "LAND", stageOn: "2017-05-10" });

    // a gap in the chain stops the stage (STARTED without FUNDING stays at LAND)
    await prisma.milestone.create({ data: { projectId: p.id, stage: "STARTED", actualOn: d("2017-07-01") } });
    expect(await stageOf(p.id)).toMatchObject({ stage: "LAND", derived: "LAND" });
    await prisma.milestone.create({ data: { projectId: p.id, stage: "FUNDING", actualOn: d("2017-06-01") } });
    expect(await stageOf(p.id)).toMatchObject({ stage: "STARTED", derived: "STARTED", stageOn: "2017-07-01" });

    // withdrawing LAND's actual date takes the stage back
    await prisma.milestone.update({ where: { id: land.id }, data: { actualOn: null } });
    expect(await stageOf(p.id)).toMatchObject({ stage: "SIGNED", derived: "SIGNED" });

    await prisma.milestone.deleteMany({ where: { projectId: p.id } });
    expect(await stageOf(p.id)).toMatchObject({ stage: "PREPARING", signedOn: null, stageOn: null });
  });

  it("agrees with deriveStage on every seeded project", async () => {
    const projects = await prisma.project.findMany({ include: { milestones: true } });
    const mismatches = projects.filter((p) => {
      const derived = deriveStage(
        p.milestones.map((m) => ({
          stage: m.stage,
          plannedOn: null,
          actualOn: m.actualOn ? toIsoDate(m.actualOn) : null,
        })),
      );
      return derived !== p.stage;
    });
    expect(mismatches.map((p) => p.code)).toEqual([]);
  });
});
