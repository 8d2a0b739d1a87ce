// The forms of user administration and self-service (issue 14). Server-side schemas (the pages post plain forms).
import { z } from "zod";
import { EMAIL_RE, PHONE_RE, USERNAME_RE } from "./accountPolicy";
import { ROLE_LABELS, type RoleKey } from "./labels";

export const ROLE_KEYS = Object.keys(ROLE_LABELS) as [RoleKey, ...RoleKey[]];

/** Which scope a role needs (docs/design.md §6): a county, a service team, an enterprise, or none. */
export const ROLE_SCOPE: Record<RoleKey, "county" | "team" | "enterprise" | "department" | null> = {
  ADMIN: null,
  BUREAU: null,
  LEADER: null,
  EIC: null,
  COUNTY: "county",
  TEAM: "team",
  ENTERPRISE: "enterprise",
  SECADMIN: null,
  AUDITOR: null,
  DEPARTMENT: "department",
};

/** The three administrators (三员分立): the last active one of each kind cannot be deactivated or demoted. */
export const ADMIN_ROLES: readonly RoleKey[] = ["ADMIN", "SECADMIN", "AUDITOR"];

const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((s, ctx) => {
    if (!s) return null;
    const n = Number(s);
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) {
      ctx.addIssue({ code: "custom", message: "选项无效" });
      return z.NEVER;
    }
    return n;
  });

const contact = {
  phone: z
    .string()
    .trim()
    .max(30, "电话号码过长")
    .optional()
    .transform((s) => (s ? s.replace(/\s+/g, "") : null))
    .refine((s) => s === null || PHONE_RE.test(s), "请填写有效的手机号或座机号（如 13912345678、0354-1234567）"),
  email: z
    .string()
    .trim()
    .max(120, "电子邮箱过长")
    .optional()
    .transform((s) => (s ? s.toLowerCase() : null))
    .refine((s) => s === null || EMAIL_RE.test(s), "请填写有效的电子邮箱"),
};

const userFields = {
  displayName: z.string({ error: "请填写姓名" }).trim().min(1, "请填写姓名").max(60, "最多 60 个字"),
  role: z.enum(ROLE_KEYS, { error: "请选择角色" }),
  countyId: optionalId,
  teamId: optionalId,
  enterpriseId: optionalId,
  departmentId: optionalId,
  title: z
    .string()
    .trim()
    .max(80, "最多 80 个字")
    .optional()
    .transform((s) => s || null),
  ...contact,
};

type Scoped = {
  role: RoleKey;
  countyId: number | null;
  teamId: number | null;
  enterpriseId: number | null;
  departmentId: number | null;
};

/** The scope the role needs must be given; the others are cleared. */
function scopeRule<T extends Scoped>(v: T, ctx: z.RefinementCtx) {
  const need = ROLE_SCOPE[v.role];
  if (need === "county" && !v.countyId) ctx.addIssue({ code: "custom", path: ["countyId"], message: "请选择县区" });
  if (need === "team" && !v.teamId) ctx.addIssue({ code: "custom", path: ["teamId"], message: "请选择服务小组" });
  if (need === "enterprise" && !v.enterpriseId)
    ctx.addIssue({ code: "custom", path: ["enterpriseId"], message: "请选择企业" });
  if (need === "department" && !v.departmentId)
    ctx.addIssue({ code: "custom", path: ["departmentId"], message: "请选择责任单位" });
}
function keepOwnScope<T extends Scoped>(v: T): T {
  const need = ROLE_SCOPE[v.role];
  return {
    ...v,
    countyId: need === "county" ? v.countyId : null,
    teamId: need === "team" ? v.teamId : null,
    enterpriseId: need === "enterprise" ? v.enterpriseId : null,
    departmentId: need === "department" ? v.departmentId : null,
  };
}

export const CreateUserForm = z
  .object({
    username: z
      .string({ error: "请填写用户名" })
      .trim()
      .min(1, "请填写用户名")
      .transform((s) => s.toLowerCase())
      .refine((s) => USERNAME_RE.test(s), "用户名为 2–40 位小写字母、数字或 . _ -，以字母或数字开头"),
    ...userFields,
  })
  .superRefine(scopeRule)
  .transform(keepOwnScope);
export type CreateUserForm = z.infer<typeof CreateUserForm>;

export const EditUserForm = z
  .object({ ...userFields, version: z.string().optional() })
  .superRefine(scopeRule)
  .transform(keepOwnScope);
export type EditUserForm = z.infer<typeof EditUserForm>;

export const ContactForm = z.object(contact);
export type ContactForm = z.infer<typeof ContactForm>;

export const ChangePasswordForm = z
  .object({
    currentPassword: z.string({ error: "请输入当前密码" }).min(1, "请输入当前密码").max(200, "密码过长"),
    newPassword: z.string({ error: "请输入新密码" }).min(1, "请输入新密码").max(200, "密码过长"),
    confirmPassword: z.string({ error: "请再次输入新密码" }).min(1, "请再次输入新密码").max(200, "密码过长"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的新密码不一致" });
export type ChangePasswordForm = z.infer<typeof ChangePasswordForm>;

export const UserListQuery = z.object({
  q: z.string().trim().max(60).optional().catch(undefined),
  role: z.enum(ROLE_KEYS).optional().catch(undefined),
  countyId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  teamId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  enterpriseId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  departmentId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  active: z.enum(["yes", "no"]).optional().catch(undefined),
  locked: z.enum(["yes"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type UserListQuery = z.infer<typeof UserListQuery>;
export const USER_PAGE_SIZE = 20;
