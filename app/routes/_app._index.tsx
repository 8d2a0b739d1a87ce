import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { formatAmount } from "~/domain/money";
import { projectScope } from "~/models/scope.server";
import { requireUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";

export { RouteErrorBoundary as ErrorBoundary };

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  if (viewer.role === "ENTERPRISE") throw redirect("/portal");
  const scope = projectScope(viewer);
  const [all, transformation, agg] = await Promise.all([
    prisma.project.count({ where: scope }),
    prisma.project.count({ where: { AND: [scope, { planYear: 2017, isTransformation: true, pool: "ACTIVE" }] } }),
    prisma.project.aggregate({ where: scope, _sum: { totalInvestment: true } }),
  ]);
  return { displayName: viewer.displayName, all, transformation, totalInvestment: agg._sum.totalInvestment ?? 0 };
}

export default function Home() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>您好，{d.displayName}</h1>
      </div>
      <div className="grid cols-3">
        <Link className="stat" to="/projects">
          <div className="label">可查看的项目</div>
          <div className="value">{d.all}</div>
          <div className="sub">总投资 {formatAmount(d.totalInvestment)}</div>
        </Link>
        <Link className="stat" to="/projects?year=2017&transformation=1&pool=ACTIVE">
          <div className="label">2017 年转型项目</div>
          <div className="value">{d.transformation}</div>
          <div className="sub">年度计划内</div>
        </Link>
      </div>
    </>
  );
}
