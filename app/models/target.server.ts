// Targets (year × metric × city/county) and the ranking weights setting: reads, and audited, version-checked saves.
import type { Prisma } from "~/generated/prisma/client";
import { KPI_METRICS, parseRankingWeights, type KpiMetric, type RankingWeights } from "~/domain/kpi";
import type { Viewer } from "~/domain/permissions";
import type { TargetCellInput, TargetGrid } from "~/domain/targets";
import { audit } from "~/utils/audit.server";
import { updateVersioned } from "~/utils/concurrency.server";
import { Refusal } from "~/domain/refusal";
import { prisma, type Tx } from "~/utils/db.server";

export async function targetRows(year: number, countyIds?: readonly number[]) {
  const where: Prisma.TargetWhereInput = countyIds
    ? { year, OR: [{ countyId: null }, { countyId: { in: [...countyIds] } }] }
    : { year };
  return prisma.target.findMany({
    where,
    select: { id: true, countyId: true, metric: true, value: true, version: true },
  });
}

export function toGrid(rows: Awaited<ReturnType<typeof targetRows>>): TargetGrid {
  const grid: TargetGrid = new Map();
  for (const r of rows) {
    const key = r.countyId ?? "city";
    grid.set(key, { ...(grid.get(key) ?? {}), [r.metric]: r.value });
  }
  return grid;
}

export interface TargetConflict {
  countyId: number | null;
  metric: KpiMetric;
  theirs: number | null;
}

/**
 * Applies the edited grid in one transaction: changed cells are updated against the version they were loaded
 * at, new ones created, cleared ones deleted. Any cell someone else changed meanwhile aborts the whole save: a
 * conflict `Refusal` whose `current` is `{ conflicts: TargetConflict[] }` (empty when a cell changed but which one
 * is not known).
 */
export async function saveTargets(
  viewer: Viewer,
  year: number,
  cells: TargetCellInput[],
): Promise<{ changed: number }> {
  try {
    return await prisma.$transaction(async (tx) => {
      const existing = await tx.target.findMany({ where: { year } });
      const find = (c: TargetCellInput) => existing.find((e) => e.countyId === c.countyId && e.metric === c.metric);
      const conflicts: TargetConflict[] = [];
      let changed = 0;
      for (const c of cells) {
        const row = find(c);
        if (row && c.value === row.value) continue;
        if (!row && c.value === null) continue;
        if (row && c.version !== row.version) {
          conflicts.push({ countyId: c.countyId, metric: c.metric, theirs: row.value });
          continue;
        }
        if (!row && c.version !== null) {
          conflicts.push({ countyId: c.countyId, metric: c.metric, theirs: null }); // deleted meanwhile
          continue;
        }
        changed++;
        if (row && c.value === null) {
          const { count } = await tx.target.deleteMany({ where: { id: row.id, version: row.version } });
          if (count === 0) throw Refusal.conflict({ current: { conflicts: [] } });
          await audit(tx, { actorId: viewer.id, action: "DELETE", entity: "Target", entityId: row.id, before: row });
        } else if (row) {
          await updateVersioned(tx.target, "Target", row.id, row.version, { value: c.value });
          await audit(tx, {
            actorId: viewer.id,
            action: "UPDATE",
            entity: "Target",
            entityId: row.id,
            before: { value: row.value },
            after: { value: c.value, year, metric: c.metric, countyId: c.countyId },
          });
        } else {
          const created = await tx.target.create({
            data: { year, metric: c.metric, countyId: c.countyId, value: c.value! },
          });
          await audit(tx, {
            actorId: viewer.id,
            action: "CREATE",
            entity: "Target",
            entityId: created.id,
            after: created,
          });
        }
      }
      if (conflicts.length) throw Refusal.conflict({ current: { conflicts } });
      return { changed };
    });
  } catch (e) {
    // A concurrent create of the same (year, metric, county) violates the unique key: someone else saved first.
    if ((e as { code?: string }).code === "P2002") throw Refusal.conflict({ current: { conflicts: [] } });
    throw e;
  }
}

export const RANKING_WEIGHTS_KEY = "ranking.weights";

export async function getRankingWeights(
  db: Pick<Tx, "setting"> = prisma,
): Promise<{ weights: RankingWeights; version: number }> {
  const row = await db.setting.findUnique({ where: { key: RANKING_WEIGHTS_KEY } });
  return { weights: parseRankingWeights(row?.value), version: row?.version ?? 0 };
}

/** Saves the weights if nobody changed them since `version` (0 = not stored yet); audited. */
export async function saveRankingWeights(viewer: Viewer, version: number, weights: RankingWeights): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.setting.findUnique({ where: { key: RANKING_WEIGHTS_KEY } });
    const value = Object.fromEntries(KPI_METRICS.map((m) => [m, weights[m]]));
    if (!row) {
      if (version !== 0) return false;
      await tx.setting.create({ data: { key: RANKING_WEIGHTS_KEY, value } });
    } else {
      const { count } = await tx.setting.updateMany({
        where: { key: RANKING_WEIGHTS_KEY, version },
        data: { value, version: { increment: 1 } },
      });
      if (count === 0) return false;
    }
    await audit(tx, {
      actorId: viewer.id,
      action: "UPDATE",
      entity: "Setting",
      entityId: RANKING_WEIGHTS_KEY,
      before: row?.value ?? null,
      after: value,
    });
    return true;
  });
}
