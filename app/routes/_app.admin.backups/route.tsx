// 数据备份 (administrators; docs/decisions/075): the last backup with its result and size, the schedule and the
// retention rule, the backups kept in BACKUP_DIR, the history of runs, and a button that starts one now. Restoring
// is a command run with the app stopped (npm run restore), said here in words.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { DEFAULT_RETENTION } from "~/domain/backupRetention";
import { formatChinaDateTime } from "~/domain/dates";
import { backupDir, beginBackup, beijingHour } from "~/jobs/backupJob.server";
import { BackupBusyError } from "~/ops/backup.server";
import { BACKUP_KIND_LABELS, type BackupKindKey, formatBytes } from "~/ops/backupFormat";
import { listBackups } from "~/ops/retention.server";
import { audit } from "~/utils/audit.server";
import { requirePage } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { db } from "~/models/db.server";
import { env } from "~/utils/env.server";
import { log } from "~/utils/log.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "数据备份 · 晋中市招商引资与转型项目管理平台" }];

const STATUS = {
  RUNNING: { label: "进行中", tone: "blue" },
  SUCCEEDED: { label: "成功", tone: "green" },
  FAILED: { label: "失败", tone: "red" },
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "adminBackups");
  const [runs, lastSuccess, stored] = await Promise.all([
    db.as(viewer).backupRun.findMany({
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      take: 30,
      select: {
        id: true,
        kind: true,
        status: true,
        name: true,
        sizeBytes: true,
        rowCount: true,
        fileCount: true,
        error: true,
        startedAt: true,
        finishedAt: true,
        requestedBy: { select: { displayName: true } },
      },
    }),
    db.as(viewer).backupRun.findFirst({
      where: { status: "SUCCEEDED" },
      orderBy: { finishedAt: "desc" },
      select: { finishedAt: true },
    }),
    listBackups(backupDir()),
  ]);
  const at = now();
  const hour = env().BACKUP_HOUR;
  return {
    hour,
    dir: backupDir(),
    now: at.toISOString(),
    dueToday: hour !== null && beijingHour(at) < hour,
    lastSuccessAt: lastSuccess?.finishedAt?.toISOString() ?? null,
    running: runs.some((r) => r.status === "RUNNING"),
    runs: runs.map((r) => ({
      ...r,
      sizeBytes: r.sizeBytes === null ? null : Number(r.sizeBytes),
      rowCount: r.rowCount === null ? null : Number(r.rowCount),
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      requestedBy: r.requestedBy?.displayName ?? null,
    })),
    stored: stored.map((b) => ({
      name: b.name,
      kind: b.manifest.kind,
      createdAt: b.manifest.createdAt,
      bytes: b.manifest.totals.bytes,
      rows: b.manifest.totals.rows,
      files: b.manifest.totals.files,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "adminBackups");
  const form = await request.formData();
  if (form.get("intent") !== "start") return answerRefusal(Refusal.form("未知的操作"));
  let runId: number | null;
  try {
    const started = await beginBackup({ kind: "MANUAL", requestedById: viewer.id });
    runId = started.runId;
    // the backup continues after the response; its end is recorded on the run (and failures notified)
    started.done.catch(() => undefined);
  } catch (err) {
    if (err instanceof BackupBusyError)
      return answerRefusal(Refusal.form("已有一个备份正在进行，请等它完成后再试。", 409));
    log.error({ err }, "无法开始备份");
    // not a refusal but a failure the administrator must see on the page (the message names the cause)
    return answerRefusal(Refusal.form(`无法开始备份：${err instanceof Error ? err.message : String(err)}`, 500));
  }
  await db
    .as(viewer)
    .$transaction((tx) =>
      audit(tx, { actorId: viewer.id, action: "BACKUP_START", entity: "BackupRun", entityId: runId ?? "none" }),
    );
  return redirect("/admin/backups", { headers: await flash(request, "备份已开始，完成后本页显示结果") });
}

function kindLabel(k: string) {
  return BACKUP_KIND_LABELS[k as BackupKindKey] ?? k;
}

export default function BackupsPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const nav = useNavigation();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!d.running) return;
    // the run row changes when the backup ends: look again every few seconds while one runs
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(t);
  }, [d.running, revalidator]);

  const last = d.runs.find((r) => r.status !== "RUNNING") ?? null;
  const busy = nav.state !== "idle" && nav.formData?.get("intent") === "start";
  const formError = actionData && "formError" in actionData ? actionData.formError : null;
  return (
    <>
      {d.running ? (
        <noscript>
          <meta httpEquiv="refresh" content="5" />
        </noscript>
      ) : null}
      <div className="page-head">
        <h1>数据备份</h1>
      </div>
      <FormError message={formError} />

      <section className="card" aria-labelledby="last-title">
        <h2 id="last-title">最近一次备份</h2>
        {last ? (
          <dl className="fields">
            <dt>结果</dt>
            <dd>
              <span className={`badge ${STATUS[last.status].tone}`}>{STATUS[last.status].label}</span>
              {last.status === "FAILED" && last.error ? <span className="small"> {last.error}</span> : null}
            </dd>
            <dt>时间</dt>
            <dd>
              {formatChinaDateTime(last.startedAt)} 开始，{formatChinaDateTime(last.finishedAt)} 结束（
              {kindLabel(last.kind)}
              {last.requestedBy ? `，${last.requestedBy}` : ""}）
            </dd>
            <dt>大小</dt>
            <dd>{last.sizeBytes === null ? "—" : formatBytes(last.sizeBytes)}</dd>
            <dt>内容</dt>
            <dd>
              {last.rowCount === null
                ? "—"
                : `数据库 ${last.rowCount.toLocaleString("zh-CN")} 行，上传文件 ${last.fileCount} 个`}
            </dd>
            <dt>备份名称</dt>
            <dd>{last.name ?? "—"}</dd>
          </dl>
        ) : (
          <p className="muted">还没有备份记录。</p>
        )}
        {d.running ? (
          <p className="callout" role="status">
            备份进行中…本页会自动刷新。
          </p>
        ) : null}
        {!d.lastSuccessAt ? (
          <p className="callout" role="status">
            尚无成功的备份，建议现在备份一次。
          </p>
        ) : null}
        <Form method="post" className="form-actions">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" className="primary" disabled={busy || d.running}>
            {busy ? "正在开始…" : "立即备份"}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="plan-title">
        <h2 id="plan-title">自动备份与保留</h2>
        <ul>
          <li>
            {d.hour === null
              ? "每日自动备份已关闭（BACKUP_HOUR=off）。"
              : `每天 ${String(d.hour).padStart(2, "0")}:00（北京时间，按平台时钟）自动备份数据库和上传的文件${
                  d.dueToday ? "，今天的备份尚未到时间" : ""
                }。多个实例同时运行时只备份一次。`}
          </li>
          <li>
            每日自动备份保留最近 {DEFAULT_RETENTION.daily} 天每天一份、最近 {DEFAULT_RETENTION.weekly} 周每周一份、最近{" "}
            {DEFAULT_RETENTION.monthly}{" "}
            个月每月一份，更早的自动删除；手动、命令行和升级前的备份不自动删除，由运维人员清理。
          </li>
          <li>备份目录：{d.dir}</li>
          <li>备份失败时，系统管理员会在右上角的通知中收到提醒。</li>
          <li>
            恢复：先停止平台，再在服务器上运行 <code>npm run restore -- 备份名称</code>
            ；目标数据库不是空的时需加 <code>--replace</code>。恢复后按备份清单逐表核对行数、逐个核对文件校验和。
          </li>
        </ul>
      </section>

      <section className="card" aria-labelledby="stored-title">
        <h2 id="stored-title">保留的备份（{d.stored.length} 份）</h2>
        {d.stored.length ? (
          <div className="table-wrap flat" tabIndex={0} role="region" aria-label="保留的备份（可横向滚动）">
            <table className="plain">
              <thead>
                <tr>
                  <th scope="col">备份名称</th>
                  <th scope="col">时间</th>
                  <th scope="col">类型</th>
                  <th scope="col">数据库行数</th>
                  <th scope="col">文件数</th>
                  <th scope="col">大小</th>
                </tr>
              </thead>
              <tbody>
                {d.stored.map((b) => (
                  <tr key={b.name}>
                    <td>{b.name}</td>
                    <td className="nowrap">{formatChinaDateTime(b.createdAt)}</td>
                    <td>{kindLabel(b.kind)}</td>
                    <td className="num">{b.rows.toLocaleString("zh-CN")}</td>
                    <td className="num">{b.files}</td>
                    <td className="num">{formatBytes(b.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">备份目录中还没有备份。</p>
        )}
      </section>

      <section className="card" aria-labelledby="runs-title">
        <h2 id="runs-title">备份记录（最近 30 次）</h2>
        {d.runs.length ? (
          <div className="table-wrap flat" tabIndex={0} role="region" aria-label="备份记录（可横向滚动）">
            <table className="plain">
              <thead>
                <tr>
                  <th scope="col">开始时间</th>
                  <th scope="col">类型</th>
                  <th scope="col">结果</th>
                  <th scope="col">大小</th>
                  <th scope="col">结束时间</th>
                  <th scope="col">说明</th>
                </tr>
              </thead>
              <tbody>
                {d.runs.map((r) => (
                  <tr key={r.id}>
                    <td className="nowrap">{formatChinaDateTime(r.startedAt)}</td>
                    <td>
                      {kindLabel(r.kind)}
                      {r.requestedBy ? `（${r.requestedBy}）` : ""}
                    </td>
                    <td>
                      <span className={`badge ${STATUS[r.status].tone}`}>{STATUS[r.status].label}</span>
                    </td>
                    <td className="num">{r.sizeBytes === null ? "—" : formatBytes(r.sizeBytes)}</td>
                    <td className="nowrap">{formatChinaDateTime(r.finishedAt)}</td>
                    <td className="small">{r.status === "FAILED" ? r.error : (r.name ?? "—")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">还没有备份记录。</p>
        )}
      </section>
    </>
  );
}
