// 合并重复记录 (issue 15 §1, docs/decisions/118): the admin, the bureau or 市经信委 finds the duplicate of this
// enterprise (by name or 统一社会信用代码), sees both records and what would move, and confirms. The record opened here
// survives; the duplicate's projects, issues, contacts, accounts, leads and service logs move to it and it is deleted.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/form/Field";
import { useFailure } from "~/components/form/useFailure";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { EnterpriseMergeForm } from "~/domain/enterpriseMergeForm";
import { formatAmountWithExact } from "~/domain/money";
import { Refusal } from "~/domain/refusal";
import { enterpriseListWhere } from "~/models/enterprise.server";
import { label, mergeCandidate, mergeEnterprises } from "~/models/enterpriseMerge.server";
import { parseEnterpriseListQuery } from "~/domain/enterpriseListQuery.server";
import { db } from "~/models/db.server";
import { requirePage } from "~/utils/auth.server";
import { formDataToObject, parseWith } from "~/utils/form.server";
import { idParam, notFound } from "~/utils/http.server";
import { answerRefusal } from "~/utils/refusal.server";
import { flash } from "~/utils/session.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `合并重复记录 · ${data?.survivor.name ?? "企业"} · 企业库` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "enterpriseMerge");
  const id = idParam(params.enterpriseId);
  const sp = new URL(request.url).searchParams;
  const survivor = await mergeCandidate(id);
  if (!survivor) notFound();
  const q = (sp.get("q") ?? "").trim();
  const found = q ? enterpriseListWhere(parseEnterpriseListQuery(new URLSearchParams({ q }))) : null;
  const candidates =
    found && !found.badCode
      ? await db.as(viewer).enterprise.findMany({
          where: { AND: [found.where, { id: { not: id } }] },
          orderBy: [{ name: "asc" }, { id: "asc" }],
          take: 20,
          select: { id: true, name: true, creditCode: true, county: { select: { name: true } } },
        })
      : [];
  const dupId = Number(sp.get("duplicate"));
  const duplicate = Number.isSafeInteger(dupId) && dupId > 0 && dupId !== id ? await mergeCandidate(dupId) : null;
  return { survivor, q, badCode: found?.badCode ?? null, candidates, duplicate };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requirePage(request, "enterpriseMerge");
  const id = idParam(params.enterpriseId);
  const raw = formDataToObject(await request.formData());
  try {
    const parsed = parseWith(EnterpriseMergeForm, raw);
    if (!parsed.success) throw Refusal.fields(parsed.fieldErrors, "请选择要并入的重复记录并确认");
    const r = await mergeEnterprises(viewer, id, parsed.data);
    const n = r.moved;
    return redirect(`/enterprises/${id}`, {
      headers: await flash(
        request,
        `已将「${label(r.duplicate)}」并入本企业：移入项目 ${n.movedProjects} 个、诉求 ${n.movedIssues} 件、联系人 ${n.movedContacts} 位、企业账号 ${n.movedUsers} 个`,
      ),
    });
  } catch (e) {
    return answerRefusal(e, { values: raw });
  }
}

type Side = NonNullable<Awaited<ReturnType<typeof mergeCandidate>>>;

export default function MergeEnterprise() {
  const { survivor: s, q, badCode, candidates, duplicate: d } = useLoaderData<typeof loader>();
  const fail = useFailure();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="breadcrumb">
        <Link to="/enterprises">企业库</Link> / <Link to={`/enterprises/${s.id}`}>{s.name}</Link> / 合并重复记录
      </p>
      <h1>合并重复记录</h1>
      <p className="note">
        保留本企业「{s.name}」。选中的重复记录的项目、诉求、联系人、企业账号、招商线索和服务记录将移入本企业，
        本企业空缺的信息由重复记录补齐，随后删除重复记录。合并记入审计日志，无法撤销。
      </p>
      <Form method="get" className="filters" role="search" aria-label="查找重复记录">
        {d ? <input type="hidden" name="duplicate" value={d.id} /> : null}
        <div className="field">
          <label htmlFor="m-q">查找重复记录</label>
          <input
            id="m-q"
            type="search"
            name="q"
            defaultValue={q}
            placeholder="企业名称或统一社会信用代码"
            aria-invalid={badCode ? true : undefined}
            aria-describedby={badCode ? "m-q-error" : undefined}
          />
          {badCode ? (
            <p id="m-q-error" className="field-error" role="alert">
              {badCode}
            </p>
          ) : null}
        </div>
        <button type="submit" className="primary">
          查找
        </button>
      </Form>
      {q && !badCode ? (
        <section className="card" aria-labelledby="m-found">
          <h2 id="m-found">查找结果（{candidates.length}）</h2>
          {candidates.length === 0 ? (
            <p className="muted">没有找到其他企业记录。</p>
          ) : (
            <ul className="plain-list">
              {candidates.map((c) => (
                <li key={c.id}>
                  {c.name} <span className="muted small">{c.creditCode}</span>
                  {c.county ? <span className="muted small"> · {c.county.name}</span> : null}{" "}
                  <Link to={`?q=${encodeURIComponent(q)}&duplicate=${c.id}`} preventScrollReset>
                    选为重复记录<span className="sr-only">：{c.name}</span>
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
                  <th scope="col">保留：本企业</th>
                  <th scope="col">并入后删除：重复记录</th>
                </tr>
              </thead>
              <tbody>
                <Row label="企业名称" s={s} d={d} get={(x) => x.name} />
                <Row label="统一社会信用代码" s={s} d={d} get={(x) => x.creditCode} />
                <Row label="所在县区" s={s} d={d} get={(x) => x.county?.name ?? "—"} />
                <Row label="服务小组" s={s} d={d} get={(x) => x.serviceTeam?.name ?? "—"} />
                <Row label="优势企业" s={s} d={d} get={(x) => (x.isKeyEnterprise ? "是" : "否")} />
                <Row
                  label="年产值"
                  s={s}
                  d={d}
                  get={(x) => (x.annualOutput === null ? "—" : formatAmountWithExact(x.annualOutput))}
                />
                <Row label="项目" s={s} d={d} get={(x) => `${x._count.projects} 个`} />
                <Row label="诉求" s={s} d={d} get={(x) => `${x._count.issues} 件`} />
                <Row label="联系人" s={s} d={d} get={(x) => `${x._count.contacts} 位`} />
                <Row label="企业账号" s={s} d={d} get={(x) => `${x._count.users} 个`} />
                <Row label="招商线索" s={s} d={d} get={(x) => `${x._count.leads} 条`} />
                <Row label="服务记录" s={s} d={d} get={(x) => `${x._count.serviceLogs} 条`} />
              </tbody>
            </table>
          </div>
          <Form method="post" className="form-actions">
            <input type="hidden" name="duplicateId" value={d.id} />
            <input type="hidden" name="survivorVersion" value={s.version} />
            <input type="hidden" name="duplicateVersion" value={d.version} />
            <button type="submit" className="danger" disabled={busy}>
              确认合并：将「{d.name}」并入本企业
            </button>
            <Link to={`/enterprises/${s.id}`} className="button">
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
