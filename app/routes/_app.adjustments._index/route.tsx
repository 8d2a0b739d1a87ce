import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useSubmit } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { Pager } from "~/components/ui/Pager";
import { StageBadge } from "~/components/ui/StageBadge";
import { ADJUSTMENT_PAGE_SIZE } from "~/domain/adjustmentQuery";
import { parseAdjustmentQuery } from "~/domain/adjustmentQuery.server";
import { formatChineseDate } from "~/domain/dates";
import { MILESTONE_LABELS, POOL_LABELS } from "~/domain/labels";
import { formatAmount, formatWan } from "~/domain/money";
import { canAdjustPlan } from "~/domain/permissions";
import { adjustmentBoard, type AdjustmentRow } from "~/models/planAdjustment.server";
import { requirePage } from "~/utils/auth.server";
import { Options } from "~/components/form/Options";
import { TABLE_WRAP } from "~/components/ui/tableWrap";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "重点项目动态调整 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "adjustments");
  const query = parseAdjustmentQuery(new URL(request.url).searchParams);
  const board = await adjustmentBoard(viewer, query);
  return { query, board, canAdjust: canAdjustPlan(viewer) };
}

const col = createColumnHelper<DataTableFeatures, AdjustmentRow>();

function projectCell(r: AdjustmentRow) {
  return (
    <div>
      <Link to={`/projects/${r.id}`}>{r.name}</Link>
      <div className="muted small">
        {r.code} · {r.county}
      </div>
    </div>
  );
}

function LagBadge({ lag }: { lag: AdjustmentRow["lag"] }) {
  if (lag.level === "none") return <span className="badge green">按计划推进</span>;
  return (
    <div>
      <span className={`badge ${lag.level}`}>{lag.level === "red" ? "严重滞后" : "滞后"}</span>
      <div className="muted small">
        {MILESTONE_LABELS[lag.stage!]}计划于 {formatChineseDate(lag.plannedOn)}
      </div>
    </div>
  );
}

export default function AdjustmentsPage() {
  const { query, board, canAdjust } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const { search } = useLocation();
  const moveHref = (id: number) => `/adjustments/${id}?asOf=${board.asOf}`;
  const { now, before } = board.totals;

  const outColumns = [
    col.accessor("name", { header: "项目", cell: (c) => projectCell(c.row.original) }),
    col.accessor("annualPlanInvestment", {
      id: "annual",
      header: "年度计划投资",
      cell: (c) => <span title={formatWan(c.getValue())}>{formatAmount(c.getValue())}</span>,
    }),
    col.accessor("stage", { header: "阶段", enableSorting: false, cell: (c) => <StageBadge stage={c.getValue()} /> }),
    col.accessor((r) => r.lag.level, { id: "lag", header: "进度", cell: (c) => <LagBadge lag={c.row.original.lag} /> }),
    ...(canAdjust
      ? [
          col.display({
            id: "action",
            header: "操作",
            cell: (c) => (
              <Link
                className="button small-button"
                to={moveHref(c.row.original.id)}
                aria-label={`调出：${c.row.original.name}`}
              >
                调出…
              </Link>
            ),
          }),
        ]
      : []),
  ];
  const inColumns = [
    col.accessor("name", { header: "项目", cell: (c) => projectCell(c.row.original) }),
    col.accessor("annualPlanInvestment", {
      id: "annual",
      header: "年度计划投资",
      cell: (c) => <span title={formatWan(c.getValue())}>{formatAmount(c.getValue())}</span>,
    }),
    col.accessor("stage", { header: "阶段", cell: (c) => <StageBadge stage={c.getValue()} /> }),
    col.accessor("signedOn", {
      header: "签约日期",
      enableSorting: false,
      cell: (c) => <span className="nowrap">{formatChineseDate(c.getValue())}</span>,
    }),
    ...(canAdjust
      ? [
          col.display({
            id: "action",
            header: "操作",
            cell: (c) => (
              <Link
                className="button small-button"
                to={moveHref(c.row.original.id)}
                aria-label={`调整：${c.row.original.name}`}
              >
                {c.row.original.ready ? "调入…" : "调整…"}
              </Link>
            ),
          }),
        ]
      : []),
  ];

  return (
    <>
      <div className="page-head">
        <h1>重点项目动态调整</h1>
        <span className="muted">
          {board.year} 年度转型项目计划 · 按 {formatChineseDate(board.asOf)} 的进度
        </span>
        {!canAdjust ? <span className="badge">只读</span> : null}
      </div>
      <p className="small muted intro">
        依据政府工作报告“实行重点项目动态调整机制，建立预备项目库……9月底视项目推进情况进行动态调整”：左侧为计划内进度滞后的转型项目（里程碑计划日期已过仍未完成，逾期
        1 个月以上为滞后、3
        个月以上为严重滞后），右侧为已签约且已落地（供地）、具备调入条件的预备项目。每次调入或调出须填写理由并留档。
      </p>

      <Form
        method="get"
        className="filters"
        aria-label="调整条件"
        onChange={(e) => {
          if ((e.target as HTMLElement).tagName === "SELECT") submit(e.currentTarget, { preventScrollReset: true });
        }}
      >
        <div className="field">
          <label htmlFor="a-year">计划年度</label>
          <select id="a-year" name="year" defaultValue={String(board.year)} key={`y${board.year}`}>
            {board.years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-asof">进度截至</label>
          <input id="a-asof" type="date" name="asOf" defaultValue={board.asOf} key={`a${board.asOf}`} />
        </div>
        <div className="field">
          <label htmlFor="a-county">县区</label>
          <select
            id="a-county"
            name="county"
            defaultValue={query.county ? String(query.county) : ""}
            key={`c${query.county ?? ""}`}
          >
            <option value="">全部</option>
            <Options items={board.counties} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-out">计划内项目</label>
          <select id="a-out" name="out" defaultValue={query.out} key={`o${query.out}`}>
            <option value="lagging">仅滞后项目</option>
            <option value="all">全部</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-in">预备项目</label>
          <select id="a-in" name="in" defaultValue={query.in} key={`i${query.in}`}>
            <option value="ready">仅具备调入条件</option>
            <option value="all">全部</option>
          </select>
        </div>
        <button type="submit" className="primary">
          查询
        </button>
      </Form>

      <section className="card" aria-labelledby="tot-title">
        <h2 id="tot-title">{board.year} 年度转型项目计划</h2>
        <div className="compare" role="group" aria-label="调整前后对比">
          <div className="stat">
            <div className="label">调整前（年初计划）</div>
            <div className="value">{before.count} 个</div>
            <div className="sub">年度计划投资 {formatAmount(before.annual)}</div>
          </div>
          <div className="compare-arrow" aria-hidden="true">
            →
          </div>
          <div className="stat">
            <div className="label">调整后（当前计划）</div>
            <div className="value">{now.count} 个</div>
            <div className="sub">年度计划投资 {formatAmount(now.annual)}</div>
          </div>
          <div className="stat">
            <div className="label">本年度已调整</div>
            <div className="value">
              调入 {before.movedIn} · 调出 {before.movedOut}
            </div>
            <div className="sub">
              净变化 {now.count - before.count >= 0 ? "+" : ""}
              {now.count - before.count} 个，{now.annual - before.annual >= 0 ? "+" : "−"}
              {formatAmount(Math.abs(now.annual - before.annual))}
            </div>
          </div>
        </div>
      </section>

      <div className="side-by-side">
        <section aria-labelledby="out-title">
          <h2 id="out-title">
            计划内{query.out === "lagging" ? "滞后" : ""}项目{" "}
            <span className="muted small">（{board.out.total} 个）</span>
          </h2>
          <DataTable
            caption="计划内滞后项目"
            columns={outColumns}
            data={board.out.rows}
            total={board.out.total}
            page={board.out.page}
            pageSize={ADJUSTMENT_PAGE_SIZE}
            sort={query.osort}
            dir={query.odir}
            getRowId={(r) => String(r.id)}
            numeric={["annual"]}
            paramPrefix="o"
            empty={query.out === "lagging" ? "截至该日期，计划内没有进度滞后的项目。" : "该年度计划中没有项目。"}
          />
        </section>
        <section aria-labelledby="in-title">
          <h2 id="in-title">
            预备项目库{query.in === "ready" ? "（具备调入条件）" : ""}{" "}
            <span className="muted small">（{board.in.total} 个）</span>
          </h2>
          <DataTable
            caption="预备项目"
            columns={inColumns}
            data={board.in.rows}
            total={board.in.total}
            page={board.in.page}
            pageSize={ADJUSTMENT_PAGE_SIZE}
            sort={query.isort}
            dir={query.idir}
            getRowId={(r) => String(r.id)}
            numeric={["annual"]}
            paramPrefix="i"
            empty={query.in === "ready" ? "截至该日期，预备项目库中没有已签约并落地的项目。" : "预备项目库中没有项目。"}
          />
        </section>
      </div>

      <section className="card" aria-labelledby="hist-title">
        <h2 id="hist-title">{board.year} 年度调整记录</h2>
        {board.history.total ? (
          <div {...TABLE_WRAP}>
            <table className="plain wide-on-phone">
              <caption className="sr-only">调整记录</caption>
              <thead>
                <tr>
                  <th scope="col">决定日期</th>
                  <th scope="col">项目</th>
                  <th scope="col">调整</th>
                  <th scope="col">理由</th>
                  <th scope="col">决定人</th>
                </tr>
              </thead>
              <tbody>
                {board.history.rows.map((h) => (
                  <tr key={h.id}>
                    <td className="nowrap">{formatChineseDate(h.decidedOn)}</td>
                    <td>
                      <Link to={`/projects/${h.project.id}`}>{h.project.name}</Link>
                      <div className="muted small">{h.project.code}</div>
                    </td>
                    <td className="nowrap">
                      {POOL_LABELS[h.fromPool]} → {POOL_LABELS[h.toPool]}
                    </td>
                    <td>{h.reason}</td>
                    <td className="nowrap">{h.decidedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager
              total={board.history.total}
              page={board.history.page}
              pageSize={ADJUSTMENT_PAGE_SIZE}
              hrefFor={(p) => {
                const sp = new URLSearchParams(search);
                sp.set("hpage", String(p));
                return `/adjustments?${sp.toString()}`;
              }}
            />
          </div>
        ) : (
          <p className="muted">本年度尚无调整记录。</p>
        )}
      </section>
    </>
  );
}
