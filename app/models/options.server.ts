// Option lists that many forms and filters share (not scoped: every role may see the county names).
import type { Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";

export type CountyOption = { id: number; name: string };

/**
 * Jinzhong's counties in their official order, for selects and filters — the one county option query. `onlyId`
 * limits the list to one county (a county official chooses only its own; `null` then means none).
 */
export function countyOptions(db: Pick<Tx, "county"> = prisma, onlyId?: number | null): Promise<CountyOption[]> {
  return db.county.findMany({
    where: onlyId === undefined ? {} : { id: onlyId ?? -1 },
    select: { id: true, name: true },
    orderBy: { sortOrder: "asc" },
  });
}
