import { Link, NavLink } from "@remix-run/react";
import { StageBadge } from "~/components/ui/StageBadge";
import type { ProjectStage } from "~/domain/stage";

const TABS = [
  { to: "milestones", label: "进度里程碑" },
  { to: "funding", label: "资金到位" },
  { to: "investment", label: "月度投资" },
  { to: "service-logs", label: "服务记录" },
  { to: "tasks", label: "代办事项" },
  { to: "incentives", label: "优惠政策" },
  { to: "land", label: "用地" },
] as const;

/** Breadcrumb, title and the tabs of a project's workspace pages (one task per page keeps phones usable). */
export function ProjectWorkHeader({
  project,
  title,
}: {
  project: { id: number; code: string; name: string; stage: ProjectStage };
  title: string;
}) {
  return (
    <>
      <p className="breadcrumb">
        <Link to="/projects">项目库</Link> / <Link to={`/projects/${project.id}`}>{project.name}</Link> / {title}
      </p>
      <div className="page-head">
        <h1>{title}</h1>
        <StageBadge stage={project.stage} />
        <span className="muted small">
          {project.code} · {project.name}
        </span>
      </div>
      <nav className="tabs" aria-label="项目工作台">
        <ul>
          {TABS.map((t) => (
            <li key={t.to}>
              <NavLink to={`/projects/${project.id}/${t.to}`} prefetch="intent">
                {t.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
