// 客商 search for the pickers (JSON; docs/decisions/195): the 客商库's own search — a name, a contact's name or (for
// those who see phones) a phone — within the viewer's scope, for whoever may open the 客商库.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseInvestorListQuery } from "~/domain/investorListQuery.server";
import { listInvestors } from "~/models/investor.server";
import { requirePage } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePage(request, "investors");
  const sp = new URL(request.url).searchParams;
  const query = parseInvestorListQuery(new URLSearchParams({ q: sp.get("q") ?? "", size: "20" }));
  if (!query.q) return { q: "", items: [] };
  const { rows } = await listInvestors(viewer, { ...query, size: 20 });
  return {
    q: query.q,
    items: rows.map((r) => ({ id: r.id, name: r.name, sourceRegion: r.sourceRegion, contacts: r.contacts })),
  };
}
