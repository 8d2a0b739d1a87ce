// The app's logger: the process's one pino logger (scripts/lib/observability/log.mjs, docs/decisions/076), whose
// lines carry the current request's id and user. Use it instead of console.* on the server.
import { getLogger, requestContext, setRequestUser } from "../../scripts/lib/observability/log.mjs";

export const log = getLogger();
export { requestContext, setRequestUser };
