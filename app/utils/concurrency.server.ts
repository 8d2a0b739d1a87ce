// Optimistic concurrency: every editable record has a `version`; an update names the version the user saw and
// fails (409) when someone else saved in between, so nobody silently overwrites another's edit.
import { Refusal } from "~/domain/refusal";

/**
 * Runs `updateMany({ where: { id, version }, data: { ...changes, version: { increment: 1 } } })` through the
 * given delegate and throws a conflict `Refusal` (409, with the row as it is now) when no row matched.
 */
// Prisma's per-model delegates share no argument type, so the delegate is typed structurally
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function updateVersioned<
  D extends { updateMany: (args: any) => Promise<{ count: number }>; findUnique: (args: any) => Promise<any> },
>(delegate: D, entity: string, id: number, expectedVersion: number, changes: Record<string, unknown>) {
  /* eslint-enable @typescript-eslint/no-explicit-any */
  // a version no row can have (beyond int32, NaN) is a stale form, not a database error (issue 21)
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0 || expectedVersion > 2_147_483_647) {
    throw Refusal.conflict({ current: await delegate.findUnique({ where: { id } }) });
  }
  const { count } = await delegate.updateMany({
    where: { id, version: expectedVersion },
    data: { ...changes, version: { increment: 1 } },
  });
  if (count === 0) {
    const current = await delegate.findUnique({ where: { id } });
    throw Refusal.conflict({ current });
  }
}
