// 用地指标 (issue 18 §4, docs/decisions/222): each county's annual land quota against the land its projects were
// supplied that year, with the 出让金 instalments overdue. The city's roles see every county, a county only its own
// (the scope is in the query); the bureau and the 系统管理员 set the quotas (version-checked, audited).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatChineseDate } from "~/domain/dates";
import { formatMu, LAND_METHOD_LABELS, LandQuotaForm, parseMu, sumMu, type LandSupplyMethod } from "~/domain/land";
import { formatWan } from "~/domain/money";
import { Refusal } from "~/domain/refusal";
import { canManageLandQuota, landOverview, overdueInstalments, saveLandQuota } from "~/models/land.server";
import { requirePage } from "~/utils/auth.server";
import { today as clockToday } from "~/utils/clock.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "用地指标 · 晋中市招商引资与转型项目管理平台" }];

function yearOf(request: Request, today: string) {
  const y = Number(new URL(request.url).searchParams.get("year"));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(today.slice(0, 4));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "land");
  const today = clockToday();
  const year = yearOf(request, today);
  const [rows, overdue] = await Promise.all([landOverview(viewer, year, today), overdueInstalments(viewer, today)]);
  return { year, today, rows, overdue, canManage: canManageLandQuota(viewer) };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "land");
  const raw = formDataToObject(await request.formData());
  const form = `quota-${typeof raw.countyId === "string" ? raw.countyId : ""}`;
  try {
    if (!canManageLandQuota(viewer)) throw Refusal.forbidden("只有投资促进局和系统管理员可以设置用地指标");
    const p = parseWith(LandQuotaForm, raw);
    if (!p.success) throw Refusal.fields(p.fieldErrors, "请修改标出的字段");
    const version = p.data.version && /^\d{1,9}$/.test(p.data.version) ? Number(p.data.version) : null;
    const year = Number(p.data.year);
    await saveLandQuota(viewer, { countyId: Number(p.data.countyId), year, quota: parseMu(p.data.quota)!, version });
    return redirect(`/land?year=${year}`, { headers: await flash(request, `已设置 ${year} 年用地指标`) });
  } catch (e) {
    return answerRefusal(e, { form, values: raw });
  }
}

export default function LandPage() {
  const d = useLoaderData<typeof loader>();
  const quota = sumMu(d.rows.map((r) => r.quota ?? "0"));
  const used = sumMu(d.rows.map((r) => r.used));
  return (
    <>
      <div className="page-head">
        <h1>用地指标</h1>
        <span className="muted">
          {d.year} 年 · 截至 {formatChineseDate(d.today)}
        </span>
        <div className="actions">
          <Link className="button" to={`/land?year=${d.year - 1}`}>
            上一年
          </Link>
          <Link className="button" to={`/land?year=${d.year + 1}`}>
            下一年
          </Link>
        </div>
      </div>
      <section className="card" aria-labelledby="quota-title">
        <h2 id="quota-title">
          {d.year} 年用地指标使用情况
          <span className="section-count">
            指标 {formatMu(quota)}，已用 {formatMu(used)}
          </span>
        </h2>
        <p className="muted small">已用 = 本县区项目本年供地面积之和（出让、弹性出让、先租后让、租赁）。</p>
        <table className="plain card-table">
          <caption className="sr-only">{d.year} 年各县区用地指标</caption>
          <thead>
            <tr>
              <th scope="col">县区</th>
              <th scope="col" className="num">
                用地指标
              </th>
              <th scope="col" className="num">
                已用
              </th>
              <th scope="col" className="num">
                剩余
              </th>
              <th scope="col" className="num">
                供地宗数
              </th>
              <th scope="col" className="num">
                弹性出让
              </th>
              <th scope="col" className="num">
                逾期出让金
              </th>
              {d.canManage ? <th scope="col">设置指标</th> : null}
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => {
              const left = r.quota === null ? null : sumMu([r.quota, `-${r.used}`]);
              const over = left !== null && left.startsWith("-");
              return (
                <tr key={r.countyId}>
                  <th scope="row">{r.county}</th>
                  <td data-label="用地指标" className="num">
                    {r.quota === null ? "未设置" : formatMu(r.quota)}
                  </td>
                  <td data-label="已用" className="num">
                    {formatMu(r.used)}
                  </td>
                  <td data-label="剩余" className="num">
                    {left === null ? (
                      "—"
                    ) : over ? (
                      <span className="badge red">超出 {formatMu(left.slice(1))}</span>
                    ) : (
                      formatMu(left)
                    )}
                  </td>
                  <td data-label="供地宗数" className="num">
                    {r.records}
                  </td>
                  <td data-label="弹性出让" className="num">
                    {r.flexible}
                  </td>
                  <td data-label="逾期出让金" className="num">
                    {r.overdue ? `${r.overdue} 期 ${formatWan(r.overdueAmount)}` : "—"}
                  </td>
                  {d.canManage ? (
                    <td data-label="设置指标" className="card-wide">
                      <QuotaForm year={d.year} row={r} />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="overdue-title">
        <h2 id="overdue-title">
          逾期未缴的出让金<span className="section-count">{d.overdue.length} 期</span>
        </h2>
        {d.overdue.length ? (
          <ul className="checklist">
            {d.overdue.map((i) => (
              <li key={i.id} className="overdue">
                <span className="when">{formatChineseDate(i.dueOn)}</span>
                <span>
                  <Link to={`/projects/${i.land.project.id}/land`}>{i.land.project.name}</Link>
                  <span className="muted small">
                    {" "}
                    {i.land.project.county.name} · {LAND_METHOD_LABELS[i.land.method as LandSupplyMethod]} · 第 {i.seq}{" "}
                    期应缴 {formatWan(i.amount)}，未缴 {formatWan(i.owed)}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">没有逾期未缴的出让金。</p>
        )}
      </section>
    </>
  );
}

function QuotaForm({
  year,
  row,
}: {
  year: number;
  row: { countyId: number; county: string; quota: string | null; quotaVersion: number | null };
}) {
  const fail = useFailure(`quota-${row.countyId}`);
  const busy = useNavigation().state === "submitting";
  const value =
    typeof fail?.values?.quota === "string" ? fail.values.quota : row.quota ? row.quota.replace(/\.?0+$/, "") : "";
  return (
    <Form method="post" className="inline-form" noValidate>
      <input type="hidden" name="countyId" value={row.countyId} />
      <input type="hidden" name="year" value={year} />
      <input type="hidden" name="version" value={row.quotaVersion ?? ""} />
      <Field
        id={`q-${row.countyId}`}
        label={`${row.county}${year}年指标（亩）`}
        error={fail?.fieldErrors?.quota ?? fail?.formError ?? fail?.conflict?.message}
      >
        {(p) => <input type="text" inputMode="decimal" name="quota" defaultValue={value} {...p} />}
      </Field>
      <button type="submit" disabled={busy}>
        保存<span className="sr-only">{row.county}用地指标</span>
      </button>
    </Form>
  );
}
