// The per-address limit of the public pages without sign-in (/open/map and its data, /open/geojson;
// docs/decisions/235). The address is the login limit's (`clientIp`: X-Forwarded-For only with TRUST_PROXY=true);
// the count is kept in this process, not in the database — these GETs are answered from a cache precisely so that
// a flood does not reach the database.
import { FixedWindowLimiter } from "~/domain/rateLimit";
import { clientIp } from "./auth.server";
import { now } from "./clock.server";

/** Per address and minute, across the public routes: a person browsing uses a few; a script is stopped. */
export const PUBLIC_RATE = { limit: 120, windowMs: 60_000 } as const;

const limiter = new FixedWindowLimiter(PUBLIC_RATE);

export function publicRateMessage(seconds: number): string {
  return `访问过于频繁，请 ${seconds} 秒后再试`;
}

/** Counts the request against its address; over the limit throws a 429 with Retry-After and a Chinese message. */
export function limitPublicRequest(request: Request, context?: { clientAddress?: unknown } | null): void {
  const answer = limiter.hit(clientIp(request, context), now().getTime());
  if (answer.ok) return;
  throw new Response(publicRateMessage(answer.retryAfterSeconds), {
    status: 429,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Retry-After": String(answer.retryAfterSeconds),
      "Cache-Control": "no-store",
    },
  });
}

/** Tests start from an empty count. */
export function resetPublicRateLimit(): void {
  limiter.clear();
}
