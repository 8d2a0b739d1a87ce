// 追回清单 (issue 18 §3, docs/decisions/225): every promised incentive with money paid whose project was withdrawn or
// missed its condition — the city's roles every county's, a county its own (scope in the query) — with project,
// county, policy, promised and paid, and the reason; searched, by county, paged in SQL; phone cards at 390×844.
// 应追回 / 已追回 / 未追回 per incentive and in total, filtered by 追回 status (docs/decisions/275).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type DataTableFeatures } from "~/components/ui/DataTable";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { ListFilterForm } from "~/components/ui/ListFilterForm";
import { formatChineseDate } from "~/domain/dates";
import { RECOVERY_STATUS_LABELS } from "~/domain/incentiveFulfilment";
import { formatWan } from "~/domain/money";
import { parseRecoveryListQuery } from "~/domain/recoveryListQuery.server";
import { listRecoveries, type RecoveryRow } from "~/models/incentiveRecovery.server";
import { countyOptions } from "~/models/options.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "优惠追回清单 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "incentiveRecovery");
  const query = parseRecoveryListQuery(new URL(request.url).searchParams);
  const today = clockToday();
  const citywide = viewer.role !== "COUNTY";
  const [list, counties] = await Promise.all([
    listRecoveries(viewer, { ...query, county: citywide ? query.county : undefined }, today),
    citywide ? countyOptions() : Promise.resolve([]),
  ]);
  return { query, ...list, counties, citywide, today };
}

const col = createColumnHelper<DataTableFeatures, RecoveryRow>();
const columns = [
  col.accessor("projectName", {
    header: "项目",
    enableSorting: false,
    cell: (c) => (
      <>
        <Link to={`/projects/${c.row.original.projectId}/incentives/${c.row.original.id}`}>{c.getValue()}</Link>
        <div className="small muted">{c.row.original.projectCode}</div>
      </>
    ),
  }),
  col.accessor("county", { header: "所在县区", enableSorting: false }),
  col.accessor((r) => r.policy ?? r.kind, {
    id: "policy",
    header: "依据政策",
    enableSorting: false,
    cell: (c) => (
      <>
        {c.getValue()}
        <div className="small muted">{c.row.original.content}</div>
      </>
    ),
  }),
  col.accessor((r) => (r.promised === null ? "未定额" : formatWan(r.promised)), {
    id: "promised",
    header: "承诺金额",
    enableSorting: false,
  }),
  col.accessor("paid", {
    header: "已兑现（应追回）",
    enableSorting: false,
    cell: (c) => (
      <>
        {formatWan(c.getValue())}
        <div className="small muted">最近兑现 {formatChineseDate(c.row.original.lastPaidOn)}</div>
      </>
    ),
  }),
  col.accessor("recovered", {
    header: "已追回",
    enableSorting: false,
    cell: (c) => (
      <>
        {formatWan(c.getValue())}
        <div className="small muted">{RECOVERY_STATUS_LABELS[c.row.original.status]}</div>
      </>
    ),
  }),
  col.accessor("outstanding", { header: "未追回", enableSorting: false, cell: (c) => formatWan(c.getValue()) }),
  col.accessor("reason", {
    header: "追回原因",
    enableSorting: false,
    cell: (c) => <span className="badge red">{c.getValue()}</span>,
  }),
];

export default function IncentiveRecoveryPage() {
  const { query, rows, total, paid, promised, recovered, outstanding, counties, citywide, today } =
    useLoaderData<typeof loader>();
  const hasFilters = Boolean(query.q || query.county || query.status);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/policies">优惠政策库</Link> / 追回清单
      </p>
      <div className="page-head">
        <h1>优惠追回清单</h1>
        <span className="muted">
          已兑现但项目已调出或未按期达到兑现条件的优惠（截至 {formatChineseDate(today)}）
          {citywide ? "，全市" : "，本县（区、市）"}
        </span>
      </div>
      <section className="card" aria-labelledby="recovery-total">
        <h2 id="recovery-total">
          需追回 {total} 项{hasFilters ? "（符合条件）" : ""}：已兑现 {formatWan(paid)}，承诺 {formatWan(promised)}
        </h2>
        <p>
          应追回 {formatWan(paid)}，已追回 {formatWan(recovered)}，未追回 {formatWan(outstanding)}
        </p>
        <ListFilterForm
          label="筛选追回清单"
          sizeId="rf-size"
          size={query.size}
          hasFilters={hasFilters}
          clearTo="/incentives/recovery"
        >
          <div className="field">
            <label htmlFor="rf-q">搜索项目或政策</label>
            <input
              id="rf-q"
              type="search"
              name="q"
              defaultValue={query.q ?? ""}
              key={query.q ?? ""}
              placeholder="项目名称、编号或政策名称"
            />
          </div>
          {citywide ? (
            <FilterSelect
              id="rf-county"
              name="county"
              label="县区"
              value={query.county}
              options={counties.map((c) => [c.id, c.name])}
            />
          ) : null}
          <FilterSelect
            id="rf-status"
            name="status"
            label="追回情况"
            value={query.status}
            options={Object.entries(RECOVERY_STATUS_LABELS)}
          />
        </ListFilterForm>
        <DataTable
          caption="需追回的优惠"
          columns={columns}
          data={rows}
          total={total}
          page={query.page}
          pageSize={query.size}
          sort="county"
          dir="asc"
          getRowId={(r) => String(r.id)}
          empty={hasFilters ? "没有符合条件的需追回优惠，请调整或清除筛选。" : "暂无需追回的优惠。"}
        />
      </section>
    </>
  );
}
