// The public 推介 map's data (issue 20 §4, docs/decisions/212): projects marked 可公开推介, not withdrawn, with a
// point — and only their public fields, named in one explicit select. No session, no scope: nothing private is read.
import { LRUCache } from "lru-cache";
import { investmentBand } from "~/domain/projectMap";
import { prisma } from "~/utils/db.server";

export interface PublicProject {
  id: number;
  name: string;
  industry: string;
  county: string;
  investment: string;
  contactOffice: string;
  point: [number, number];
}

export interface PublicMap {
  projects: PublicProject[];
  industries: { id: number; name: string }[];
  counties: { id: number; name: string }[];
}

const cache = new LRUCache<string, PublicMap>({ max: 200, ttl: 60_000 });

/** The answer for the filters, from a 60-second cache (repeated or hostile requests do not reach the database). */
export async function publicMap(filters: { industry: number | null; county: number | null }): Promise<PublicMap> {
  const key = `${filters.industry ?? ""}:${filters.county ?? ""}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const [rows, industries, counties] = await Promise.all([
    prisma.project.findMany({
      where: {
        publicPromotion: true,
        pool: { not: "WITHDRAWN" },
        longitude: { not: null },
        latitude: { not: null },
        ...(filters.industry ? { industryId: filters.industry } : {}),
        ...(filters.county ? { countyId: filters.county } : {}),
      },
      select: {
        id: true,
        name: true,
        totalInvestment: true,
        longitude: true,
        latitude: true,
        industry: { select: { name: true } },
        county: { select: { name: true, government: { select: { name: true } } } },
      },
      orderBy: [{ county: { sortOrder: "asc" } }, { name: "asc" }, { id: "asc" }],
    }),
    prisma.industry.findMany({ select: { id: true, name: true }, orderBy: { sortOrder: "asc" } }),
    prisma.county.findMany({ select: { id: true, name: true }, orderBy: { sortOrder: "asc" } }),
  ]);
  const answer: PublicMap = {
    industries,
    counties,
    projects: rows.map((r) => ({
      id: r.id,
      name: r.name,
      industry: r.industry.name,
      county: r.county.name,
      investment: investmentBand(r.totalInvestment),
      contactOffice: r.county.government?.name ?? "晋中市投资促进局",
      point: [r.longitude!, r.latitude!],
    })),
  };
  cache.set(key, answer);
  return answer;
}

/** Tests that change the flag read the new answer at once. */
export function clearPublicMapCache() {
  cache.clear();
}
