import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { Pager } from "~/components/ui/Pager";
import { StageBadge } from "~/components/ui/StageBadge";
import { formatChinaDateTime } from "~/domain/dates";
import {
  IMPORT_KIND_SHORT,
  IMPORT_STATUS_LABELS,
  importInterruptedText,
  importIsRunning,
  type ImportPreviewRow,
} from "~/domain/importSpec";
import { label, STAGE_LABELS } from "~/domain/labels";
import { PROJECT_STAGES } from "~/domain/stage";
import { formatAmount, formatWan } from "~/domain/money";
import { enqueueImport } from "~/jobs/importWorker.server";
import { cancelImportJob, getImportErrors, getImportJob, requestImportCommit } from "~/models/importJob.server";
import { requirePage } from "~/utils/auth.server";
import { idParam, notFound } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { TABLE_WRAP } from "~/components/ui/tableWrap";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.job.fileName ?? "导入任务"} · 数据导入 · 晋中市招商引资与转型项目管理平台` },
];

const ERRORS_PER_PAGE = 100;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "import");
  const id = idParam(params.jobId);
  const job = await getImportJob(viewer, id);
  if (!job) notFound();
  const page = Math.max(1, Math.min(10_000, Number(new URL(request.url).searchParams.get("page")) || 1));
  const all = job.errorCount ? ((await getImportErrors(viewer, id)) ?? []) : [];
  return {
    job,
    errors: all.slice((page - 1) * ERRORS_PER_PAGE, page * ERRORS_PER_PAGE),
    storedErrors: all.length,
    page,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "import");
  const id = idParam(params.jobId);
  if (!(await getImportJob(viewer, id))) notFound();
  const intent = (await request.formData()).get("intent");
  if (intent === "commit") {
    if (!(await requestImportCommit(viewer, id))) {
      return answerRefusal(
        Refusal.form("该导入任务当前不能确认：它可能已确认、已取消或尚未检查通过。请刷新页面查看最新状态。", 409),
      );
    }
    enqueueImport(id);
    return redirect(`/import/${id}`);
  }
  if (intent === "cancel") {
    if (!(await cancelImportJob(viewer, id))) {
      return answerRefusal(Refusal.form("该导入任务当前不能取消：它可能已开始导入或已结束。", 409));
    }
    return redirect("/import", { headers: await flash(request, "已取消该导入，未写入任何数据") });
  }
  return answerRefusal(Refusal.form("未知的操作"));
}

export default function ImportJobPage() {
  const { job, errors, storedErrors, page } = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const nav = useNavigation();
  const running = importIsRunning(job.status);
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!running) return;
    // the worker writes progress to the job row; poll it while the job runs
    const t = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(t);
  }, [running, revalidator]);

  const s = job.summary;
  return (
    <>
      {running ? (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <p className="breadcrumb">
        <Link to="/import">数据导入</Link> / {job.fileName}
      </p>
      <div className="page-head">
        <h1>
          导入{IMPORT_KIND_SHORT[job.kind]}：{job.fileName}
        </h1>
        <span className={`badge ${job.interrupted ? "yellow" : statusTone(job.status)}`} data-testid="import-status">
          {job.interrupted ? "已中断，将自动继续" : label(IMPORT_STATUS_LABELS, job.status)}
        </span>
        <span className="muted small">上传于 {formatChinaDateTime(job.createdAt)}</span>
      </div>
      <FormError message={actionData?.formError} />

      {job.interrupted ? (
        <Interrupted job={job} />
      ) : running ? (
        <Progress status={job.status} processed={job.processedRows} total={job.totalRows} />
      ) : null}

      {job.status === "READY" && s ? (
        <section className="card" aria-labelledby="pv-title">
          <h2 id="pv-title">检查通过：请核对后确认导入</h2>
          <Stats
            items={[
              ["将新建项目", `${s.rows} 个`],
              ["其中转型项目", `${s.transformation} 个`],
              ["总投资合计", formatAmount(s.totalInvestment)],
              ["签约额合计", formatAmount(s.contractAmount)],
              ["里程碑（实际日期）", `${s.milestones} 条`],
              ["新建企业", `${s.newEnterprises} 家`],
              ["关联已有企业", `${s.matchedEnterprises} 家`],
            ]}
          />
          <p className="small">
            按阶段：
            {PROJECT_STAGES.filter((k) => s.byStage[k])
              .map((k) => `${STAGE_LABELS[k]} ${s.byStage[k]} 个`)
              .join("，")}
          </p>
          {s.ignoredHeaders.length ? (
            <p className="small muted">以下列不属于导入模板，将被忽略：{s.ignoredHeaders.join("、")}</p>
          ) : null}
          {s.warnings.length ? <Warnings items={s.warnings} /> : null}
          <h3>前 {s.preview.length} 行预览</h3>
          <PreviewTable rows={s.preview} />
          <Form method="post" className="form-actions">
            <button type="submit" name="intent" value="commit" className="primary" disabled={nav.state !== "idle"}>
              确认导入 {s.rows} 行
            </button>
            <button type="submit" name="intent" value="cancel" disabled={nav.state !== "idle"}>
              取消
            </button>
          </Form>
        </section>
      ) : null}

      {job.status === "DONE" && s?.result ? (
        <section className="card" aria-labelledby="done-title">
          <h2 id="done-title">导入完成</h2>
          <p role="status">
            已导入 {s.result.imported} 个项目（编号 {s.result.firstCode}
            {s.result.imported > 1 ? ` 至 ${s.result.lastCode}` : ""}），新建企业 {s.result.enterprisesCreated} 家
            {job.finishedAt ? `，完成于 ${formatChinaDateTime(job.finishedAt)}` : ""}。
          </p>
          <p className="actions-row">
            <Link className="button primary" to="/projects?sort=updatedAt&dir=desc">
              在项目库中查看
            </Link>
            <Link className="button" to="/import">
              继续导入
            </Link>
          </p>
        </section>
      ) : null}

      {job.status === "INVALID" || job.status === "FAILED" ? (
        <section className="card" aria-labelledby="err-title">
          <h2 id="err-title">
            {job.status === "INVALID" ? `发现 ${job.errorCount} 处错误，整个文件未导入` : "导入失败，未写入任何数据"}
          </h2>
          <p className="small">
            请按下表（行号为 Excel 中的行号，第 1 行为表头）修改文件后
            <Link to="/import">重新上传</Link>。
            {job.errorCount > storedErrors ? ` 共 ${job.errorCount} 处错误，仅列出前 ${storedErrors} 处。` : ""}
          </p>
          <p className="actions-row">
            <a className="button" href={`/resources/import-errors?job=${job.id}&format=xlsx`} download>
              下载错误报告（Excel）
            </a>
            <a className="button" href={`/resources/import-errors?job=${job.id}&format=csv`} download>
              下载错误报告（CSV）
            </a>
          </p>
          <div {...TABLE_WRAP}>
            <table className="plain" aria-describedby="err-title">
              <caption className="sr-only">错误报告</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    行号
                  </th>
                  <th scope="col">列</th>
                  <th scope="col">问题</th>
                </tr>
              </thead>
              <tbody>
                {errors.map((e, i) => (
                  <tr key={`${e.row}-${e.column}-${i}`}>
                    <td className="num">{e.row || "—"}</td>
                    <td className="nowrap">{e.column}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {storedErrors > ERRORS_PER_PAGE ? (
              <Pager
                total={storedErrors}
                page={page}
                pageSize={ERRORS_PER_PAGE}
                hrefFor={(p) => `/import/${job.id}?page=${p}`}
              />
            ) : null}
          </div>
        </section>
      ) : null}

      {job.status === "CANCELLED" ? (
        <p className="card">
          该导入已取消，未写入任何数据。<Link to="/import">重新上传</Link>
        </p>
      ) : null}
    </>
  );
}

function statusTone(status: string) {
  if (status === "DONE" || status === "READY") return "green";
  if (status === "INVALID" || status === "FAILED") return "red";
  if (status === "CANCELLED") return "";
  return "blue";
}

/** The worker's heartbeat stopped: say so, instead of showing a progress bar that no longer moves. */
function Interrupted({ job }: { job: { status: string; processedRows: number; totalRows: number } }) {
  const { title, text } = importInterruptedText(job);
  return (
    <section className="card" aria-labelledby="int-title" role="status">
      <h2 id="int-title">{title}</h2>
      <p className="small">{text}页面会自动刷新。</p>
    </section>
  );
}

function Progress({ status, processed, total }: { status: string; processed: number; total: number }) {
  const importing = status === "IMPORTING" || status === "COMMIT_QUEUED";
  const pct = total > 0 ? Math.min(100, Math.floor((processed * 100) / total)) : null;
  // importing: the file is re-checked against the database first (processed stays 0), then written
  const text = importing
    ? status === "COMMIT_QUEUED"
      ? "排队等待写入…"
      : processed > 0
        ? `正在写入：${processed} / ${total} 行`
        : `正在复核文件，随后写入 ${total} 行…`
    : processed > 0
      ? `正在读取并检查：已检查 ${processed} 行`
      : "排队等待检查…";
  return (
    <section className="card" aria-labelledby="prog-title">
      <h2 id="prog-title">{importing ? "正在导入" : "正在检查文件"}</h2>
      <div
        className="progress"
        role="progressbar"
        aria-labelledby="prog-title"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={text}
      >
        <div className="progress-bar" style={{ width: `${pct ?? 8}%` }} />
      </div>
      <p className="small" aria-live="polite">
        {text}
        {pct !== null ? `（${pct}%）` : ""}。页面会自动刷新，您也可以离开此页，稍后在“我的导入记录”中查看结果。
      </p>
    </section>
  );
}

function Stats({ items }: { items: Array<[string, string]> }) {
  return (
    <dl className="stats-inline">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Warnings({ items }: { items: Array<{ row: number; column: string; message: string }> }) {
  return (
    <details className="warnings">
      <summary>提示 {items.length} 条（不影响导入）</summary>
      <ul className="small">
        {items.map((w, i) => (
          <li key={i}>
            第 {w.row} 行 · {w.column}：{w.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

function PreviewTable({ rows }: { rows: ImportPreviewRow[] }) {
  return (
    <div {...TABLE_WRAP}>
      <table className="plain wide-on-phone">
        <caption className="sr-only">导入预览</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              行号
            </th>
            <th scope="col">项目编号</th>
            <th scope="col">项目名称</th>
            <th scope="col">县区</th>
            <th scope="col">产业</th>
            <th scope="col">投资企业</th>
            <th scope="col" className="num">
              总投资
            </th>
            <th scope="col" className="num">
              签约额
            </th>
            <th scope="col">年度</th>
            <th scope="col">阶段</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.rowNo}>
              <td className="num">{r.rowNo}</td>
              <td className="nowrap">{r.code ?? <span className="muted">自动编号</span>}</td>
              <td>{r.name}</td>
              <td className="nowrap">{r.county}</td>
              <td>{r.industry}</td>
              <td>{r.enterprise ?? "—"}</td>
              <td className="num" title={formatWan(r.totalInvestment)}>
                {formatWan(r.totalInvestment)}
              </td>
              <td className="num">{r.contractAmount ? formatWan(r.contractAmount) : "—"}</td>
              <td>{r.planYear}</td>
              <td>
                <StageBadge stage={r.stage} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
