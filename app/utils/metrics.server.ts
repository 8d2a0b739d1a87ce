// The app's gauges on /metrics (docs/decisions/076-logs-and-metrics.md), computed at each scrape on the
// application clock. The HTTP series come from the request middleware (scripts/lib/observability/). The pool is
// this process's and sits with the HTTP series on the default registry, which a scrape sums over the instance's
// workers; the database-wide numbers (queues, notifications, 13710, backups) sit on a registry of their own, computed
// once per scrape by the process that answers it (docs/decisions/265). Every instance reports the same database-wide
// numbers: aggregate them across instances with max(), not sum(). A failing query leaves its gauge empty for that
// scrape rather than failing the scrape.
import client from "prom-client";
import { now } from "./clock.server";
import { dbPool, prisma } from "./db.server";
import { log } from "./log.server";

const KEY = Symbol.for("jinzhong.observability.appMetrics");
// the same key in scripts/lib/observability/metrics.mjs, which answers /metrics with this registry after the
// per-process one
const DATABASE_REGISTRY = Symbol.for("jinzhong.observability.databaseRegistry");

function databaseRegistry(): client.Registry {
  const g = globalThis as unknown as Record<symbol, client.Registry | undefined>;
  return (g[DATABASE_REGISTRY] ??= new client.Registry());
}

async function safely(what: string, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (err) {
    log.warn({ err }, `metrics: ${what} 读取失败`);
  }
}

/** A database-wide gauge: the same number whichever process computes it. */
function gauge(name: string, help: string, labelNames: string[], collect: (g: client.Gauge) => Promise<void> | void) {
  return new client.Gauge({
    name,
    help,
    labelNames,
    registers: [databaseRegistry()],
    async collect() {
      this.reset();
      await safely(name, async () => collect(this));
    },
  });
}

/** Registers the gauges once per process (the server build and tests may load this module more than once). */
export function registerAppMetrics() {
  const g = globalThis as unknown as Record<symbol, boolean>;
  if (g[KEY]) return;
  g[KEY] = true;

  // per process (on the default registry): summed over the workers, it is the instance's pool
  new client.Gauge({
    name: "jz_db_pool_connections",
    help: "Database pools of this instance's app processes: total, idle, waiting (requests queued)",
    labelNames: ["state"],
    collect() {
      this.reset();
      const p = dbPool();
      if (!p) return;
      this.set({ state: "total" }, p.totalCount);
      this.set({ state: "idle" }, p.idleCount);
      this.set({ state: "waiting" }, p.waitingCount);
    },
  });

  const jobs = async () => {
    const exists = await prisma.$queryRaw<Array<{ t: boolean }>>`SELECT to_regclass('pgboss.job') IS NOT NULL AS t`;
    if (!exists[0]?.t) return [];
    return prisma.$queryRaw<Array<{ name: string; state: string; n: bigint }>>`
      SELECT name, state::text AS state, count(*) AS n FROM pgboss.job GROUP BY name, state`;
  };
  gauge(
    "jz_queue_jobs",
    "pg-boss jobs by queue and state (created, retry, active, completed, failed …)",
    ["queue", "state"],
    async (m) => {
      for (const r of await jobs()) m.set({ queue: r.name, state: r.state }, Number(r.n));
    },
  );
  gauge("jz_queue_depth", "pg-boss jobs waiting to run (created + retry), by queue", ["queue"], async (m) => {
    const depth = new Map<string, number>();
    for (const r of await jobs()) {
      if (!depth.has(r.name)) depth.set(r.name, 0);
      if (r.state === "created" || r.state === "retry") depth.set(r.name, depth.get(r.name)! + Number(r.n));
    }
    for (const [queue, n] of depth) m.set({ queue }, n);
  });
  gauge("jz_queue_failed_jobs", "pg-boss jobs that failed and are still retained, by queue", ["queue"], async (m) => {
    const failed = new Map<string, number>();
    for (const r of await jobs())
      failed.set(r.name, (failed.get(r.name) ?? 0) + (r.state === "failed" ? Number(r.n) : 0));
    for (const [queue, n] of failed) m.set({ queue }, n);
  });

  // One name for every channel: in_app now (unread bell notifications); the outbox's channels join it later.
  gauge("jz_notification_backlog", "Notifications not yet delivered/read, by channel", ["channel"], async (m) => {
    m.set({ channel: "in_app" }, await prisma.notification.count({ where: { readAt: null } }));
  });
  gauge(
    "jz_notification_backlog_oldest_seconds",
    "Age of the oldest notification not yet delivered/read (application clock), by channel",
    ["channel"],
    async (m) => {
      const oldest = await prisma.notification.findFirst({
        where: { readAt: null },
        orderBy: { createdAt: "asc" },
        select: { createdAt: true },
      });
      m.set({ channel: "in_app" }, oldest ? Math.max(0, (now().getTime() - oldest.createdAt.getTime()) / 1000) : 0);
    },
  );

  gauge(
    "jz_issues_overdue",
    "Issues (诉求) past a running 13710 deadline now (application clock), by level",
    ["level"],
    async (m) => {
      const rows = await prisma.$queryRaw<Array<{ level: string; n: bigint }>>`
      SELECT level::text AS level, count(*) AS n FROM coordination_issue WHERE overdue_at < ${now()} GROUP BY level`;
      for (const level of ["TEAM", "COUNTY", "CITY", "PROVINCE"]) m.set({ level }, 0);
      for (const r of rows) m.set({ level: r.level }, Number(r.n));
    },
  );

  const lastBackup = () =>
    prisma.backupRun.findFirst({
      where: { status: "SUCCEEDED" },
      orderBy: { finishedAt: "desc" },
      select: { finishedAt: true, sizeBytes: true },
    });
  gauge(
    "jz_backup_last_success_age_seconds",
    "Seconds since the last successful backup finished (application clock); +Inf when there is none",
    [],
    async (m) => {
      const b = await lastBackup();
      // never backed up = infinitely old, so an alert on the age fires
      m.set(b?.finishedAt ? Math.max(0, (now().getTime() - b.finishedAt.getTime()) / 1000) : Infinity);
    },
  );
  gauge(
    "jz_backup_last_success_timestamp_seconds",
    "When the last successful backup finished (application clock, Unix seconds); 0 when there is none",
    [],
    async (m) => {
      const b = await lastBackup();
      if (b?.finishedAt) m.set(b.finishedAt.getTime() / 1000);
    },
  );
  gauge("jz_backup_last_size_bytes", "Size of the last successful backup", [], async (m) => {
    const b = await lastBackup();
    if (b?.sizeBytes != null) m.set(Number(b.sizeBytes));
  });
  gauge("jz_backup_last_run_failed", "1 when the most recent finished backup failed, else 0", [], async (m) => {
    const r = await prisma.backupRun.findFirst({
      where: { status: { in: ["SUCCEEDED", "FAILED"] } },
      orderBy: { finishedAt: "desc" },
      select: { status: true },
    });
    m.set(r?.status === "FAILED" ? 1 : 0);
  });
}
