// Option lists that many forms and filters share (not scoped: every role may see the county names).
import type { Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";

export type CountyOption = { id: number; name: string };

/** Jinzhong's counties in their official order, for selects and filters. */
export function countyOptions(db: Pick<Tx, "county"> = prisma): Promise<CountyOption[]> {
  return db.county.findMany({ select: { id: true, name: true }, orderBy: { sortOrder: "asc" } });
}
