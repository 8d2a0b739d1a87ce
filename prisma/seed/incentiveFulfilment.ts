// 优惠兑现 of the demo (issue 18 §3, docs/decisions/206, 225): the conditions of the projects' promised incentives and
// the 兑现 payments made by 2017-11-19. A rule per kind of policy — 开工 within the contract's term for 土地, 基金 and
// the counties' 固定资产投资奖补 (whose first half is paid once the site has started, 分两年兑现), 竣工投产 for 电价
// and 技术改造 (half of a 技改 subsidy paid on equipment delivery) — and a few named cases that the report's 兑现
// practice implies: a 税收 threshold met and fully paid, an 产值 threshold still open, and four the same rule as the
// app flags for 追回 (recoveryReason): a 产值 threshold missed after half was paid, two 签约预拨 advances whose projects
// did not start by the date promised, and the 太谷康养 project withdrawn on 2017-09-28 after its advance was paid.
// Nothing here sets a flag: 追回 is derived from these facts. Fixed data, no random stream: every other row stays.
// Two of the flagged ones are partly recovered by 2017-11-19 (追回登记, docs/decisions/274): the 经开区 技改 advance
// (one part returned) and the 太谷康养 advance (two parts), so the 追回清单 shows 部分追回 beside 未追回.
import type { Prisma } from "../../app/generated/prisma/client.ts";
import { addDays, addMonths, AS_OF, cst, day, iso, maxIso, type IsoDate } from "./time.ts";

type Tx = Prisma.TransactionClient;
type Condition = "STARTED" | "COMPLETED" | "OUTPUT" | "TAX";

interface Plan {
  kind: Condition;
  value?: number;
  due: IsoDate;
  reported?: number;
  paid: { on: IsoDate; amount: number; voucher: string; note?: string }[];
}

/** Named cases: project code + incentive kind → the condition and payments. */
const NAMED: Record<string, Omit<Plan, "paid"> & { paid: Plan["paid"] }> = {
  // 经开区: a 税收 threshold reached (the enterprise's 2017 tax reported), both halves paid
  "QY2017-010/奖补": {
    kind: "TAX",
    value: 300,
    due: "2018-06-30",
    reported: 326,
    paid: [
      { on: "2017-08-21", amount: 200, voucher: "JZKF-JB-2017-031", note: "首期兑现" },
      { on: "2017-11-10", amount: 200, voucher: "JZKF-JB-2017-058", note: "达到税收门槛，兑现余款" },
    ],
  },
  // 示范区: an 产值 threshold for the second half, still open
  "QY2017-026/奖补": {
    kind: "OUTPUT",
    value: 20000,
    due: "2018-12-31",
    paid: [{ on: "2017-08-23", amount: 350, voucher: "SFQ-JB-2017-012", note: "开工后兑现首期 50%" }],
  },
  // 经开区: 技改 subsidy half paid in advance; the 2017-10 产值 threshold was missed → 追回
  "ZX2017-011/奖补": {
    kind: "OUTPUT",
    value: 50000,
    due: "2017-10-31",
    reported: 38600,
    paid: [{ on: "2017-03-15", amount: 400, voucher: "JZJX-JG-2017-006", note: "设备到位后预拨 50%" }],
  },
  // 昔阳县 and 寿阳县: 签约预拨 30%, the site not started by the promised date → 追回
  "QY2017-045/奖补": {
    kind: "STARTED",
    due: "2017-09-30",
    paid: [{ on: "2017-05-20", amount: 210, voucher: "XY-JB-2017-009", note: "签约预拨 30%" }],
  },
  "QY2017-053/奖补": {
    kind: "STARTED",
    due: "2017-10-31",
    paid: [{ on: "2017-06-05", amount: 90, voucher: "SY-JB-2017-014", note: "签约预拨 30%" }],
  },
};

/** The 太谷康养 project's award, promised at signing and advanced before it was withdrawn (调出) on 2017-09-28. */
const WITHDRAWN_AWARD = {
  code: "ZX2017-060",
  policyTitle: "太谷县差异化招商引资优惠政策（固定资产投资奖补）",
  kind: "奖补",
  content: "招商引资差异化优惠政策：按固定资产投资给予奖补800万元，签约后预拨30%",
  amount: 800,
  plan: {
    kind: "STARTED" as const,
    due: "2017-12-31",
    paid: [{ on: "2017-05-10", amount: 240, voucher: "TG-JB-2017-007", note: "签约预拨 30%" }],
  },
};

/** 追回登记 of the demo: project code + incentive kind → the parts returned, all after the money went out. */
const RECOVERED: Record<string, { on: IsoDate; amount: number; voucher: string; note?: string }[]> = {
  "ZX2017-011/奖补": [
    { on: "2017-11-15", amount: 150, voucher: "JZJX-ZH-2017-001", note: "企业退回预拨资金首笔，余款约定年底前退回" },
  ],
  "ZX2017-060/奖补": [
    { on: "2017-10-20", amount: 100, voucher: "TG-ZH-2017-003", note: "调出后企业退回预拨资金" },
    { on: "2017-11-16", amount: 40, voucher: "TG-ZH-2017-005" },
  ],
};

/** The contract's term for a condition: `months` after signing, or a month after the site started if that was later. */
function dueAfter(signed: IsoDate, months: number, started: IsoDate | null): IsoDate {
  const due = addMonths(signed, months);
  return started && started > due ? addMonths(started, 1) : due;
}

function ruleFor(
  i: { kind: string; amount: number | null; policyTitle: string | null },
  p: { signed: IsoDate; started: IsoDate | null; completed: IsoDate | null; code: string },
): Plan | null {
  const title = i.policyTitle ?? "";
  if (i.kind === "土地" || i.kind === "基金" || title.startsWith("PPP"))
    return { kind: "STARTED", due: dueAfter(p.signed, 12, p.started), paid: [] };
  if (title.includes("差异化招商引资")) {
    const due = dueAfter(p.signed, 9, p.started);
    const on = p.started ? addDays(p.started, 45) : null;
    const paid =
      on && on <= AS_OF && i.amount
        ? [{ on, amount: Math.round(i.amount / 2), voucher: `${p.code}-JB-1`, note: "开工后兑现首期 50%" }]
        : [];
    return { kind: "STARTED", due, paid };
  }
  if (title.includes("技术改造")) {
    const on = p.started ? maxIso(addDays(p.started, 60), "2017-05-20") : null;
    const paid =
      on && on <= AS_OF && i.amount
        ? [{ on, amount: Math.round(i.amount / 2), voucher: `${p.code}-JG-1`, note: "设备到位后预拨 50%" }]
        : [];
    return { kind: "COMPLETED", due: maxIso(addMonths(p.signed, 24), "2018-06-30"), paid };
  }
  if (i.kind === "电价")
    return { kind: "COMPLETED", due: p.completed ?? maxIso(addMonths(p.signed, 24), "2018-12-31"), paid: [] };
  return null;
}

/** Writes the conditions and payments; returns [incentives with a condition, payments]. */
export async function writeIncentiveFulfilment(tx: Tx): Promise<[number, number]> {
  const w = await tx.project.findUniqueOrThrow({
    where: { code: WITHDRAWN_AWARD.code },
    select: { id: true, createdById: true },
  });
  const policy = await tx.incentivePolicy.findFirstOrThrow({
    where: { title: WITHDRAWN_AWARD.policyTitle },
    select: { id: true },
  });
  await tx.projectIncentive.create({
    data: {
      projectId: w.id,
      kind: WITHDRAWN_AWARD.kind,
      content: WITHDRAWN_AWARD.content,
      amount: WITHDRAWN_AWARD.amount,
      policyId: policy.id,
    },
  });
  const rows = await tx.projectIncentive.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      kind: true,
      amount: true,
      policy: { select: { title: true } },
      project: {
        select: { code: true, signedOn: true, startedOn: true, completedOn: true, createdById: true },
      },
    },
  });
  let conditions = 0;
  let payments = 0;
  for (const r of rows) {
    const p = r.project;
    if (!p.signedOn) continue;
    const facts = {
      code: p.code,
      signed: iso(p.signedOn),
      started: p.startedOn ? iso(p.startedOn) : null,
      completed: p.completedOn ? iso(p.completedOn) : null,
    };
    const plan =
      p.code === WITHDRAWN_AWARD.code && r.kind === WITHDRAWN_AWARD.kind
        ? WITHDRAWN_AWARD.plan
        : (NAMED[`${p.code}/${r.kind}`] ?? ruleFor({ ...r, policyTitle: r.policy?.title ?? null }, facts));
    if (!plan) continue;
    await tx.projectIncentive.update({
      where: { id: r.id },
      data: {
        conditionKind: plan.kind,
        conditionValue: "value" in plan ? (plan.value ?? null) : null,
        conditionDueOn: day(plan.due),
        reportedValue: "reported" in plan ? (plan.reported ?? null) : null,
      },
    });
    conditions++;
    for (const pay of plan.paid) {
      await tx.incentivePayment.create({
        data: {
          incentiveId: r.id,
          paidOn: day(pay.on),
          amount: pay.amount,
          voucherNo: pay.voucher,
          note: pay.note ?? null,
          createdById: p.createdById,
          createdAt: cst(pay.on, 15),
        },
      });
      payments++;
    }
    for (const back of RECOVERED[`${p.code}/${r.kind}`] ?? []) {
      await tx.incentiveRecovery.create({
        data: {
          incentiveId: r.id,
          recoveredOn: day(back.on),
          amount: back.amount,
          voucherNo: back.voucher,
          note: back.note ?? null,
          createdById: p.createdById,
          createdAt: cst(back.on, 16),
          updatedAt: cst(back.on, 16),
        },
      });
    }
  }
  return [conditions, payments];
}
