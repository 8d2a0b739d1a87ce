// 需市级/省级协调问题清单 for the monthly 县（区、市）长例会 (report §二(三)), with the month's 按时办结率 and
// 满意率 per county and service team; exportable as CSV or Excel.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { ClockBadge } from "~/components/issues/ClockBadge";
import { IssueLevelBadge, IssueStatusBadge } from "~/components/issues/IssueStatusBadge";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { averageScore, monthOf, parseMonth, shiftMonth, totalRates, type RateRow } from "~/domain/coordinationList";
import { formatChinaDateTime } from "~/domain/dates";
import { ISSUE_CATEGORY_LABELS } from "~/domain/labels";
import { formatPercent } from "~/domain/money";
import {
  coordinationList,
  parseCoordinationQuery,
  sortCoordinationRows,
  type CoordinationRow,
} from "~/presenters/CoordinationListPresenter.server";
import { requirePage } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { now as clockNow } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data ? `${data.month.year}年${data.month.month}月` : ""}需市级/省级协调问题清单 · 晋中市招商引资与转型项目管理平台`,
  },
];

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "issuesMonthly");
  const sp = new URL(request.url).searchParams;
  const now = clockNow();
  const month = parseMonth(sp.get("month")) ?? monthOf(now);
  const q = parseCoordinationQuery(sp);
  const list = await coordinationList(db.as(viewer), viewer, month, now);
  const rows = sortCoordinationRows(list.rows, q.sort, q.dir);
  return {
    month: { key: month.key, year: month.year, month: month.month },
    prev: shiftMonth(month, -1).key,
    next: month.end <= now ? shiftMonth(month, 1).key : null,
    query: q,
    total: rows.length,
    counts: {
      city: rows.filter((r) => r.levelInMonth === "CITY").length,
      province: rows.filter((r) => r.levelInMonth === "PROVINCE").length,
    },
    rows: rows.slice((q.page - 1) * PAGE_SIZE, q.page * PAGE_SIZE),
    countyRates: list.countyRates,
    teamRates: list.teamRates,
  };
}

const col = createColumnHelper<DataTableFeatures, CoordinationRow>();
const columns = [
  col.accessor("code", {
    header: "问题",
    cell: (c) => {
      const r = c.row.original;
      return (
        <div>
          <Link to={`/issues/${r.id}`}>{r.title}</Link>
          <div className="muted small">
            {r.code} · {r.enterprise} · {ISSUE_CATEGORY_LABELS[r.category as keyof typeof ISSUE_CATEGORY_LABELS]}
          </div>
        </div>
      );
    },
  }),
  col.accessor("levelInMonth", {
    id: "level",
    header: "协调层级",
    cell: (c) => (
      <>
        <IssueLevelBadge level={c.getValue()} />
        {c.row.original.levelNow !== c.getValue() ? (
          <div className="muted small">
            现 <IssueLevelBadge level={c.row.original.levelNow} />
          </div>
        ) : null}
      </>
    ),
  }),
  col.accessor("county", { header: "县区" }),
  col.accessor("owner", { header: "责任单位/办理人", enableSorting: false }),
  col.accessor("ageDays", { id: "age", header: "历时（天）" }),
  col.accessor("status", {
    header: "状态与时限",
    enableSorting: false,
    cell: (c) => (
      <div className="stack">
        <IssueStatusBadge status={c.getValue() as never} />
        <ClockBadge {...c.row.original.clock} />
      </div>
    ),
  }),
  col.accessor((r) => r.lastProgress?.note ?? "", {
    id: "progress",
    header: "最新进展",
    enableSorting: false,
    cell: (c) => {
      const p = c.row.original.lastProgress;
      return p ? (
        <div className="progress-cell">
          <span className="muted small nowrap">
            {formatChinaDateTime(p.at)} {p.actor}
          </span>
          <div>{p.note}</div>
        </div>
      ) : (
        <span className="muted">—</span>
      );
    },
  }),
];

export default function MonthlyList() {
  const d = useLoaderData<typeof loader>();
  const exportHref = (format: string) => `/resources/issues-monthly?month=${d.month.key}&format=${format}`;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/issues">诉求办理</Link> / 协调问题清单
      </p>
      <div className="page-head">
        <h1>
          {d.month.year}年{d.month.month}月 需市级/省级协调问题清单
        </h1>
        <span className="muted">
          共 {d.total} 件（市级 {d.counts.city}，省级 {d.counts.province}）
        </span>
        <div className="actions no-print">
          <a className="button" href={exportHref("xlsx")} download>
            导出 Excel
          </a>
          <a className="button" href={exportHref("csv")} download>
            导出 CSV
          </a>
        </div>
      </div>
      <Form method="get" className="filters no-print" aria-label="选择月份">
        <div className="field">
          <label htmlFor="m-month">月份</label>
          <input id="m-month" type="month" name="month" defaultValue={d.month.key} key={d.month.key} />
        </div>
        <button type="submit" className="primary">
          查看
        </button>
        <Link to={`/issues/monthly?month=${d.prev}`}>上个月</Link>
        {d.next ? <Link to={`/issues/monthly?month=${d.next}`}>下个月</Link> : null}
      </Form>
      <p className="muted small">
        收录本月内曾处于市级或省级协调层级、且当时未办结的企业诉求；“历时”为提交至月末（或办结、或今日）的天数，“最新进展”截至月末。供市政府月度县（区、市）长例会通报。
      </p>
      <DataTable
        caption="需市级/省级协调问题清单"
        columns={columns}
        data={d.rows}
        total={d.total}
        page={d.query.page}
        pageSize={PAGE_SIZE}
        sort={d.query.sort}
        dir={d.query.dir}
        getRowId={(r) => String(r.id)}
        empty="本月没有需市级或省级协调的问题。"
      />
      <div className="grid cols-2 rates">
        <RatesTable title="各县区按时办结率与满意率" groupLabel="县区" rows={d.countyRates} />
        <RatesTable title="各服务小组按时办结率与满意率" groupLabel="服务小组" rows={d.teamRates} />
      </div>
    </>
  );
}

function RatesTable({ title, groupLabel, rows }: { title: string; groupLabel: string; rows: RateRow[] }) {
  const id = `rates-${groupLabel}`;
  const total = totalRates(rows);
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length ? (
        <div className="table-wrap flat" tabIndex={0} role="region" aria-label="数据表（可横向滚动）">
          <table className="plain">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{groupLabel}</th>
                <th scope="col" className="num">
                  办结
                </th>
                <th scope="col" className="num">
                  按时办结率
                </th>
                <th scope="col" className="num">
                  企业确认
                </th>
                <th scope="col" className="num">
                  满意率
                </th>
                <th scope="col" className="num">
                  平均分
                </th>
              </tr>
            </thead>
            <tbody>
              {[...rows, total].map((r) => (
                <tr key={r.key} className={r.key === "total" ? "total" : undefined}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{r.resolved}</td>
                  <td className="num" title={`${r.onTime}/${r.resolved}`}>
                    {formatPercent(r.onTime, r.resolved)}
                  </td>
                  <td className="num">{r.confirmed}</td>
                  <td className="num" title={`${r.satisfied}/${r.confirmed}`}>
                    {formatPercent(r.satisfied, r.confirmed)}
                  </td>
                  <td className="num">{averageScore(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">本月没有办结或企业确认的诉求。</p>
      )}
      <p className="muted small">
        按时办结率：本月办结的诉求中，在 13710
        办结期限内办结的比例；满意率：本月企业确认的诉求中，评价为满意或非常满意（4–5 分）的比例。
      </p>
    </section>
  );
}
