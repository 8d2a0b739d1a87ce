// 照片核查 (issue 20 §2, docs/decisions/233): the site photos a reviewer should look at — taken more than 2 km from
// the project or more than 7 days before the logged date — across milestones, service logs, agency tasks and
// issues, within the viewer's scope (the city all, a county its county's, a team its team's). Each row: the
// thumbnail, the project or issue, who uploaded it and when, the capture time and place, the marks. Cards on a phone.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pager } from "~/components/ui/Pager";
import { RouteErrorBoundary } from "~/components/ui/ErrorMessage";
import { TABLE_WRAP } from "~/components/ui/tableWrap";
import { formatChinaDateTime, formatChineseDate } from "~/domain/dates";
import { markedPhotos, REVIEW_PAGE_SIZE, type PhotoOwnerKind } from "~/models/sitePhotos.server";
import { requirePage } from "~/utils/auth.server";

export { RouteErrorBoundary as ErrorBoundary };
export const meta: MetaFunction = () => [{ title: "照片核查 · 晋中市招商引资与转型项目管理平台" }];

const KIND_LABELS: Record<PhotoOwnerKind, string> = {
  milestone: "进度里程碑",
  serviceLog: "服务记录",
  visit: "企业走访",
  agencyTask: "代办事项",
  issue: "诉求",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "photoReview");
  const raw = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 10_000 ? raw : 1;
  const { photos, total } = await markedPhotos(viewer, page);
  return { photos, total, page, pageSize: REVIEW_PAGE_SIZE };
}

export default function PhotoReview() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>照片核查</h1>
      </div>
      <p className="muted">
        拍摄地点距项目超过 2 公里、或拍摄时间早于登记日期 7
        天以上的现场照片（里程碑、服务记录、企业走访、代办事项、诉求），请核实。
      </p>
      <section className="card" aria-labelledby="review-title">
        <h2 id="review-title">待核实的照片</h2>
        {d.photos.length ? (
          <div {...TABLE_WRAP}>
            <table className="plain card-table photo-review">
              <caption className="sr-only">待核实的现场照片</caption>
              <thead>
                <tr>
                  <th scope="col">照片</th>
                  <th scope="col">项目或诉求</th>
                  <th scope="col">上传</th>
                  <th scope="col">拍摄</th>
                  <th scope="col">请核实</th>
                </tr>
              </thead>
              <tbody>
                {d.photos.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <a href={`/resources/photos/${p.id}/preview`} target="_blank" rel="noreferrer">
                        <img
                          src={`/resources/photos/${p.id}/thumb`}
                          alt={`现场照片：${p.fileName}`}
                          loading="lazy"
                          className="review-thumb"
                        />
                      </a>
                    </td>
                    <td data-label="项目或诉求">
                      <Link to={p.href}>{p.subject}</Link>
                      <div className="small muted">
                        {KIND_LABELS[p.kind]}
                        {p.loggedOn ? ` · 登记日期 ${formatChineseDate(p.loggedOn)}` : ""}
                      </div>
                    </td>
                    <td data-label="上传">
                      {p.uploadedBy ?? "—"}
                      <div className="small muted">{formatChinaDateTime(p.uploadedAt)}</div>
                    </td>
                    <td data-label="拍摄">
                      {p.takenAt ? formatChinaDateTime(p.takenAt) : "时间未记录"}
                      <div className="small muted">{p.place ?? "地点未记录"}</div>
                    </td>
                    <td data-label="请核实">
                      {p.marks.map((m) => (
                        <p key={m} className="photo-mark small">
                          {m}
                        </p>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">没有需要核实的照片。</p>
        )}
        <Pager total={d.total} page={d.page} pageSize={d.pageSize} hrefFor={(p) => `?page=${p}`} />
      </section>
    </>
  );
}
