// Unknown paths inside the signed-in shell get the Chinese 404 page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/utils/auth.server";
import { notFound } from "~/utils/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  notFound("您访问的页面不存在");
}

export default function NotFound() {
  return null;
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/ui/ErrorMessage";
