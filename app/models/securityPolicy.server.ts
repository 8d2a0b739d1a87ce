// The password and session policy (issue 14 §3): defaults in app/domain/accountPolicy.ts, the 安全管理员's values in
// the `security_policy` setting. Read on every sign-in and request, so it is cached briefly per process.
import { readPolicy, type SecurityPolicy } from "~/domain/accountPolicy";
import type { Viewer } from "~/domain/permissions";
import { audit, diffFields } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";

export const SECURITY_POLICY_KEY = "security_policy";
/** Another instance's change reaches this one within this time. */
const CACHE_MS = 5_000;
let cached: { policy: SecurityPolicy; at: number } | null = null;

export async function getPolicy(): Promise<SecurityPolicy> {
  // process uptime, not business time: only how fresh the cache is
  const t = performance.now();
  if (cached && t - cached.at < CACHE_MS) return cached.policy;
  const row = await prisma.setting.findUnique({ where: { key: SECURITY_POLICY_KEY }, select: { value: true } });
  cached = { policy: readPolicy(row?.value), at: t };
  return cached.policy;
}

export async function savePolicy(actor: Viewer, next: SecurityPolicy) {
  await prisma.$transaction(async (tx) => {
    const row = await tx.setting.findUnique({ where: { key: SECURITY_POLICY_KEY }, select: { value: true } });
    const before = readPolicy(row?.value);
    const d = diffFields(before as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>);
    if (!d.changed.length) return;
    await tx.setting.upsert({
      where: { key: SECURITY_POLICY_KEY },
      create: { key: SECURITY_POLICY_KEY, value: { ...next } },
      update: { value: { ...next }, version: { increment: 1 } },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "POLICY_CHANGE",
      entity: "Setting",
      entityId: SECURITY_POLICY_KEY,
      before: d.before,
      after: d.after,
    });
  });
  cached = null;
}
