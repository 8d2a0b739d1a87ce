// 专项资金 of the demo (issue 18 §2, docs/decisions/205): the report's two 2亿 funds with their 2017 budgets, the
// applications of the transformation projects whose promised incentives name a fund (the amount promised is the
// amount approved), a few still waiting for 审核 or 批复 and one refused, and the disbursements made so far — each
// one a new funding record of the project (source: the fund), dated on or before 2017-11-19 (decision 090). Fixed
// data, no random stream: every other seeded row stays as it was.
import type { Prisma } from "../../app/generated/prisma/client.ts";
import { POLICY_LIBRARY } from "./policies.ts";
import { cst, day } from "./time.ts";

type Tx = Prisma.TransactionClient;
type Use = "PPP_EQUITY" | "PPP_GUIDANCE" | "PPP_AWARD" | "INVESTMENT" | "GUARANTEE";

/** The library policies each fund pays out (docs/decisions/226): PPP's one, the transformation fund's two uses. */
const FUND_POLICIES: Record<(typeof FUNDS)[number]["code"], string[]> = {
  PPP: ["city.ppp"],
  TRANSFORM: ["city.fund", "city.guarantee"],
};

const FUNDS = [
  {
    code: "PPP",
    name: "PPP专项资金",
    source: "PPP专项资金",
    note: "市财政预算安排2亿元专项资金，通过股权投入、项目引导、示范奖补等方式推广PPP模式",
  },
  {
    code: "TRANSFORM",
    name: "促转型增动能投资基金和担保资金",
    source: "促转型增动能投资基金",
    note: "安排2亿元设立促转型增动能投资基金和促转型增动能担保资金，为转型项目和优势企业落地建设、技术改造等提供增值服务、放大担保能力",
  },
] as const;

interface AppDef {
  fund: "PPP" | "TRANSFORM";
  project: string; // project code
  use: Use;
  amount: number;
  purpose: string;
  submitted: string;
  reviewed?: string;
  rejected?: string; // review note of a refusal
  approved?: { on: string; no: string };
  guarantee?: { lender: string; endsOn: string; risk: "NORMAL" | "WATCH" };
  paid?: { on: string; amount: number; voucher: string }[];
}

/** What became of an application by the demo date: dates and numbers in the order the 批复 and 凭证 give them. */
interface Outcome {
  reviewed?: string;
  rejected?: string; // review note of a refusal
  approved?: [on: string, no: string];
  guarantee?: [lender: string, endsOn: string, risk: "NORMAL" | "WATCH"];
  paid?: [on: string, amount: number, voucher: string][];
}

/** One fund's applications, one call a row: the project (code), use, amount asked, purpose, submitted, outcome. */
const applicationsTo =
  (fund: AppDef["fund"]) =>
  (project: string, use: Use, amount: number, purpose: string, submitted: string, o: Outcome = {}): AppDef => ({
    fund,
    project,
    use,
    amount,
    purpose,
    submitted,
    reviewed: o.reviewed,
    rejected: o.rejected,
    approved: o.approved && { on: o.approved[0], no: o.approved[1] },
    guarantee: o.guarantee && { lender: o.guarantee[0], endsOn: o.guarantee[1], risk: o.guarantee[2] },
    paid: o.paid?.map(([on, amount, voucher]) => ({ on, amount, voucher })),
  });
const ppp = applicationsTo("PPP");
const transform = applicationsTo("TRANSFORM");

const APPS: AppDef[] = [
  // PPP专项资金
  ppp("ZX2017-045", "PPP_EQUITY", 2000, "山西农谷农科城基础设施PPP项目政府方股权出资", "2017-03-10", {
    reviewed: "2017-03-24",
    approved: ["2017-04-18", "晋中财建〔2017〕23号"],
    paid: [["2017-05-15", 2000, "JZCZ-PPP-2017-0005"]],
  }),
  ppp("ZX2017-032", "PPP_AWARD", 1000, "入选财政部PPP示范项目，申请示范奖补", "2017-04-06", {
    reviewed: "2017-04-20",
    approved: ["2017-05-12", "晋中财建〔2017〕31号"],
    paid: [["2017-06-20", 1000, "JZCZ-PPP-2017-0012"]],
  }),
  ppp("ZX2017-033", "PPP_EQUITY", 1500, "大寨文化旅游PPP项目政府方股权投入", "2017-05-02", {
    reviewed: "2017-05-16",
    approved: ["2017-06-08", "晋中财建〔2017〕38号"],
    paid: [
      ["2017-07-10", 900, "JZCZ-PPP-2017-0016"],
      ["2017-10-18", 600, "JZCZ-PPP-2017-0027"],
    ],
  }),
  ppp("ZX2017-036", "PPP_GUIDANCE", 1500, "百里红色走廊PPP项目前期费用引导资金", "2017-06-15", {
    reviewed: "2017-06-29",
    approved: ["2017-07-20", "晋中财建〔2017〕45号"],
    paid: [["2017-08-25", 750, "JZCZ-PPP-2017-0021"]],
  }),
  ppp("ZX2017-050", "PPP_AWARD", 600, "摄影展配套文化产业园PPP项目落地奖补", "2017-10-20", { reviewed: "2017-11-02" }),
  ppp("ZX2017-047", "PPP_GUIDANCE", 800, "北方林果科技园PPP项目可研及实施方案编制引导资金", "2017-11-08"),
  // 促转型增动能投资基金和担保资金
  transform("ZX2017-024", "INVESTMENT", 1000, "晋汉生物一期股权投资", "2017-02-20", {
    reviewed: "2017-03-06",
    approved: ["2017-03-20", "晋中经信投〔2017〕3号"],
    paid: [["2017-04-05", 1000, "JZJJ-2017-0002"]],
  }),
  transform("ZX2017-001", "INVESTMENT", 5000, "吉利新能源汽车二期股权投资，支持整车产能建设", "2017-02-27", {
    reviewed: "2017-03-13",
    approved: ["2017-03-28", "晋中经信投〔2017〕5号"],
    paid: [["2017-04-20", 5000, "JZJJ-2017-0004"]],
  }),
  transform("ZX2017-016", "INVESTMENT", 2000, "高铁导轨板生产线设备购置股权投资", "2017-03-08", {
    reviewed: "2017-03-22",
    approved: ["2017-04-10", "晋中经信投〔2017〕7号"],
    paid: [["2017-05-08", 2000, "JZJJ-2017-0006"]],
  }),
  transform("ZX2017-019", "GUARANTEE", 3000, "普鲁兰多糖生产线流动资金贷款融资担保", "2017-04-05", {
    reviewed: "2017-04-19",
    approved: ["2017-05-05", "晋中经信保〔2017〕2号"],
    guarantee: ["晋商银行晋中分行", "2019-05-04", "NORMAL"],
  }),
  transform("ZX2017-043", "GUARANTEE", 1000, "中药饮片产业化设备贷款融资担保", "2017-05-10", {
    reviewed: "2017-05-24",
    approved: ["2017-06-12", "晋中经信保〔2017〕4号"],
    guarantee: ["晋中银行", "2018-06-11", "WATCH"],
  }),
  transform("ZX2017-055", "INVESTMENT", 500, "双孢菇种植基地扩建股权投资", "2017-08-01", {
    reviewed: "2017-08-15",
    rejected: "项目属农业种植类，不在投资基金支持范围，建议申报农业产业化专项资金",
  }),
  transform("ZX2017-017", "INVESTMENT", 1500, "液压成套装备产业化项目股权投资", "2017-07-24", {
    reviewed: "2017-08-07",
    approved: ["2017-08-30", "晋中经信投〔2017〕11号"],
    paid: [["2017-10-12", 800, "JZJJ-2017-0013"]],
  }),
  transform("ZX2017-030", "INVESTMENT", 3000, "半导体产业园首期厂房及设备股权投资", "2017-08-14", {
    reviewed: "2017-08-28",
    approved: ["2017-09-05", "晋中经信投〔2017〕13号"],
  }),
  transform("ZX2017-057", "GUARANTEE", 2000, "高端针状焦项目技改贷款融资担保", "2017-11-13"),
];

/** Writes the funds, their 2017 budgets, the applications and disbursements; returns the number of applications. */
export async function writeFunds(tx: Tx): Promise<number> {
  const funds = new Map<string, { id: number; name: string; source: string }>();
  for (const f of FUNDS) {
    const row = await tx.fund.create({ data: { ...f, createdAt: cst("2017-01-10", 9) } });
    funds.set(f.code, row);
    const titles = FUND_POLICIES[f.code].map((key) => POLICY_LIBRARY.find((p) => p.key === key)!.title);
    // raw: the link is part of the policy as published, so its updated_at (Prisma's @updatedAt) stays as it was
    const linked = await tx.$executeRaw`
      UPDATE incentive_policy SET fund_id = ${row.id} WHERE county_id IS NULL AND title = ANY(${titles})`;
    if (linked !== titles.length) throw new Error(`专项资金 ${f.code} 的政策未全部找到`);
    await tx.fundBudget.create({
      data: { fundId: row.id, year: 2017, amount: 20000, updatedAt: cst("2017-01-10", 9) },
    });
  }
  const projects = new Map(
    (
      await tx.project.findMany({
        where: { code: { in: APPS.map((a) => a.project) } },
        select: { id: true, code: true, countyId: true },
      })
    ).map((p) => [p.code, p]),
  );
  const users = await tx.user.findMany({
    where: { role: { in: ["COUNTY", "BUREAU", "EIC"] } },
    orderBy: { id: "asc" },
    select: { id: true, role: true, countyId: true },
  });
  const bureau = users.find((u) => u.role === "BUREAU")?.id ?? null;
  const eic = users.find((u) => u.role === "EIC")?.id ?? null;
  for (const a of APPS) {
    const p = projects.get(a.project);
    if (!p) throw new Error(`资金申请的项目 ${a.project} 不存在`);
    const fund = funds.get(a.fund)!;
    const manager = a.fund === "PPP" ? bureau : eic;
    const status = a.rejected ? "REJECTED" : a.approved ? "APPROVED" : a.reviewed ? "REVIEWED" : "SUBMITTED";
    const last = a.approved?.on ?? a.reviewed ?? a.submitted;
    const app = await tx.fundApplication.create({
      data: {
        fundId: fund.id,
        projectId: p.id,
        year: 2017,
        use: a.use,
        requestedAmount: a.amount,
        purpose: a.purpose,
        status,
        submittedOn: day(a.submitted),
        submittedById: users.find((u) => u.role === "COUNTY" && u.countyId === p.countyId)?.id ?? null,
        reviewedOn: a.reviewed ? day(a.reviewed) : null,
        reviewedById: a.reviewed ? manager : null,
        reviewNote: a.rejected ?? (a.reviewed ? "材料齐全，符合支持方向" : null),
        approvedAmount: a.approved ? a.amount : null,
        approvedOn: a.approved ? day(a.approved.on) : null,
        approvedById: a.approved ? manager : null,
        approvalNo: a.approved?.no ?? null,
        lender: a.guarantee?.lender ?? null,
        guaranteeEndsOn: a.guarantee ? day(a.guarantee.endsOn) : null,
        risk: a.use === "GUARANTEE" ? (a.guarantee?.risk ?? "NORMAL") : null,
        createdAt: cst(a.submitted, 10),
        updatedAt: cst(last, 16),
      },
    });
    for (const d of a.paid ?? []) {
      const record = await tx.fundingRecord.create({
        data: {
          projectId: p.id,
          receivedOn: day(d.on),
          amount: d.amount,
          source: fund.source,
          note: `${fund.name}拨付，凭证号 ${d.voucher}`,
          createdById: manager,
          createdAt: cst(d.on, 15),
        },
      });
      await tx.fundDisbursement.create({
        data: {
          applicationId: app.id,
          paidOn: day(d.on),
          amount: d.amount,
          voucherNo: d.voucher,
          fundingRecordId: record.id,
          createdById: manager,
          createdAt: cst(d.on, 15),
        },
      });
    }
  }
  return APPS.length;
}
