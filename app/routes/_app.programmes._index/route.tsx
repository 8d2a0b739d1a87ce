// 重点专项 (issue 18 §1, docs/decisions/200): every programme — 山西农谷, 示范区起步区, 三年行动, PPP 示范库 — with its
// period and its targets against the members the viewer sees (a county its own members), 序时进度 and RAG.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { RAG_LABELS } from "~/domain/kpi";
import { formatAmount, formatPct } from "~/domain/money";
import { canManageProgrammes, seesAllProjects } from "~/domain/permissions";
import { PROGRAMME_METRIC_LABELS, programmeRegisterHref, type ProgrammeRow } from "~/domain/programmes";
import { listProgrammes } from "~/models/programme.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "重点专项 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "programmes");
  const asOf = clockToday();
  return {
    asOf,
    programmes: await listProgrammes(viewer, asOf),
    canCreate: canManageProgrammes(viewer),
    whole: seesAllProjects(viewer),
  };
}

function Figure({ row }: { row: ProgrammeRow }) {
  const amount = row.metric === "TOTAL_INVESTMENT" || row.metric === "ANNUAL_INVESTMENT" || row.metric === "OUTPUT";
  const show = (v: number) => (amount ? formatAmount(v) : String(v));
  return (
    <>
      {PROGRAMME_METRIC_LABELS[row.metric]} {show(row.actual)}
      {row.target !== null ? ` / ${show(row.target)}` : ""}
      {row.target !== null ? <span className="muted small">（{formatPct(row.completionPct)}）</span> : null}
    </>
  );
}

export default function ProgrammesPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>重点专项</h1>
        <span className="muted">
          截至{formatChineseDate(d.asOf)}，各专项目标与成员项目完成情况
          {d.whole ? "" : "（仅含本辖区成员项目）"}
        </span>
        {d.canCreate ? (
          <div className="actions">
            <Link to="/programmes/new" className="button primary">
              新建重点专项
            </Link>
          </div>
        ) : null}
      </div>
      {d.programmes.length ? (
        <div className="grid cols-2">
          {d.programmes.map((p) => {
            const worst = p.rows.find((r) => r.rag === "red") ?? p.rows.find((r) => r.rag === "yellow");
            return (
              <section key={p.id} className="card" aria-labelledby={`pg-${p.id}`}>
                <h2 id={`pg-${p.id}`}>
                  <Link to={`/programmes/${p.id}`}>{p.name}</Link>
                </h2>
                <p className="muted small">
                  {formatChineseDate(p.startsOn)}起{p.endsOn ? `，至${formatChineseDate(p.endsOn)}` : "，长期"}
                  {worst ? (
                    <>
                      {" "}
                      <span className={`badge rag-${worst.rag}`}>
                        {PROGRAMME_METRIC_LABELS[worst.metric]}
                        {RAG_LABELS[worst.rag]}
                      </span>
                    </>
                  ) : null}
                </p>
                <ul className="plain-list">
                  {p.rows.map((r) => (
                    <li key={r.metric}>
                      <Figure row={r} />
                    </li>
                  ))}
                  <li>
                    <Link to={programmeRegisterHref(p.id)}>查看成员项目</Link>
                    {p.lagging ? (
                      <>
                        {" · "}
                        <Link to={programmeRegisterHref(p.id, { lag: "any", asOf: d.asOf })}>
                          滞后项目 {p.lagging} 个
                        </Link>
                      </>
                    ) : null}
                  </li>
                </ul>
              </section>
            );
          })}
        </div>
      ) : (
        <p className="muted">暂无重点专项。</p>
      )}
    </>
  );
}
