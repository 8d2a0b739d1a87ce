// The only module that reads process.env (docs/development.md).
import { z } from "zod";

/** An optional setting where an empty value counts as unset (deployment scripts often write `NAME=`). */
const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === "" ? undefined : v), t.optional());

const Env = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL 未设置（请用 npm start 启动，它会启动内置 PostgreSQL）"),
  SESSION_SECRET: z.string().min(16).default("jinzhong-dev-secret-change-me"),
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** "true" behind a reverse proxy that sets X-Forwarded-For: the login limit per address believes its first hop. */
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  UPLOAD_DIR: z.string().default(".data/uploads"),
  DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** Backups (docs/decisions/075): where they go, and the hour (application clock, Beijing) of the nightly one. */
  BACKUP_DIR: z.string().default(".data/backups"),
  BACKUP_HOUR: z
    .string()
    .default("2")
    .refine((v) => v === "off" || (/^\d{1,2}$/.test(v) && Number(v) <= 23), "0–23 或 off")
    .transform((v) => (v === "off" ? null : Number(v))),
  /** "real": the server's clock even on a demo database; "demo" (default): the demo clock when the seed set one. */
  APP_CLOCK: z.enum(["demo", "real"]).default("demo"),
  /**
   * Notification channels (issue 16, docs/decisions/110); unset = that channel is off. With none set the app
   * notifies in the bell only, as before.
   */
  DINGTALK_WEBHOOK_URL: optional(z.string().url()),
  /** the 钉钉 robot's 加签 secret (SEC…); without it the robot must accept unsigned posts (keyword/IP security) */
  DINGTALK_SECRET: optional(z.string().min(1)),
  WECOM_WEBHOOK_URL: optional(z.string().url()),
  SMS_GATEWAY_URL: optional(z.string().url()),
  SMS_GATEWAY_TOKEN: optional(z.string().min(1)),
  SMTP_URL: optional(z.string().url()),
  MAIL_FROM: optional(z.string().min(3)),
  /** The address messages link back to (e.g. https://crm.example.gov.cn); links are relative without it. */
  APP_BASE_URL: optional(z.string().url()),
  /** Set to "false" to keep the background job worker out of this instance. */
  JOBS_ENABLED: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});
export type Env = z.infer<typeof Env>;

let cached: Env | undefined;
export function env(): Env {
  if (!cached) {
    const parsed = Env.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(
        `环境变量无效: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    }
    cached = parsed.data;
  }
  return cached;
}

/** Forgets the parsed environment (the integration setup, whose test files set variables after it ran). */
export function resetEnvCache(): void {
  cached = undefined;
}
