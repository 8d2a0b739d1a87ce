import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const STATUS_TEXT: Record<number, { title: string; hint: string }> = {
  400: { title: "请求有误", hint: "提交的内容不完整或格式不正确。" },
  403: { title: "无权访问", hint: "您的账号没有执行此操作的权限。如需开通，请联系系统管理员。" },
  404: { title: "页面不存在", hint: "您访问的页面或记录不存在，或不在您的查看范围内。" },
  405: { title: "不支持的操作", hint: "该页面不支持此操作。" },
  409: { title: "数据已被他人修改", hint: "请刷新页面后重新操作。" },
  429: { title: "操作过于频繁", hint: "请稍后再试。" },
};

/** Chinese 404/403/500 pages (used by the root and the signed-in shell). */
export function ErrorMessage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const t = STATUS_TEXT[error.status] ?? { title: "出错了", hint: "请求未能完成。" };
    const detail = typeof error.data === "string" && error.data && !error.data.startsWith("<") ? error.data : null;
    return (
      <section className="error-box" aria-labelledby="error-title">
        <p className="error-code">{error.status}</p>
        <h1 id="error-title">{t.title}</h1>
        <p>{detail ?? t.hint}</p>
        <p>
          <Link to="/">返回首页</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="error-box" aria-labelledby="error-title">
      <p className="error-code">500</p>
      <h1 id="error-title">系统出错了</h1>
      <p>服务器处理请求时发生错误，已记录日志。请稍后重试；如问题持续，请联系系统管理员。</p>
      <p>
        <Link to="/">返回首页</Link>
      </p>
    </section>
  );
}

/** Route-level boundary: the error shows inside the shell, navigation stays usable. Re-export it from a route:
 *  `export { RouteErrorBoundary as ErrorBoundary } from "~/components/ui/ErrorMessage";` */
export function RouteErrorBoundary() {
  return (
    <div className="error-page">
      <ErrorMessage />
    </div>
  );
}
