import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { countyOptions } from "~/models/options.server";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useFailure } from "~/components/form/useFailure";
import { useMemo } from "react";
import { FormError } from "~/components/form/Field";
import { useZodForm } from "~/components/form/useZodForm";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { isAmountMetric, KPI_METRICS, type KpiMetric } from "~/domain/kpi";
import { TARGET_METRIC_LABELS } from "~/domain/labels";
import { formatBasisPoints, formatWan, wanToYiString } from "~/domain/money";
import { canManageTargets } from "~/domain/permissions";
import { resolvePeriod } from "~/domain/reportQuery";
import { parseReportQuery } from "~/domain/reportQuery.server";
import {
  bpToPercentInput,
  cellName,
  checkSplit,
  gridCells,
  targetGridSchema,
  versionName,
  type TargetScopeKey,
} from "~/domain/targets";
import { saveTargets, targetRows, toGrid, type TargetConflict } from "~/models/target.server";
import { Refusal } from "~/domain/refusal";
import { answerRefusal } from "~/utils/refusal.server";
import { planYears } from "~/presenters/KpiPresenter.server";
import { requirePage, requireUser } from "~/utils/auth.server";
import { db } from "~/models/db.server";
import { parseWith, formDataToObject } from "~/utils/form.server";
import { forbidden } from "~/utils/http.server";
import { flash } from "~/utils/session.server";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { today as clockToday } from "~/utils/clock.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "年度目标 · 晋中市招商引资与转型项目管理平台" }];

const counties = () => countyOptions();

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "targets");
  const sp = new URL(request.url).searchParams;
  const years = await planYears(db.as(viewer));
  const { year } = resolvePeriod(parseReportQuery(sp), years, clockToday());
  const canEdit = canManageTargets(viewer);
  const all = await counties();
  // A county sees the city's targets and its own; the split check is the bureau's concern.
  const visible = viewer.role === "COUNTY" ? all.filter((c) => c.id === viewer.countyId) : all;
  const rows = await targetRows(
    year,
    visible.map((c) => c.id),
  );
  const grid = toGrid(rows);
  const split =
    viewer.role === "COUNTY"
      ? null
      : checkSplit(
          grid,
          all.map((c) => c.id),
        );
  return {
    year,
    years: [...new Set([year, ...years, Math.max(...years, year) + 1])].sort((a, b) => b - a),
    counties: visible,
    rows,
    split,
    canEdit,
    editing: canEdit && sp.get("edit") === "1",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  if (!canManageTargets(viewer)) forbidden("只有投资促进局可以修改目标");
  const url = new URL(request.url);
  const year = Number(url.searchParams.get("year"));
  const all = await counties();
  const name = (id: number | null) => (id === null ? "全市" : (all.find((c) => c.id === id)?.name ?? String(id)));
  let result: { changed: number };
  try {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw Refusal.form("年度无效");
    const ids = all.map((c) => c.id);
    const parsed = parseWith(targetGridSchema(ids), formDataToObject(await request.formData()));
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请修改标出的单元格");
    result = await saveTargets(viewer, year, gridCells(parsed.data as Record<string, number | null>, ids));
  } catch (e) {
    return answerRefusal(e, {
      describeConflict: (current) => {
        const list = ((current?.conflicts ?? []) as TargetConflict[]).map(
          (c) => `${name(c.countyId)} ${TARGET_METRIC_LABELS[c.metric]}`,
        );
        return {
          message: `目标已被他人修改${list.length ? `（${list.join("、")}）` : ""}，本次未保存。请刷新后重新填写。`,
          changed: [],
        };
      },
    });
  }
  const ids = all.map((c) => c.id);
  const split = checkSplit(toGrid(await targetRows(year)), ids);
  const bad = KPI_METRICS.filter((m) => isAmountMetric(m) && !split[m].ok).map((m) => TARGET_METRIC_LABELS[m]);
  const message = bad.length
    ? `目标已保存；注意：${bad.join("、")}的县区合计与全市目标不一致`
    : `已保存 ${result.changed} 项目标`;
  return redirect(`/targets?year=${year}`, {
    headers: await flash(request, message, bad.length ? "error" : "success"),
  });
}

export default function Targets() {
  const d = useLoaderData<typeof loader>();
  const name = (id: number) => d.counties.find((c) => c.id === id)?.name ?? "";
  return (
    <>
      <div className="page-head">
        <h1>{d.year}年度目标</h1>
        <span className="muted">全市目标及分解到各县区（含开发区）的目标；金额单位万元，比率为百分比</span>
        <div className="actions">
          <Form method="get" className="inline-form">
            <label htmlFor="t-year">年度</label>
            <select id="t-year" name="year" defaultValue={d.year} key={d.year}>
              {d.years.map((y) => (
                <option key={y} value={y}>
                  {y}年
                </option>
              ))}
            </select>
            <button type="submit">查看</button>
          </Form>
          {d.canEdit && !d.editing ? (
            <Link to={`/targets?year=${d.year}&edit=1`} className="button primary">
              编辑目标
            </Link>
          ) : null}
        </div>
      </div>
      {d.split ? <SplitSummary split={d.split} name={name} /> : null}
      {d.editing ? <TargetEditor /> : <TargetTable />}
    </>
  );
}

type Split = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["split"]>;

function SplitSummary({ split, name }: { split: Split; name: (id: number) => string }) {
  const problems = KPI_METRICS.filter((m) => !split[m].ok);
  if (problems.length === 0)
    return <p className="notice">各项金额目标的县区分解合计与全市目标一致，每个县区均已分解。</p>;
  return (
    <div className="form-error" role="status">
      <strong>目标分解需核对：</strong>
      <ul>
        {problems.map((m) => {
          const s = split[m];
          return (
            <li key={m}>
              {TARGET_METRIC_LABELS[m]}：{s.city === null ? "未设全市目标。" : null}
              {s.diff !== null && s.diff !== 0
                ? `县区合计 ${formatWan(s.countySum)}，与全市目标 ${formatWan(s.city!)} 相差 ${formatWan(s.diff)}。`
                : null}
              {s.missing.length ? `未分解到：${s.missing.map(name).join("、")}。` : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function cellText(m: KpiMetric, v: number | undefined) {
  if (v === undefined) return <span className="muted">未设</span>;
  return isAmountMetric(m) ? <span title={formatWan(v)}>{wanToYiString(v, 2)}亿元</span> : formatBasisPoints(v);
}

function TargetTable() {
  const d = useLoaderData<typeof loader>();
  const grid = new Map<TargetScopeKey, Partial<Record<KpiMetric, number>>>();
  for (const r of d.rows)
    grid.set(r.countyId ?? "city", { ...(grid.get(r.countyId ?? "city") ?? {}), [r.metric]: r.value });
  const below = (id: number, m: KpiMetric) => d.split?.[m].belowCity.includes(id);
  return (
    <div {...TABLE_WRAP}>
      <table className="plain targets">
        <caption className="sr-only">{d.year}年度目标（全市及县区分解）</caption>
        <thead>
          <tr>
            <th scope="col">范围</th>
            {KPI_METRICS.map((m) => (
              <th key={m} scope="col" className="num">
                {TARGET_METRIC_LABELS[m]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className="city-row">
            <th scope="row">全市</th>
            {KPI_METRICS.map((m) => (
              <td key={m} className="num">
                {cellText(m, grid.get("city")?.[m])}
              </td>
            ))}
          </tr>
          {d.counties.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              {KPI_METRICS.map((m) => (
                <td key={m} className={`num${below(c.id, m) ? " below-city" : ""}`}>
                  {cellText(m, grid.get(c.id)?.[m])}
                  {below(c.id, m) ? <span className="sr-only">（低于全市目标）</span> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {d.split ? (
          <tfoot>
            <tr>
              <th scope="row">县区合计</th>
              {KPI_METRICS.map((m) => (
                <td key={m} className="num">
                  {isAmountMetric(m) ? (
                    <>
                      <span title={formatWan(d.split![m].countySum)}>
                        {wanToYiString(d.split![m].countySum, 2)}亿元
                      </span>{" "}
                      {d.split![m].ok ? (
                        <span className="badge green">一致</span>
                      ) : (
                        <span className="badge red">不一致</span>
                      )}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
      {d.split ? (
        <p className="muted small table-note">浅黄底色：县区比率目标低于全市目标。悬停金额可看精确到万元的数值。</p>
      ) : null}
    </div>
  );
}

function TargetEditor() {
  const d = useLoaderData<typeof loader>();
  const actionData = useFailure();
  const navigation = useNavigation();
  const ids = d.counties.map((c) => c.id);
  const schema = useMemo(() => targetGridSchema(ids), [ids.join(",")]); // eslint-disable-line react-hooks/exhaustive-deps
  const defaults: Record<string, string> = {};
  for (const r of d.rows) {
    const scope = r.countyId ?? "city";
    const m = r.metric as KpiMetric;
    defaults[cellName(scope, m)] = isAmountMetric(m) ? String(r.value) : bpToPercentInput(r.value);
    defaults[versionName(scope, m)] = String(r.version);
  }
  const { register, onSubmit, errorOf } = useZodForm(schema, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: defaults as never,
  });
  const row = (scope: TargetScopeKey, label: string) => (
    <tr key={String(scope)}>
      <th scope="row">{label}</th>
      {KPI_METRICS.map((m) => {
        const id = cellName(scope, m);
        const err = errorOf(id);
        return (
          <td key={m}>
            <label htmlFor={id} className="sr-only">
              {label} {TARGET_METRIC_LABELS[m]}（{isAmountMetric(m) ? "万元" : "%"}）
            </label>
            <input
              id={id}
              type="text"
              inputMode={isAmountMetric(m) ? "numeric" : "decimal"}
              className="cell-input"
              aria-invalid={err ? true : undefined}
              aria-describedby={err ? `${id}-error` : undefined}
              {...register(id as never)}
            />
            <input type="hidden" {...register(versionName(scope, m) as never)} />
            {err ? (
              <span id={`${id}-error`} className="field-error" role="alert">
                {err}
              </span>
            ) : null}
          </td>
        );
      })}
    </tr>
  );
  return (
    <Form method="post" action={`/targets?year=${d.year}`} onSubmit={onSubmit} noValidate>
      <FormError message={actionData?.formError} />
      <div {...TABLE_WRAP}>
        <table className="plain targets editing">
          <caption className="sr-only">编辑{d.year}年度目标</caption>
          <thead>
            <tr>
              <th scope="col">范围</th>
              {KPI_METRICS.map((m) => (
                <th key={m} scope="col">
                  {TARGET_METRIC_LABELS[m]}
                  <span className="muted small">（{isAmountMetric(m) ? "万元" : "%"}）</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {row("city", "全市")}
            {d.counties.map((c) => row(c.id, c.name))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        金额填万元整数（2100亿元 = 21000000）；比率填百分数，如 50 或 32.5。留空表示不设该目标。
      </p>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          保存目标
        </button>
        <Link to={`/targets?year=${d.year}`} className="button">
          取消
        </Link>
      </div>
    </Form>
  );
}
