// 组织机构与基础数据 (issue 15 §4, docs/decisions/160–161): where the bureau, 市经信委 and the 系统管理员 keep the
// counties and zones, industries, 领办领导 and 责任单位; the service teams' members are kept from each team's page.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { REFERENCE_KINDS, type ReferenceKind } from "~/domain/referenceData";
import { referenceCounts } from "~/models/referenceData.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "组织机构 · 晋中市招商引资与转型项目管理平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "org");
  return referenceCounts();
}

export default function OrgPage() {
  const { counts, teams } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>组织机构</h1>
      <ul className="plain-list card">
        {(Object.keys(REFERENCE_KINDS) as ReferenceKind[]).map((k) => (
          <li key={k}>
            <Link to={`/org/${k}`}>{REFERENCE_KINDS[k].label}</Link>
            <span className="muted small"> 共 {counts[k]} 个</span>
          </li>
        ))}
        <li>
          <Link to="/teams">服务小组</Link>
          <span className="muted small"> 共 {teams} 个 · 成员与组长在各小组页面「调整成员」中维护</span>
        </li>
      </ul>
    </>
  );
}
