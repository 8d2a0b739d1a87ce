// The hidden one-time token of a create form (docs/decisions/093). The signed-in shell's loader mints one per
// page load and again after every action, so a form sent twice carries the same token (the server answers the
// second with the first's result) while the next entry on the same page gets a new one.
import { useRouteLoaderData } from "@remix-run/react";
import { CREATE_TOKEN_FIELD } from "~/domain/createToken";

export function CreateToken() {
  const shell = useRouteLoaderData<{ createToken?: string }>("routes/_app");
  return <input type="hidden" name={CREATE_TOKEN_FIELD} value={shell?.createToken ?? ""} />;
}
