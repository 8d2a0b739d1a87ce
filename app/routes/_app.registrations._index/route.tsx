// 企业注册审核 (issue 15 §3, docs/decisions/120): the applications a county (its county's) or 市经信委 (市本级)
// reviews, by status; the scope is in the query (db.as(viewer) with registrationScope).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { formatChinaDateTime } from "~/domain/dates";
import { REGISTRATION_STATUS_LABELS, type RegistrationStatusKey } from "~/domain/registration";
import { countPendingRegistrations, listRegistrations } from "~/models/registration.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "企业注册审核 · 晋中市招商引资与转型项目管理平台" }];

const STATUSES = Object.keys(REGISTRATION_STATUS_LABELS) as RegistrationStatusKey[];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "registrations");
  const raw = new URL(request.url).searchParams.get("status");
  const status = STATUSES.find((s) => s === raw) ?? "PENDING";
  const [rows, pending] = await Promise.all([listRegistrations(viewer, status), countPendingRegistrations(viewer)]);
  return { status, rows, pending, cityLevel: viewer.role === "EIC" };
}

export default function RegistrationsPage() {
  const { status, rows, pending, cityLevel } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>企业注册审核</h1>
        <span className="muted">
          {cityLevel ? "市本级企业的注册申请" : "本县（区、市）企业的注册申请"}，待审核 {pending} 件
        </span>
      </div>
      <nav className="tabs" aria-label="申请状态">
        <ul>
          {STATUSES.map((s) => (
            <li key={s}>
              <Link to={`?status=${s}`} aria-current={s === status ? "page" : undefined}>
                {REGISTRATION_STATUS_LABELS[s]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p className="muted">暂无{REGISTRATION_STATUS_LABELS[status]}的申请。</p>
      ) : (
        <div {...TABLE_WRAP}>
          <table>
            <thead>
              <tr>
                <th scope="col">企业名称</th>
                <th scope="col">统一社会信用代码</th>
                <th scope="col">县区</th>
                <th scope="col">联系人</th>
                <th scope="col">提交时间</th>
                {status === "PENDING" ? null : <th scope="col">处理时间</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/registrations/${r.id}`}>{r.name}</Link>
                  </td>
                  <td className="nowrap">{r.creditCode}</td>
                  <td>{r.county?.name ?? "市本级"}</td>
                  <td>
                    {r.contactName} <span className="muted nowrap">{r.phone}</span>
                  </td>
                  <td className="nowrap">{formatChinaDateTime(r.submittedAt)}</td>
                  {status === "PENDING" ? null : <td className="nowrap">{formatChinaDateTime(r.decidedAt)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
