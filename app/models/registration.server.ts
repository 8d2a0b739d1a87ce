// 企业自助注册 (issue 15 §3, docs/decisions/120): the public application, the reviewers' queue and their decision.
// Every write is one transaction with its audit entry; approval creates (or links) the enterprise and an ENTERPRISE
// account with a one-time password that must be changed at the first sign-in (the accounts' forced change).
import {
  DUPLICATE_CODE_MESSAGE,
  REGISTRATION_LIMIT,
  REGISTRATION_RATE_MESSAGE,
  registrationUsername,
  underRegistrationLimit,
  type RegistrationFormValues,
  type RegistrationStatusKey,
} from "~/domain/registration";
import type { Viewer } from "~/domain/permissions";
import { Refusal } from "~/domain/refusal";
import { Prisma } from "~/generated/prisma/client";
import { audit } from "~/utils/audit.server";
import { now } from "~/utils/clock.server";
import { once, type CreateClaim } from "~/utils/createToken.server";
import { prisma, type Tx } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { storeUpload, UploadRejected } from "./attachment.server";
import { db } from "./db.server";
import { notifyUsers } from "./notification.server";
import { registrationScope } from "./scope.server";
import { oneTimePassword } from "./user.server";

/** Advisory lock classes: the registration limit per address; decisions per credit code. */
const LOCK_REGISTRATION_IP = 7320;
const LOCK_REGISTRATION_CODE = 7321;

/**
 * Counts this address's submissions in the window and records this one, under an advisory lock on the address (so
 * parallel posts see each other). Over the limit: refused with 429 and the refusal audited.
 */
export async function reserveRegistrationAttempt(ip: string, at = now()): Promise<void> {
  const since = new Date(at.getTime() - REGISTRATION_LIMIT.windowMinutes * 60_000);
  const blocked = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_REGISTRATION_IP}::int, hashtext(${ip}))`;
    const recent = await tx.registrationAttempt.findMany({
      where: { ip, createdAt: { gt: since, lte: at } },
      select: { createdAt: true },
    });
    if (
      !underRegistrationLimit(
        recent.map((r) => r.createdAt),
        at,
      )
    ) {
      await audit(tx, {
        actorId: null,
        action: "REGISTRATION_BLOCKED",
        entity: "Address",
        entityId: ip,
        after: { ip, attempts: recent.length },
      });
      return true;
    }
    await tx.registrationAttempt.create({ data: { ip, createdAt: at } });
    return false;
  });
  if (blocked) throw Refusal.form(REGISTRATION_RATE_MESSAGE, 429);
}

/** Whether the code already has an account or a pending application (the one duplicate answer). */
async function codeTaken(tx: Tx, creditCode: string): Promise<boolean> {
  const pending = await tx.enterpriseRegistration.findUnique({
    where: { pendingCode: creditCode },
    select: { id: true },
  });
  if (pending) return true;
  const account = await tx.user.findFirst({
    where: { role: "ENTERPRISE", isActive: true, enterprise: { creditCode } },
    select: { id: true },
  });
  return account !== null;
}

function duplicate(): Refusal {
  return Refusal.fields({ creditCode: DUPLICATE_CODE_MESSAGE }, null, 409);
}

function isUniqueViolation(e: unknown) {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/** The reviewers told of a new application: the county's accounts, or 市经信委's for 市本级. */
async function reviewerIds(tx: Tx, countyId: number | null): Promise<number[]> {
  const rows = await tx.user.findMany({
    where: countyId ? { role: "COUNTY", countyId, isActive: true } : { role: "EIC", isActive: true },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/**
 * A public application (no signed-in user). The licence's bytes are sniffed (PDF/JPG/PNG, ≤ 10 MB) and stored;
 * the row, the audit entry and the reviewers' notifications commit together, or the file is removed again.
 */
export async function submitRegistration(args: {
  values: RegistrationFormValues;
  licence: File | null;
  ip: string;
}): Promise<{ id: number }> {
  const { values: v, ip } = args;
  if (!args.licence) throw Refusal.fields({ licence: "请上传营业执照扫描件（PDF、JPG 或 PNG）" });
  if (v.county !== null) {
    const county = await prisma.county.findUnique({ where: { id: v.county }, select: { id: true } });
    if (!county) throw Refusal.fields({ county: "请选择所在县区" });
  }
  let upload;
  try {
    upload = await storeUpload(args.licence);
  } catch (e) {
    if (e instanceof UploadRejected)
      throw Refusal.fields(
        { licence: Object.values(e.detail.fieldErrors ?? {})[0] ?? "营业执照文件无效" },
        null,
        e.status,
      );
    throw e;
  }
  const at = now();
  try {
    return await prisma
      .$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_REGISTRATION_CODE}::int, hashtext(${v.creditCode}))`;
        if (await codeTaken(tx, v.creditCode)) {
          await audit(tx, {
            actorId: null,
            action: "REGISTRATION_REFUSED_DUPLICATE",
            entity: "Address",
            entityId: ip,
            after: { ip, creditCode: v.creditCode },
          });
          return null;
        }
        const row = await tx.enterpriseRegistration.create({
          data: {
            creditCode: v.creditCode,
            pendingCode: v.creditCode,
            name: v.name,
            countyId: v.county,
            contactName: v.contactName,
            phone: v.phone,
            licenceKey: upload.storageKey,
            licenceName: upload.fileName,
            licenceMime: upload.mimeType,
            licenceSize: upload.size,
            ip,
            submittedAt: at,
          },
          select: { id: true },
        });
        await audit(tx, {
          actorId: null,
          action: "REGISTRATION_SUBMIT",
          entity: "EnterpriseRegistration",
          entityId: row.id,
          after: {
            creditCode: v.creditCode,
            name: v.name,
            countyId: v.county,
            contactName: v.contactName,
            phone: v.phone,
            licence: upload.fileName,
            ip,
          },
        });
        await notifyUsers(tx, await reviewerIds(tx, v.county), {
          kind: "REGISTRATION",
          title: `新的企业注册申请：${v.name}，请审核`,
          link: `/registrations/${row.id}`,
        });
        return row;
      })
      .then(async (row) => {
        if (!row) {
          await upload.discard();
          throw duplicate();
        }
        return row;
      });
  } catch (e) {
    if (e instanceof Refusal) throw e;
    await upload.discard();
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}

const listSelect = {
  id: true,
  creditCode: true,
  name: true,
  contactName: true,
  phone: true,
  status: true,
  submittedAt: true,
  decidedAt: true,
  refusalReason: true,
  county: { select: { name: true } },
} as const;

/** The viewer's queue: applications of the status, newest first (scope from registrationScope). */
export function listRegistrations(viewer: Viewer, status: RegistrationStatusKey) {
  return db.as(viewer).enterpriseRegistration.findMany({
    where: { status },
    select: listSelect,
    orderBy: [{ submittedAt: status === "PENDING" ? "asc" : "desc" }, { id: "desc" }],
    take: 200,
  });
}

export function countPendingRegistrations(viewer: Viewer) {
  return db.as(viewer).enterpriseRegistration.count({ where: { status: "PENDING" } });
}

/** One application the viewer reviews, with what the credit code matches today (null outside scope → 404). */
export async function getRegistration(viewer: Viewer, id: number) {
  const row = await db.as(viewer).enterpriseRegistration.findUnique({
    where: { id },
    select: {
      ...listSelect,
      countyId: true,
      version: true,
      licenceName: true,
      licenceSize: true,
      licenceMime: true,
      ip: true,
      decidedBy: { select: { displayName: true } },
      enterprise: { select: { id: true, name: true } },
      user: { select: { username: true } },
    },
  });
  if (!row) return null;
  // what approval would do: link an enterprise already registered under the code, or create one
  const existing = await prisma.enterprise.findUnique({
    where: { creditCode: row.creditCode },
    select: { id: true, name: true, _count: { select: { users: { where: { role: "ENTERPRISE", isActive: true } } } } },
  });
  return {
    ...row,
    existingEnterprise: existing ? { id: existing.id, name: existing.name, accounts: existing._count.users } : null,
  };
}

/** The licence file of an application the viewer reviews (null → 404). */
export function findRegistrationLicence(viewer: Viewer, id: number) {
  return db.as(viewer).enterpriseRegistration.findUnique({
    where: { id },
    select: { licenceKey: true, licenceName: true, licenceMime: true },
  });
}

/** Locks the application and re-reads it within the viewer's scope; refuses a decided or changed one. */
async function lockPending(tx: Tx, viewer: Viewer, id: number, version: number) {
  await tx.$queryRaw`SELECT id FROM enterprise_registration WHERE id = ${id} FOR UPDATE`;
  const row = await tx.enterpriseRegistration.findFirst({
    where: { AND: [{ id }, registrationScope(viewer)] },
    select: {
      id: true,
      status: true,
      version: true,
      creditCode: true,
      name: true,
      countyId: true,
      contactName: true,
      phone: true,
    },
  });
  if (!row) throw Refusal.notFound("注册申请不存在，或不属于您审核");
  if (row.status !== "PENDING") throw Refusal.form("该申请已经处理过了，请刷新页面查看结果", 409);
  if (row.version !== version) throw Refusal.form("该申请刚刚已被他人处理或修改，请刷新页面后再操作", 409);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_REGISTRATION_CODE}::int, hashtext(${row.creditCode}))`;
  return row;
}

export interface ApprovalResult {
  registrationId: number;
  enterpriseId: number;
  username: string;
  createdEnterprise: boolean;
  /** Shown once to the reviewer; null when a repeated submission answered the first one. */
  oneTimePassword: string | null;
}

/**
 * Approves: links the enterprise registered under the code (or creates it from the application), creates the
 * ENTERPRISE account `ent.<code>` with a one-time password (must be changed at first sign-in), all in one
 * transaction with the audit entries. Refused when the enterprise meanwhile got an account.
 */
export async function approveRegistration(
  viewer: Viewer,
  id: number,
  version: number,
  claim?: CreateClaim,
): Promise<ApprovalResult> {
  const otp = oneTimePassword();
  const passwordHash = await hashPassword(otp);
  const at = now();
  try {
    const result = await prisma.$transaction(async (tx) =>
      once(tx, claim, async () => {
        const reg = await lockPending(tx, viewer, id, version);
        let enterprise = await tx.enterprise.findUnique({
          where: { creditCode: reg.creditCode },
          select: { id: true },
        });
        const createdEnterprise = !enterprise;
        if (enterprise) {
          const accounts = await tx.user.count({
            where: { enterpriseId: enterprise.id, role: "ENTERPRISE", isActive: true },
          });
          if (accounts > 0) throw Refusal.form("该企业已开通企业账号，不能再次通过；请不予通过并说明理由", 409);
        } else {
          const data = { name: reg.name, creditCode: reg.creditCode, countyId: reg.countyId };
          enterprise = await tx.enterprise.create({
            data: { ...data, createdAt: at, updatedAt: at },
            select: { id: true },
          });
          await audit(tx, {
            actorId: viewer.id,
            action: "CREATE",
            entity: "Enterprise",
            entityId: enterprise.id,
            after: data,
          });
        }
        const username = registrationUsername(reg.creditCode);
        if (await tx.user.findUnique({ where: { username }, select: { id: true } })) {
          throw Refusal.form(`用户名 ${username} 已存在（可能是已停用的账号），请由系统管理员处理后再审核`, 409);
        }
        const account = {
          username,
          displayName: reg.contactName,
          role: "ENTERPRISE" as const,
          enterpriseId: enterprise.id,
          phone: reg.phone,
          title: "企业联系人（自助注册）",
        };
        const user = await tx.user.create({
          data: {
            ...account,
            passwordHash,
            mustChangePassword: true,
            passwordChangedAt: at,
            createdAt: at,
            updatedAt: at,
          },
          select: { id: true },
        });
        await audit(tx, {
          actorId: viewer.id,
          action: "USER_CREATE",
          entity: "User",
          entityId: user.id,
          after: account,
        });
        await tx.enterpriseRegistration.update({
          where: { id },
          data: {
            status: "APPROVED",
            pendingCode: null,
            decidedAt: at,
            decidedById: viewer.id,
            enterpriseId: enterprise.id,
            userId: user.id,
            version: { increment: 1 },
          },
        });
        await audit(tx, {
          actorId: viewer.id,
          action: "REGISTRATION_APPROVE",
          entity: "EnterpriseRegistration",
          entityId: id,
          before: { status: "PENDING" },
          after: { status: "APPROVED", enterpriseId: enterprise.id, createdEnterprise, username },
        });
        return { registrationId: id, enterpriseId: enterprise.id, username, createdEnterprise };
      }),
    );
    return { ...result, oneTimePassword: claim?.replayed ? null : otp };
  } catch (e) {
    if (isUniqueViolation(e)) throw Refusal.form("该企业或账号刚刚已被登记，请刷新页面后再审核", 409);
    throw e;
  }
}

/** Refuses with a reason (kept on the application and in the audit log); the code may apply again. */
export async function refuseRegistration(viewer: Viewer, id: number, version: number, reason: string) {
  const at = now();
  await prisma.$transaction(async (tx) => {
    await lockPending(tx, viewer, id, version);
    await tx.enterpriseRegistration.update({
      where: { id },
      data: {
        status: "REFUSED",
        pendingCode: null,
        decidedAt: at,
        decidedById: viewer.id,
        refusalReason: reason,
        version: { increment: 1 },
      },
    });
    await audit(tx, {
      actorId: viewer.id,
      action: "REGISTRATION_REFUSE",
      entity: "EnterpriseRegistration",
      entityId: id,
      before: { status: "PENDING" },
      after: { status: "REFUSED", reason },
    });
  });
}
