// Every write lands in the audit log (non-negotiable 7), in the same transaction as the write itself.
import type { Prisma } from "~/generated/prisma/client";
import { now } from "./clock.server";
import type { Tx } from "./db.server";

export interface AuditInput {
  actorId: number | null;
  action: string; // CREATE / UPDATE / DELETE / LOGIN / … or a domain verb like LOG_MILESTONE
  entity: string; // Project, Milestone, …
  entityId: string | number;
  projectId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Dates → ISO strings, Decimal/BigInt → strings, so the value is plain JSON. */
export function toAuditJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}

export async function audit(tx: Tx, e: AuditInput) {
  await tx.auditEvent.create({
    data: {
      at: now(), // the application clock, like every business time (the audit log shows it in Beijing time)
      actorId: e.actorId,
      action: e.action,
      entity: e.entity,
      entityId: String(e.entityId),
      projectId: e.projectId ?? null,
      before: toAuditJson(e.before),
      after: toAuditJson(e.after),
    },
  });
}

/** Only the fields that changed, for a compact before/after pair. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    const bv = JSON.stringify(before[k] ?? null);
    const av = JSON.stringify(after[k] ?? null);
    if (bv !== av) {
      b[k] = before[k] ?? null;
      a[k] = after[k] ?? null;
    }
  }
  return { before: b, after: a, changed: Object.keys(a) };
}

/**
 * Many audit events in one statement per 5,000 — for bulk writes (imports) where one INSERT per event would
 * dominate the transaction. Same columns and JSON shape as `audit`.
 */
export async function auditMany(tx: Tx, events: readonly AuditInput[]) {
  for (let i = 0; i < events.length; i += 5000) {
    const chunk = events.slice(i, i + 5000);
    const json = (v: unknown) => {
      const j = toAuditJson(v);
      return j === undefined ? null : JSON.stringify(j);
    };
    await tx.$executeRawUnsafe(
      `INSERT INTO "audit_event" ("actor_id", "action", "entity", "entity_id", "project_id", "before", "after", "at")
       SELECT *, $8::timestamptz FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::varchar[], $5::int[], $6::jsonb[], $7::jsonb[])`,
      chunk.map((e) => e.actorId),
      chunk.map((e) => e.action),
      chunk.map((e) => e.entity),
      chunk.map((e) => String(e.entityId)),
      chunk.map((e) => e.projectId ?? null),
      chunk.map((e) => json(e.before)),
      chunk.map((e) => json(e.after)),
      now(),
    );
  }
}
