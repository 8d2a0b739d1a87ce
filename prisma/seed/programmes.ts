// 重点专项 (issue 18 §1, docs/decisions/200): the report's programmes with their periods and targets, and their
// members taken from what the demo already tags them by — 山西农谷's projects are those in the 山西农谷 zone, the
// 示范区起步区's the 示范区晋中区 zone's projects of the 2017 plan, the three-year plan's the 2017 plan's transformation
// projects (in the plan: ACTIVE) and the 35 优势企业, the PPP 示范库's the projects granted PPP money. Money 万元.
import type { Prisma } from "../../app/generated/prisma/client.ts";
import { cst, day } from "./time.ts";

type Tx = Prisma.TransactionClient;

interface ProgrammeDef {
  name: string;
  startsOn: string;
  endsOn: string | null;
  targets: Partial<
    Record<
      | "targetProjects"
      | "targetTotalInvestment"
      | "targetAnnualInvestment"
      | "targetStarted"
      | "targetEnterprises"
      | "targetOutput",
      number
    >
  >;
  note: string;
  /** Member projects, as a condition on `project p`. */
  projects: string;
  /** Member enterprises, as a condition on `enterprise e` (none when absent). */
  enterprises?: string;
}

export const PROGRAMMES: readonly ProgrammeDef[] = [
  {
    name: "山西农谷",
    startsOn: "2017-01-01",
    endsOn: "2017-12-31",
    targets: {
      targetProjects: 27,
      targetTotalInvestment: 1_960_000,
      targetAnnualInvestment: 410_000,
      targetStarted: 27,
    },
    note: "山西农谷建设年度重点项目 27 个，总投资 196 亿元，年度计划投资 41 亿元，年内全部开工。",
    projects: "p.county_id = (SELECT id FROM county WHERE code = 'SX-NG')",
  },
  {
    name: "示范区起步区",
    startsOn: "2017-04-01",
    endsOn: "2017-12-31",
    targets: { targetProjects: 20, targetStarted: 20 },
    note: "山西转型综改示范区晋中区起步区自 4 月起推进 20 个重点项目。",
    projects: "p.county_id = (SELECT id FROM county WHERE code = 'JZ-SFQ') AND p.plan_year = 2017",
  },
  {
    name: "转型升级三年行动（2017—2019年）",
    startsOn: "2017-01-01",
    endsOn: "2019-12-31",
    targets: {
      targetProjects: 100,
      targetTotalInvestment: 10_000_000,
      targetEnterprises: 35,
      targetOutput: 10_000_000,
    },
    note: "三年实施 100 个转型项目（总投资上千亿元），扶持 35 户优势企业（总产值过千亿元）。",
    projects: "p.plan_year = 2017 AND p.is_transformation AND p.pool = 'ACTIVE'",
    enterprises: "e.is_key_enterprise",
  },
  {
    name: "PPP 示范库",
    startsOn: "2017-01-01",
    endsOn: null,
    targets: {},
    note: "列入 PPP 示范、获 PPP 专项资金支持（股权投入、项目引导、示范奖补）的项目。",
    projects: "EXISTS (SELECT 1 FROM project_incentive i WHERE i.project_id = p.id AND i.content LIKE '%PPP%')",
  },
];

export async function writeProgrammes(tx: Tx): Promise<number> {
  for (const def of PROGRAMMES) {
    const at = cst(def.startsOn < "2017-03-01" ? "2017-03-01" : def.startsOn, 9);
    const p = await tx.programme.create({
      data: {
        name: def.name,
        startsOn: day(def.startsOn),
        endsOn: def.endsOn ? day(def.endsOn) : null,
        ...def.targets,
        note: def.note,
        createdAt: at,
        updatedAt: at,
      },
    });
    // conditions are this file's constants, never input
    await tx.$executeRawUnsafe(
      `INSERT INTO programme_project (programme_id, project_id, added_at)
       SELECT $1, p.id, $2 FROM project p WHERE ${def.projects} ORDER BY p.id`,
      p.id,
      at,
    );
    if (def.enterprises)
      await tx.$executeRawUnsafe(
        `INSERT INTO programme_enterprise (programme_id, enterprise_id, added_at)
         SELECT $1, e.id, $2 FROM enterprise e WHERE ${def.enterprises} ORDER BY e.id`,
        p.id,
        at,
      );
  }
  return PROGRAMMES.length;
}
