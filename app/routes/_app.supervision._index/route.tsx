// 督办台账 (issue 17): every 督办事项 the viewer may see, with filters (unit, level, state, overdue, source, leader),
// the per-unit 按时办结率 and 催办次数, and the Excel export. A leader sees "我的批示" first, live.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { LedgerTable } from "~/components/supervision/LedgerTable";
import { SupervisionUnitTable } from "~/components/supervision/SupervisionUnitTable";
import { FilterFold } from "~/components/ui/FilterFold";
import { FilterSelect } from "~/components/ui/FilterSelect";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import {
  SUPERVISION_LEVEL_LABELS,
  SUPERVISION_LEVELS,
  SUPERVISION_SOURCE_LABELS,
  SUPERVISION_SOURCES,
  SUPERVISION_STATE_LABELS,
  SUPERVISION_STATES,
} from "~/domain/supervisionLabels";
import { ledgerOptions, ledgerRowView, parseLedgerQuery, supervisionLedger } from "~/models/supervisionLedger.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "督办台账 · 晋中市招商引资与转型项目管理平台" }];

const MAX_ROWS = 300;

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "supervision");
  const url = new URL(request.url);
  const q = parseLedgerQuery(url.searchParams);
  const ledger = await supervisionLedger(viewer, q);
  const mine = viewer.role === "LEADER" && !q.mine ? await supervisionLedger(viewer, { mine: "1" }) : null;
  return {
    q,
    isLeader: viewer.role === "LEADER",
    rows: ledger.rows.slice(0, MAX_ROWS).map(ledgerRowView),
    more: Math.max(0, ledger.rows.length - MAX_ROWS),
    count: ledger.rows.length,
    units: ledger.units,
    total: ledger.total,
    mine: mine ? mine.rows.map(ledgerRowView) : null,
    options: await ledgerOptions(),
    exportHref: `/resources/supervision-export${url.search}`,
  };
}

export default function SupervisionLedger() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{d.q.mine ? "我的批示" : "督办台账"}</h1>
        {d.isLeader ? (
          <Link className="button primary" to="/supervision/new">
            作出批示
          </Link>
        ) : null}
      </div>

      {d.mine ? (
        <section className="card" aria-labelledby="mine-title">
          <h2 id="mine-title">我的批示</h2>
          {d.mine.length ? (
            <LedgerTable rows={d.mine} caption="我的批示及办理状态" />
          ) : (
            <p className="muted">您还没有作出批示。可在项目、企业诉求、月度通报页面作出批示，或点击「作出批示」。</p>
          )}
        </section>
      ) : null}

      <Form method="get" className="filters card" aria-label="筛选督办事项">
        {/* on a phone the six filters fold behind one 筛选 button, so the ledger starts on the first screen */}
        <FilterFold
          active={[d.q.unit, d.q.level, d.q.state, d.q.overdue, d.q.source, d.q.leader].filter(Boolean).length}
        >
          <FilterSelect
            id="f-unit"
            name="unit"
            label="责任单位"
            value={d.q.unit}
            options={d.options.units.map((u) => [u.id, u.name])}
          />
          <FilterSelect
            id="f-level"
            name="level"
            label="督办级别"
            value={d.q.level}
            options={SUPERVISION_LEVELS.map((l) => [l, SUPERVISION_LEVEL_LABELS[l]])}
          />
          <FilterSelect
            id="f-state"
            name="state"
            label="状态"
            value={d.q.state}
            options={[
              ...SUPERVISION_STATES.map((s) => [s, SUPERVISION_STATE_LABELS[s]] as [string, string]),
              ["EXTENSION", "延期待审批"],
            ]}
          />
          <FilterSelect
            id="f-overdue"
            name="overdue"
            label="是否超期"
            value={d.q.overdue}
            options={[["1", "仅看超期（红牌）"]]}
          />
          <FilterSelect
            id="f-source"
            name="source"
            label="来源"
            value={d.q.source}
            options={SUPERVISION_SOURCES.map((s) => [s, SUPERVISION_SOURCE_LABELS[s]])}
          />
          <FilterSelect
            id="f-leader"
            name="leader"
            label="批示领导"
            value={d.q.leader}
            options={d.options.leaders.map((l) => [l.id, l.displayName])}
          />
        </FilterFold>
        <div className="form-actions">
          <button type="submit" className="primary">
            应用筛选
          </button>
          <Link to="/supervision">清除筛选</Link>
          <a href={d.exportHref} download>
            导出 Excel
          </a>
        </div>
      </Form>

      <section className="card" aria-labelledby="units-title">
        <h2 id="units-title">责任单位办理情况</h2>
        <SupervisionUnitTable units={d.units} total={d.total} caption="各主办单位的督办事项数、按时办结率和催办次数" />
      </section>

      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">督办事项（{d.count} 项）</h2>
        {d.rows.length ? (
          <LedgerTable rows={d.rows} caption="督办事项清单" />
        ) : (
          <p className="muted">没有符合条件的督办事项。</p>
        )}
        {d.more ? <p className="muted small">另有 {d.more} 项未显示，请缩小筛选范围或导出 Excel。</p> : null}
      </section>
    </>
  );
}
