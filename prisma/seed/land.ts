// 要素保障 of the demo (issue 18 §4, docs/decisions/220–222): land supplied to the projects that reached 落地 or 开工,
// up to four per county in id order — 工业用地弹性出让 30 年, 出让, 先租后让 and 租赁 in turn — on or before
// 2017-11-19 (decision 090); most 出让 have a two-instalment 出让金 schedule (half within a month, half within a year),
// paid where due, except a few left unpaid so that 榆次区 and two other counties have instalments overdue at the
// demo's today; each county's 2017 用地指标. Fixed rules over the seeded projects, no random stream.
import type { Prisma } from "../../app/generated/prisma/client.ts";
import { addDays } from "../../app/domain/dates.ts";
import { cst, day, iso } from "./time.ts";

type Tx = Prisma.TransactionClient;
const TODAY = "2017-11-19";
const METHODS = ["FLEXIBLE", "TRANSFER", "LEASE_THEN_TRANSFER", "FLEXIBLE", "LEASE"] as const;
/** 2017 用地指标 (亩) by county name; the others get 600. */
const QUOTAS: Record<string, string> = {
  榆次区: "1800.00",
  太谷县: "900.00",
  介休市: "1000.00",
  平遥县: "700.00",
  山西示范区晋中开发区: "1500.00",
  山西农谷: "1200.00",
};

export async function writeLand(tx: Tx): Promise<number> {
  const counties = await tx.county.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } });
  await tx.landQuota.createMany({
    data: counties.map((c) => ({
      countyId: c.id,
      year: 2017,
      quota: QUOTAS[c.name] ?? "600.00",
      updatedAt: cst("2017-01-10", 9),
    })),
  });
  let n = 0;
  for (const c of counties) {
    const projects = await tx.project.findMany({
      where: {
        countyId: c.id,
        pool: { not: "WITHDRAWN" },
        OR: [{ landOn: { not: null } }, { startedOn: { not: null } }],
      },
      select: { id: true, name: true, totalInvestment: true, landOn: true, startedOn: true },
      orderBy: { id: "asc" },
      take: 4,
    });
    for (const [k, p] of projects.entries()) {
      const method = METHODS[(k + c.id) % METHODS.length];
      const base = iso((p.landOn ?? p.startedOn)!);
      const suppliedOn = base > "2017-11-10" ? "2017-11-10" : base;
      // about one 亩 per 80 万元 invested, 20–300 亩, with a quarter-亩 step
      const quarters = Math.min(1200, Math.max(80, Math.round(p.totalInvestment / 20)));
      const area = `${Math.floor(quarters / 4)}.${["00", "25", "50", "75"][quarters % 4]}`;
      const lease = method === "LEASE";
      // 出让金 about 18 万元 an 亩 (租赁: a year's rent at 1.5 万元 an 亩 over 10 years)
      const price = lease ? Math.round((quarters / 4) * 1.5 * 10) : Math.round((quarters / 4) * 18);
      const years = method === "FLEXIBLE" ? 30 : method === "TRANSFER" ? 50 : lease ? 10 : 5;
      const parts = method === "TRANSFER" || method === "FLEXIBLE";
      const instalments: {
        seq: number;
        dueOn: Date;
        amount: number;
        paidOn: Date | null;
        paidAmount: number | null;
      }[] = [];
      if (parts && price >= 2) {
        const first = Math.floor(price / 2);
        // the overdue ones: the first record of 榆次区 (due four days before today, within the reminders' window),
        // and the second instalment of each county's second record when it fell due before today
        const yuciLate = c.name === "榆次区" && k === 0;
        const soon = addDays(suppliedOn, 30);
        const lateFirst =
          soon < addDays(TODAY, -34) ? soon : addDays(TODAY, -34) < suppliedOn ? suppliedOn : addDays(TODAY, -34);
        const dues = yuciLate ? [lateFirst, addDays(TODAY, -4)] : [soon, addDays(suppliedOn, 330)];
        for (const [i, dueOn] of dues.entries()) {
          const amount = i === 0 ? first : price - first;
          const unpaid = (yuciLate && i === 1) || (k === 1 && i === 1);
          const paid = dueOn < TODAY && !unpaid;
          const paidOn = paid ? addDays(dueOn, -3) : null;
          instalments.push({
            seq: i + 1,
            dueOn: day(dueOn),
            amount,
            paidOn: paidOn ? day(paidOn > TODAY ? TODAY : paidOn) : null,
            paidAmount: paid ? amount : null,
          });
        }
      }
      await tx.landSupply.create({
        data: {
          projectId: p.id,
          method,
          location: `${c.name}${p.name.slice(0, 12)}项目用地`,
          parcelNo: lease ? null : `晋中${c.id.toString().padStart(2, "0")}-2017-${String(100 + n).padStart(3, "0")}`,
          area,
          years: method === "TRANSFER" ? null : years,
          price,
          suppliedOn: day(suppliedOn),
          createdAt: cst(suppliedOn, 10),
          note:
            method === "FLEXIBLE"
              ? "工业用地弹性年期出让"
              : method === "LEASE_THEN_TRANSFER"
                ? "先租后让，租期满达产后办理出让"
                : null,
          instalments: { create: instalments },
        },
      });
      n++;
    }
  }
  return n;
}
