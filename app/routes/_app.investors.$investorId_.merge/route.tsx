// 合并重复客商 (issue 22 §1, docs/decisions/175): the admin or the bureau finds the duplicate of this investor by
// name, sees both records and what would move, and confirms. The record opened here survives; the duplicate's
// contacts, leads and 推介活动 attendance move to it and it is deleted — one audited transaction, both versions checked.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { InvestorMergeForm } from "~/domain/investorForm";
import { SOURCE_REGION_LABELS } from "~/domain/labels";
import { Refusal } from "~/domain/refusal";
import { duplicateCandidates, investorMergeCandidate, mergeInvestors } from "~/models/investorMerge.server";
import { requirePage } from "~/utils/auth.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `合并重复客商 · ${data?.survivor.name ?? "客商"} · 客商库` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePage(request, "investorMerge");
  const id = idParam(params.investorId);
  const sp = new URL(request.url).searchParams;
  const survivor = await investorMergeCandidate(id);
  if (!survivor) notFound();
  const q = (sp.get("q") ?? "").trim().slice(0, 60);
  const candidates = await duplicateCandidates(id, q);
  const dupId = Number(sp.get("duplicate"));
  const duplicate =
    Number.isSafeInteger(dupId) && dupId > 0 && dupId <= 2_147_483_647 && dupId !== id
      ? await investorMergeCandidate(dupId)
      : null;
  return { survivor, q, candidates, duplicate };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "investorMerge");
  const id = idParam(params.investorId);
  const raw = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(InvestorMergeForm, raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请选择要并入的重复客商并确认");
    const r = await mergeInvestors(viewer, id, parsed.data);
    return redirect(`/investors/${id}`, {
      headers: await flash(
        request,
        `已将「${r.duplicate.name}」并入本客商：移入联系人 ${r.movedContacts} 位、招商线索 ${r.movedLeads} 条`,
      ),
    });
  } catch (e) {
    return answerRefusal(e, { values: raw });
  }
}

type Side = NonNullable<Awaited<ReturnType<typeof investorMergeCandidate>>>;

export default function MergeInvestor() {
  const { survivor: s, q, candidates, duplicate: d } = useLoaderData<typeof loader>();
  const fail = useFailure();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="breadcrumb">
        <Link to="/investors">客商库</Link> / <Link to={`/investors/${s.id}`}>{s.name}</Link> / 合并重复客商
      </p>
      <h1>合并重复客商</h1>
      <p className="note">
        保留本客商「{s.name}」。选中的重复客商的联系人和招商线索将移入本客商，本客商空缺的信息由重复客商补齐，
        随后删除重复客商。合并记入审计日志，无法撤销。
      </p>
      <Form method="get" className="filters" role="search" aria-label="查找重复客商">
        {d ? <input type="hidden" name="duplicate" value={d.id} /> : null}
        <div className="field">
          <label htmlFor="m-q">查找重复客商</label>
          <input id="m-q" type="search" name="q" defaultValue={q} placeholder="客商名称" />
        </div>
        <button type="submit" className="primary">
          查找
        </button>
      </Form>
      {q ? (
        <section className="card" aria-labelledby="m-found">
          <h2 id="m-found">查找结果（{candidates.length}）</h2>
          {candidates.length === 0 ? (
            <p className="muted">没有找到其他客商。</p>
          ) : (
            <ul className="plain-list">
              {candidates.map((c) => (
                <li key={c.id}>
                  {c.name}{" "}
                  <Link to={`?q=${encodeURIComponent(q)}&duplicate=${c.id}`} preventScrollReset>
                    选为重复客商<span className="sr-only">：{c.name}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {d ? (
        <section className="card" aria-labelledby="m-confirm">
          <h2 id="m-confirm">确认合并</h2>
          <FormError message={fail?.formError} />
          {fail?.fieldErrors.duplicateId ? (
            <p className="field-error" role="alert">
              {fail.fieldErrors.duplicateId}
            </p>
          ) : null}
          <div className="table-wrap">
            <table>
              <caption className="sr-only">两条记录对比</caption>
              <thead>
                <tr>
                  <th scope="col">项目</th>
                  <th scope="col">保留：本客商</th>
                  <th scope="col">并入后删除：重复客商</th>
                </tr>
              </thead>
              <tbody>
                <Row label="客商名称" s={s} d={d} get={(x) => x.name} />
                <Row label="来源地" s={s} d={d} get={(x) => SOURCE_REGION_LABELS[x.sourceRegion]} />
                <Row label="产业" s={s} d={d} get={(x) => x.industry?.name ?? "—"} />
                <Row label="对接县区" s={s} d={d} get={(x) => x.county?.name ?? "市级"} />
                <Row label="企业库" s={s} d={d} get={(x) => (x.enterprise ? x.enterprise.name : "未登记")} />
                <Row label="联系人" s={s} d={d} get={(x) => `${x._count.contacts} 位`} />
                <Row label="招商线索" s={s} d={d} get={(x) => `${x._count.leads} 条`} />
                <Row label="推介活动参会" s={s} d={d} get={(x) => `${x._count.attendances} 次`} />
              </tbody>
            </table>
          </div>
          <Form method="post" className="form-actions">
            <input type="hidden" name="duplicateId" value={d.id} />
            <input type="hidden" name="survivorVersion" value={s.version} />
            <input type="hidden" name="duplicateVersion" value={d.version} />
            <button type="submit" className="danger" disabled={busy}>
              确认合并：将「{d.name}」并入本客商
            </button>
            <Link to={`/investors/${s.id}`} className="button">
              取消
            </Link>
          </Form>
        </section>
      ) : fail?.formError ? (
        <FormError message={fail.formError} />
      ) : null}
    </>
  );
}

function Row({ label: l, s, d, get }: { label: string; s: Side; d: Side; get: (x: Side) => string }) {
  return (
    <tr>
      <th scope="row" className="nowrap">
        {l}
      </th>
      <td>{get(s)}</td>
      <td>{get(d)}</td>
    </tr>
  );
}
