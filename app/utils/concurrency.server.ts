// Optimistic concurrency: every editable record has a `version`; an update names the version the user saw and
// fails (409) when someone else saved in between, so nobody silently overwrites another's edit.
import { data } from "@remix-run/node";

export class VersionConflict extends Error {
  constructor(
    public readonly entity: string,
    public readonly id: number,
    public readonly current: Record<string, unknown> | null,
  ) {
    super(`${entity} ${id} was changed by someone else`);
  }
}

/**
 * Runs `updateMany({ where: { id, version }, data: { ...changes, version: { increment: 1 } } })` through the
 * given delegate and throws VersionConflict when no row matched.
 */
// Prisma's per-model delegates share no argument type, so the delegate is typed structurally
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function updateVersioned<
  D extends { updateMany: (args: any) => Promise<{ count: number }>; findUnique: (args: any) => Promise<any> },
>(delegate: D, entity: string, id: number, expectedVersion: number, changes: Record<string, unknown>) {
  /* eslint-enable @typescript-eslint/no-explicit-any */
  const { count } = await delegate.updateMany({
    where: { id, version: expectedVersion },
    data: { ...changes, version: { increment: 1 } },
  });
  if (count === 0) {
    const current = await delegate.findUnique({ where: { id } });
    throw new VersionConflict(entity, id, current);
  }
}

/** The 409 an action returns for a conflict, listing what the other person changed. */
export function conflictResponse(
  message: string,
  changed: Array<{ field: string; label: string; theirs: string; yours: string }>,
) {
  return data(
    { ok: false as const, conflict: { message, changed }, fieldErrors: {}, formError: message },
    { status: 409 },
  );
}
