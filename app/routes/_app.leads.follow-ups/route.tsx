// 跟进督办 (issue 22 item 3): the bureau sees overdue 下次跟进 and 沉睡 leads per owner and per county (a county its
// own); every count drills down to the lead table filtered the same way (follow=overdue|dormant).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { formatChineseDate } from "~/domain/dates";
import { DORMANT_DAYS } from "~/domain/followUp";
import { LEAD_STAGE_LABELS } from "~/domain/labels";
import { db } from "~/models/db.server";
import { presentFollowUps } from "~/presenters/FollowUpPresenter.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "跟进督办 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "leadFollowUps");
  return presentFollowUps(db.as(viewer), clockToday());
}

const table = (follow: "overdue" | "dormant", extra: Record<string, string | number>) =>
  `/leads?${new URLSearchParams({ view: "table", follow, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) })}`;

function Count({ n, href, label }: { n: number; href: string | null; label: string }) {
  if (!n || !href) return <>{n}</>;
  return (
    <Link to={href} aria-label={`${label} ${n} 条`}>
      {n}
    </Link>
  );
}

type GroupRow = {
  key: string | number;
  name: string;
  unit?: string;
  overdue: number;
  longestDays: number;
  dormant: number;
  /** The lead-table filter behind the row's counts; null when they cannot be drilled into. */
  filter: Record<string, string | number> | null;
};

/** One grouping (per owner, per county): overdue follow-ups, the longest overdue, dormant leads, each drilling down. */
function GroupSection(props: {
  id: string;
  title: string;
  caption: string;
  nameHeader: string;
  withUnit?: boolean;
  rows: GroupRow[];
}) {
  const { id, title, caption, nameHeader, withUnit, rows } = props;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length ? (
        <div {...TABLE_WRAP}>
          <table className="plain compact">
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{nameHeader}</th>
                {withUnit ? <th scope="col">单位</th> : null}
                <th scope="col" className="num">
                  逾期跟进
                </th>
                <th scope="col" className="num">
                  最长逾期（天）
                </th>
                <th scope="col" className="num">
                  沉睡线索
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.name}</th>
                  {withUnit ? <td>{r.unit}</td> : null}
                  <td className="num">
                    <Count
                      n={r.overdue}
                      label={`${r.name}的逾期跟进`}
                      href={r.filter ? table("overdue", r.filter) : null}
                    />
                  </td>
                  <td className="num">{r.overdue ? r.longestDays : "—"}</td>
                  <td className="num">
                    <Count
                      n={r.dormant}
                      label={`${r.name}的沉睡线索`}
                      href={r.filter ? table("dormant", r.filter) : null}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">没有逾期跟进或沉睡的线索。</p>
      )}
    </section>
  );
}

export default function FollowUps() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>跟进督办</h1>
        <span className="muted">截至 {formatChineseDate(d.today)}</span>
      </div>
      <p>
        逾期未跟进的线索 <strong>{d.overdueCount}</strong> 条（下次跟进日期已过），沉睡线索{" "}
        <strong>{d.dormantCount}</strong> 条（{DORMANT_DAYS} 天以上未接触）。
        <Link to={table("overdue", {})}>查看全部逾期线索</Link>
      </p>

      <GroupSection
        id="fu-owner"
        title="按负责人"
        caption="各负责人逾期跟进和沉睡线索"
        nameHeader="负责人"
        withUnit
        rows={d.byOwner.map((r) => ({
          key: r.ownerId ?? "none",
          name: r.owner,
          unit: r.unit,
          overdue: r.overdue,
          longestDays: r.longestDays,
          dormant: r.dormant,
          filter: r.ownerId === null ? null : { owner: r.ownerId },
        }))}
      />
      <GroupSection
        id="fu-county"
        title="按县区"
        caption="各县区逾期跟进和沉睡线索"
        nameHeader="县区"
        rows={d.byCounty.map((r) => ({
          key: r.countyId,
          name: r.county,
          overdue: r.overdue,
          longestDays: r.longestDays,
          dormant: r.dormant,
          filter: { county: r.countyId },
        }))}
      />

      <section className="card" aria-labelledby="fu-list">
        <h2 id="fu-list">
          逾期跟进的线索<span className="section-count">{d.overdueCount} 条</span>
        </h2>
        {d.overdue.length ? (
          <ul className="checklist">
            {d.overdue.map((l) => (
              <li key={l.id} className="overdue">
                <span className="when">{formatChineseDate(l.nextFollowUpOn)}</span>
                <span className="badge red">逾期 {l.days} 天</span>
                <span>
                  <Link to={`/leads/${l.id}`}>{l.name}</Link>
                  <span className="muted small">
                    {" "}
                    {l.enterpriseName} · {l.county} · {LEAD_STAGE_LABELS[l.stage]} · 负责人 {l.owner}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">没有逾期未跟进的线索。</p>
        )}
        {d.overdueCount > d.overdue.length ? (
          <p className="muted small">
            仅显示最早逾期的 {d.overdue.length} 条，<Link to={table("overdue", {})}>在线索表格中查看全部</Link>。
          </p>
        ) : null}
      </section>
    </>
  );
}
