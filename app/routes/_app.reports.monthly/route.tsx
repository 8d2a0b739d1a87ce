// 月度通报 for the monthly 县（区、市）长例会: KPIs against targets and 序时进度, every county's progress, the month's
// signings and milestones, lagging projects, the 13710 coordination list, the service teams' work and the 督办 of the
// leaders' 批示 — print-ready (A4), downloadable as PDF, Excel and Word, and frozen by the bureau once the month is closed.
import { countyOptions } from "~/models/options.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { useFailure } from "~/components/form/useFailure";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { FilterSelect } from "~/components/ui/FilterSelect";
import {
  canFreezeMonth,
  monthKey,
  monthTitle,
  parseReportMonth,
  reportScopeLine,
  reportStatusLine,
  reportSummary,
  reportTables,
  reportTitle,
  type ReportMonth,
} from "~/domain/monthlyReport";
import { canManagePipeline } from "~/domain/permissions";
import { canOpenPage } from "~/domain/pageRights";
import { freezeMonth, frozenMonths, loadMonthlyReport, reportRequest } from "~/models/reportSnapshot.server";
import reportStyles from "~/styles/report.css";
import { requirePage } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { forbidden, notFound } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { FreezeForm } from "./FreezeForm";
import { ReportTableView } from "./ReportTableView";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? reportTitle(data.model) : "月度通报"} · 晋中市招商引资与转型项目管理平台` },
];

const shift = (m: ReportMonth, by: number): ReportMonth => {
  const t = m.year * 12 + m.month - 1 + by;
  return { year: Math.floor(t / 12), month: (t % 12) + 1 };
};

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "monthlyReport");
  const today = clockToday();
  const req = await reportRequest(viewer, new URL(request.url).searchParams, today);
  if (!req) notFound("未找到该县区");
  const { month, county } = req;
  const [view, frozen, counties] = await Promise.all([
    loadMonthlyReport(viewer, month, { county }, today),
    frozenMonths(db.as(viewer), month.year),
    viewer.role === "COUNTY" ? Promise.resolve([]) : countyOptions(),
  ]);
  const next = shift(month, 1);
  return {
    ...view,
    // a leader turns a row of the 通报 into a 批示 (issue 17)
    canInstruct: canOpenPage(viewer, "supervisionNew"),
    month: { year: month.year, month: month.month, key: monthKey(month) },
    notice: month.notice,
    prev: monthKey(shift(month, -1)),
    next: `${monthKey(next)}-01` <= today ? monthKey(next) : null,
    maxMonth: today.slice(0, 7),
    frozenMonths: frozen,
    counties,
    countyId: county?.id ?? null,
    isCounty: viewer.role === "COUNTY",
    canFreeze: canManagePipeline(viewer) && !view.frozen && canFreezeMonth(month, today),
    mayFreeze: canManagePipeline(viewer),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "monthlyReport");
  if (!canManagePipeline(viewer)) forbidden("只有市投资促进局和系统管理员可以冻结月度通报");
  const parsed = parseWith(FreezeForm, formDataToObject(await request.formData()));
  if (!parsed.success) return answerRefusal(Refusal.fields(parsed.fieldErrors));
  const m = parseReportMonth(parsed.data.month);
  if (!m) return answerRefusal(Refusal.fields({ month: "月份格式不正确" }));
  const back = new URL(request.url);
  back.searchParams.set("month", monthKey(m));
  try {
    await freezeMonth(viewer, m, clockToday());
  } catch (e) {
    return answerRefusal(e);
  }
  return redirect(`${back.pathname}${back.search}`, {
    headers: await flash(request, `已冻结${monthTitle(m)}月度通报`),
  });
}

export default function MonthlyReportPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const tables = reportTables(d.model, d.deltas, d.previous?.label ?? null);
  const q = (extra: Record<string, string>) => {
    const p = new URLSearchParams({
      month: d.month.key,
      ...(d.countyId && !d.isCounty ? { county: String(d.countyId) } : {}),
      ...extra,
    });
    return `?${p}`;
  };
  return (
    <article className="report" aria-labelledby="report-title">
      <div className="page-head">
        <h1 id="report-title">{reportTitle(d.model)}</h1>
        <div className="actions no-print">
          <a className="button" href={`/resources/monthly-report${q({ format: "pdf" })}`} download>
            下载 PDF
          </a>
          <a className="button" href={`/resources/monthly-report${q({ format: "xlsx" })}`} download>
            下载 Excel
          </a>
          <a className="button" href={`/resources/monthly-report${q({ format: "docx" })}`} download>
            下载 Word
          </a>
          <PrintButton />
        </div>
      </div>
      <MonthForm d={d} />
      {d.notice ? (
        <p className="notice no-print" role="status">
          {d.notice}
        </p>
      ) : null}
      <p className="report-meta">{reportScopeLine(d.model)}</p>
      <p className={`report-status ${d.frozen ? "frozen" : "live"}`}>
        <span className={`badge ${d.frozen ? "blue" : "yellow"}`}>{d.frozen ? "已冻结" : "未冻结"}</span>{" "}
        <span>{reportStatusLine(d.model, d.frozen)}</span>
      </p>
      {/* a refused freeze (someone froze the month first) is said here: the form is gone once the month is frozen */}
      <FormError message={actionData?.formError} />
      {d.canFreeze ? <FreezeCard monthKey={d.month.key} title={monthTitle(d.month)} /> : null}
      {d.mayFreeze && !d.frozen && !d.canFreeze ? (
        <p className="muted small no-print">本月尚未结束，月末之后可以冻结本月通报。</p>
      ) : null}
      <section className="card report-summary" aria-labelledby="summary-title">
        <h2 id="summary-title">综述</h2>
        <p>{reportSummary(d.model)}</p>
        {d.previous ? (
          <p className="muted small">
            “较{d.previous.label}”一列为各指标与本年{d.previous.month}月冻结通报的差额。
          </p>
        ) : (
          <p className="muted small">本年此前没有冻结的月度通报，暂无环比变化。</p>
        )}
      </section>
      {tables.map((t) => (
        <ReportTableView key={t.key} table={t} instructMonth={d.canInstruct ? d.month.key : null} />
      ))}
      <p className="muted small">演示数据：项目、企业、人员和数字依据《2017年晋中市政府工作报告》编制，仅供演示。</p>
    </article>
  );
}

function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()}>
      打印
    </button>
  );
}

function MonthForm({ d }: { d: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const county = d.countyId && !d.isCounty ? `&county=${d.countyId}` : "";
  return (
    <Form method="get" className="filters no-print" aria-label="选择通报月份">
      <div className="field">
        <label htmlFor="r-month">月份</label>
        <input id="r-month" type="month" name="month" defaultValue={d.month.key} max={d.maxMonth} key={d.month.key} />
      </div>
      {d.counties.length ? (
        <FilterSelect
          id="r-county"
          name="county"
          label="范围"
          value={d.countyId}
          options={d.counties.map((c) => [c.id, c.name])}
          allLabel="全市"
        />
      ) : null}
      <button type="submit" className="primary">
        查看
      </button>
      <Link to={`?month=${d.prev}${county}`}>上个月</Link>
      {d.next ? <Link to={`?month=${d.next}${county}`}>下个月</Link> : null}
      <span className="muted small frozen-list">
        {d.month.year}年已冻结：{d.frozenMonths.length ? d.frozenMonths.map((m) => `${m}月`).join("、") : "无"}
      </span>
    </Form>
  );
}

function FreezeCard({ monthKey: key, title }: { monthKey: string; title: string }) {
  const actionData = useFailure();
  const busy = useNavigation().state === "submitting";
  const { register, onSubmit, errorOf } = useZodForm(FreezeForm, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: { intent: "freeze", month: key },
  });
  return (
    <section className="card freeze-card no-print" aria-labelledby="freeze-title">
      <h2 id="freeze-title">冻结{title}通报</h2>
      <p className="small">
        冻结后，全市及各县（区、市）的{title}
        通报按此刻的数据保存，以后数据更正或补录都不再改变它；每个月份只能冻结一次。
      </p>
      <Form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" {...register("intent")} value="freeze" />
        <input type="hidden" {...register("month")} value={key} />
        <div className={`field${errorOf("confirm") ? " invalid" : ""}`}>
          <label className="checkbox" htmlFor="freeze-confirm">
            <input
              id="freeze-confirm"
              type="checkbox"
              value="on"
              aria-invalid={errorOf("confirm") ? true : undefined}
              aria-describedby={errorOf("confirm") ? "freeze-confirm-error" : undefined}
              {...register("confirm")}
            />
            我已核对{title}的数据，确认冻结
          </label>
          {errorOf("confirm") ? (
            <span id="freeze-confirm-error" className="field-error" role="alert">
              {errorOf("confirm")}
            </span>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "正在冻结…" : `冻结${title}通报`}
          </button>
        </div>
      </Form>
    </section>
  );
}
