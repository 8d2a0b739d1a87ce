// 客商 (docs/decisions/175): one investor per company named by the seeded leads — the same company's leads share
// it — kept by the city (the bureau), with one contact each. Contacts are generated (demonstration data); every
// date is the investor's first lead's, so nothing is dated after the demo date (decision 090).
import type { Prisma, SourceRegion } from "../../app/generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林"];
const GIVEN = ["伟", "芳", "敏", "静", "磊", "强", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "华", "平"];
const POSTS = ["投资发展部经理", "董事长助理", "战略投资总监", "副总经理", "项目拓展部部长"];

export interface InvestorSource {
  enterpriseName: string;
  enterpriseId: number | null;
  sourceRegion: SourceRegion;
  industryId: number;
  createdAt: Date;
}

/** Writes the investors of the leads about to be written; returns each company name's investor id. */
export async function writeInvestors(tx: Tx, bureau: number, leads: InvestorSource[]): Promise<Map<string, number>> {
  const groups = new Map<string, InvestorSource[]>();
  for (const l of leads) groups.set(l.enterpriseName, [...(groups.get(l.enterpriseName) ?? []), l]);
  const ids = new Map<string, number>();
  let n = 0;
  for (const [name, rows] of groups) {
    const first = rows.reduce((a, b) => (b.createdAt < a.createdAt ? b : a));
    const inv = await tx.investor.create({
      data: {
        name,
        sourceRegion: first.sourceRegion,
        industryId: first.industryId,
        enterpriseId: rows.find((r) => r.enterpriseId !== null)?.enterpriseId ?? null,
        countyId: null,
        createdById: bureau,
        createdAt: first.createdAt,
        updatedAt: first.createdAt,
      },
      select: { id: true },
    });
    ids.set(name, inv.id);
    const phone = `139${String(35_000_000 + n * 7_919).padStart(8, "0")}`;
    await tx.investorContact.create({
      data: {
        investorId: inv.id,
        name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 5 + 3) % GIVEN.length]}`,
        title: POSTS[n % POSTS.length],
        phone,
        phoneDigits: phone,
        wechat: `wx_demo${String(n + 1).padStart(3, "0")}`,
        email: null,
      },
    });
    n++;
  }
  return ids;
}
