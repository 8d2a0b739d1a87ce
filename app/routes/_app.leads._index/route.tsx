import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { LeadBoard } from "~/components/leads/LeadBoard";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { ListFilterForm } from "~/components/ui/ListFilterForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { ATTRACTION_METHOD_LABELS, LEAD_STAGE_LABELS, SOURCE_REGION_LABELS } from "~/domain/labels";
import { LEAD_STAGES } from "~/domain/leadForms";
import { parseLeadListQuery } from "~/domain/leadListQuery.server";
import { formatAmount, formatWan } from "~/domain/money";
import { canManageLead } from "~/domain/permissions";
import { leadBoard, leadFormOptions, listLeads, type LeadCard } from "~/models/lead.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "招商线索 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "leads");
  const today = clockToday();
  const query = parseLeadListQuery(new URL(request.url).searchParams);
  const options = await leadFormOptions(viewer);
  const canCreate = canManageLead(viewer);
  if (query.view === "table") {
    return { query, options, canCreate, board: null, table: await listLeads(viewer, query, today) };
  }
  return { query, options, canCreate, board: await leadBoard(viewer, query, today), table: null };
}

const col = createColumnHelper<DataTableFeatures, LeadCard>();
const columns = [
  col.accessor("name", {
    header: "线索名称",
    cell: (c) => (
      <div>
        <Link to={`/leads/${c.row.original.id}`}>{c.getValue()}</Link>
        <div className="muted small">{c.row.original.enterpriseName}</div>
      </div>
    ),
  }),
  col.accessor("county", { header: "县区" }),
  col.accessor("industry", { header: "产业", enableSorting: false }),
  col.accessor((r) => SOURCE_REGION_LABELS[r.sourceRegion], { id: "source", header: "来源地", enableSorting: false }),
  col.accessor((r) => ATTRACTION_METHOD_LABELS[r.method], { id: "method", header: "招商方式", enableSorting: false }),
  col.accessor("expectedAmount", {
    header: "预计投资",
    cell: (c) => <span title={formatWan(c.getValue())}>{formatAmount(c.getValue())}</span>,
  }),
  col.accessor("stage", {
    header: "阶段",
    cell: (c) => <span className={`badge lead-${c.getValue()}`}>{LEAD_STAGE_LABELS[c.getValue()]}</span>,
  }),
  col.accessor("nextFollowUpOn", {
    header: "下次跟进",
    cell: (c) => (
      <span className="nowrap">
        {c.getValue() ? formatChineseDate(c.getValue()) : "—"}
        {c.row.original.overdueDays ? (
          <>
            {" "}
            <span className="badge red">逾期 {c.row.original.overdueDays} 天</span>
          </>
        ) : null}
      </span>
    ),
  }),
  col.accessor("lastTouchOn", {
    header: "最近接触",
    enableSorting: false,
    cell: (c) => (
      <span className="nowrap">
        {formatChineseDate(c.getValue())}
        {c.row.original.dormantDays ? (
          <>
            {" "}
            <span className="badge yellow" title={`${c.row.original.dormantDays} 天未接触`}>
              沉睡
            </span>
          </>
        ) : null}
      </span>
    ),
  }),
  col.accessor((r) => r.owner ?? "—", { id: "owner", header: "负责人", enableSorting: false }),
];

export default function Leads() {
  const { query, options, canCreate, board, table } = useLoaderData<typeof loader>();
  const location = useLocation();
  const viewHref = (view: "kanban" | "table") => {
    const sp = new URLSearchParams(location.search);
    sp.set("view", view);
    sp.delete("page");
    return `/leads?${sp.toString()}`;
  };
  const hasFilters = Boolean(
    query.q ||
    query.county ||
    query.industry ||
    query.source ||
    query.method ||
    query.stage ||
    query.follow ||
    query.owner ||
    query.reached ||
    query.left ||
    query.reason ||
    query.event,
  );
  // the drill-down from 线索分析 (decision 180): said in words above the list, kept by the filter form
  const analysis = [
    query.reached ? `曾到达“${LEAD_STAGE_LABELS[query.reached]}”阶段` : null,
    query.left ? `已走完“${LEAD_STAGE_LABELS[query.left]}”阶段` : null,
    query.reason ? `放弃原因“${query.reason}”` : null,
    query.event ? `来自推介活动“${options.events.find((e) => e.id === query.event)?.name ?? `#${query.event}`}”` : null,
  ].filter(Boolean);
  return (
    <>
      <div className="page-head">
        <h1>招商线索</h1>
        <span className="muted">签约前的招商项目储备：接触 → 考察 → 洽谈 → 签约 / 放弃</span>
        <div className="actions">
          <nav className="view-switch" aria-label="视图">
            <Link to={viewHref("kanban")} aria-current={query.view === "kanban" ? "page" : undefined}>
              看板
            </Link>
            <Link to={viewHref("table")} aria-current={query.view === "table" ? "page" : undefined}>
              表格
            </Link>
          </nav>
          <Link to="/leads/analytics">线索分析</Link>
          <Link to="/events">推介活动</Link>
          {canCreate ? (
            <Link to="/leads/new" className="button primary">
              登记线索
            </Link>
          ) : null}
        </div>
      </div>
      <ListFilterForm
        label="筛选线索"
        hidden={{
          view: query.view,
          owner: query.owner,
          reached: query.reached,
          left: query.left,
          reason: query.reason,
          event: query.event,
          ...(query.view === "table" ? { sort: query.sort, dir: query.dir } : {}),
        }}
        sizeId="l-size"
        // the board shows every lead: no pages
        size={query.view === "table" ? query.size : null}
        hasFilters={hasFilters}
        clearTo={`/leads?view=${query.view}`}
      >
        <div className="field">
          <label htmlFor="l-q">搜索线索、企业或客商</label>
          <input
            id="l-q"
            type="search"
            name="q"
            defaultValue={query.q ?? ""}
            placeholder="线索、企业、客商、联系人或电话"
          />
        </div>
        <FilterSelect
          id="l-county"
          name="county"
          label="县区"
          value={query.county}
          options={options.counties.map((c) => [c.id, c.name])}
        />
        <FilterSelect
          id="l-industry"
          name="industry"
          label="产业"
          value={query.industry}
          options={options.industries.map((c) => [c.id, c.name])}
        />
        <FilterSelect
          id="l-source"
          name="source"
          label="来源地"
          value={query.source}
          options={Object.entries(SOURCE_REGION_LABELS)}
        />
        <FilterSelect
          id="l-method"
          name="method"
          label="招商方式"
          value={query.method}
          options={Object.entries(ATTRACTION_METHOD_LABELS)}
        />
        <FilterSelect
          id="l-follow"
          name="follow"
          label="跟进"
          value={query.follow}
          options={[
            ["overdue", "跟进逾期"],
            ["dormant", "沉睡（30 天未接触）"],
          ]}
        />
        {query.view === "table" ? (
          <FilterSelect
            id="l-stage"
            name="stage"
            label="阶段"
            value={query.stage}
            options={LEAD_STAGES.map((s) => [s, LEAD_STAGE_LABELS[s]])}
          />
        ) : null}
      </ListFilterForm>
      {analysis.length ? (
        <p className="notice" role="status">
          筛选：{analysis.join("，")}。<Link to={`/leads?view=${query.view}`}>清除筛选</Link>
        </p>
      ) : null}
      {board ? (
        <LeadBoard columns={board} redirectTo={`${location.pathname}${location.search}`} />
      ) : table ? (
        <>
          <p className="muted small">
            共 {table.total} 条线索，预计投资合计{" "}
            <span title={formatWan(table.amount)}>{formatAmount(table.amount)}</span>
          </p>
          <DataTable
            caption="招商线索"
            columns={columns}
            data={table.rows}
            total={table.total}
            page={query.page}
            pageSize={query.size}
            sort={query.sort}
            dir={query.dir}
            getRowId={(r) => String(r.id)}
            numeric={["expectedAmount"]}
            empty={hasFilters ? "没有符合筛选条件的线索，请调整或清除筛选。" : "暂无线索。"}
          />
        </>
      ) : null}
    </>
  );
}
