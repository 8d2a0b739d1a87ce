// People named by id in histories, timelines and lists (actors, assignees, deciders): one lookup for all of them.
// Not scoped: a name in a record the viewer may read is part of that record.
import type { RoleKey } from "~/domain/labels";
import type { Tx } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";

export interface Person {
  id: number;
  username: string;
  displayName: string;
  role: RoleKey;
}

/** Everyone the ids name, in one query (ids may repeat or be null; no query when there are none). */
export async function peopleByIds(
  ids: Iterable<number | null | undefined>,
  db: Pick<Tx, "user"> = prisma,
): Promise<Map<number, Person>> {
  const wanted = [...new Set([...ids].filter((x): x is number => typeof x === "number"))];
  if (wanted.length === 0) return new Map();
  const rows = await db.user.findMany({
    where: { id: { in: wanted } },
    select: { id: true, username: true, displayName: true, role: true },
  });
  return new Map(rows.map((u) => [u.id, u]));
}

/** The display names of the people the ids name (what audit text and timelines show). */
export async function displayNames(
  ids: Iterable<number | null | undefined>,
  db: Pick<Tx, "user"> = prisma,
): Promise<Map<number, string>> {
  return new Map([...(await peopleByIds(ids, db))].map(([id, p]) => [id, p.displayName]));
}
