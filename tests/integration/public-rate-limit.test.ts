// The per-address limit of the public pages (/open/map, its data, /open/geojson; docs/decisions/235): past
// PUBLIC_RATE.limit requests a minute an address gets 429 with Retry-After and a Chinese message, whatever route;
// another address is not affected; X-Forwarded-For is believed only with TRUST_PROXY=true, as for the login limit.
// The count holds across processes (docs/decisions/266): two limiters on connections of their own, as two workers or
// instances would be, together let exactly the limit through, with far fewer queries than requests.
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loader as geojsonLoader } from "~/routes/open.geojson";
import { headers as openMapHeaders, loader as openMapLoader } from "~/routes/open.map";
import { resetEnvCache } from "~/utils/env.server";
import { now } from "~/utils/clock.server";
import { PUBLIC_RATE, resetPublicRateLimit, SharedWindowLimiter } from "~/utils/publicRateLimit.server";
import { requestAs, run } from "../support/requests";

async function openMap(addr: string, xff?: string) {
  const request = await requestAs(null, "/open/map", xff ? { headers: { "X-Forwarded-For": xff } } : {});
  return run(async () => openMapLoader({ request, params: {}, context: { clientAddress: addr } }));
}
async function geojson(addr: string) {
  const request = await requestAs(null, "/open/geojson");
  return run(async () => geojsonLoader({ request, params: {}, context: { clientAddress: addr } }));
}

beforeEach(() => resetPublicRateLimit());
afterEach(() => {
  delete process.env.TRUST_PROXY;
  resetEnvCache();
});

describe("public pages: a limit per address", () => {
  it("answers 429 with Retry-After and a Chinese message past the limit, on every public route; other addresses go on", async () => {
    const addr = "198.51.100.20";
    for (let i = 0; i < PUBLIC_RATE.limit - 1; i++) expect((await openMap(addr)).status).toBe(200);
    expect((await geojson(addr)).status).toBe(200); // the two routes share the address's count
    const refused = await openMap(addr);
    expect(refused.status).toBe(429);
    const retry = Number(refused.response!.headers.get("Retry-After"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(PUBLIC_RATE.windowMs / 1000);
    expect(refused.data).toBe(`访问过于频繁，请 ${retry} 秒后再试`);
    expect(refused.response!.headers.get("Cache-Control")).toBe("no-store");
    // the page's document keeps the refusal's headers (not the public cache header of an answer)
    const h = new Headers(
      openMapHeaders({ loaderHeaders: new Headers(), errorHeaders: refused.response!.headers }) as HeadersInit,
    );
    expect(h.get("Retry-After")).toBe(String(retry));
    expect(h.get("Cache-Control")).toBe("no-store");

    const geo = await geojson(addr);
    expect(geo.status).toBe(429);
    expect(geo.response!.headers.get("Retry-After")).toMatch(/^\d+$/);
    // another address has its own count
    expect((await openMap("198.51.100.21")).status).toBe(200);
    expect((await geojson("198.51.100.21")).status).toBe(200);
  });

  it("without TRUST_PROXY a new X-Forwarded-For per request does not escape the limit", async () => {
    const addr = "198.51.100.30";
    for (let i = 0; i < PUBLIC_RATE.limit; i++) expect((await openMap(addr, `203.0.113.${i % 250}`)).status).toBe(200);
    expect((await openMap(addr, "203.0.113.251")).status).toBe(429);
  });

  it("with TRUST_PROXY=true the proxy's first hop is the address: clients behind one proxy are counted apart", async () => {
    process.env.TRUST_PROXY = "true";
    resetEnvCache();
    const proxy = "10.0.0.2";
    for (let i = 0; i < PUBLIC_RATE.limit; i++)
      expect((await openMap(proxy, "203.0.113.7, 10.0.0.2")).status).toBe(200);
    expect((await openMap(proxy, "203.0.113.7, 10.0.0.2")).status).toBe(429);
    expect((await openMap(proxy, "203.0.113.8, 10.0.0.2")).status).toBe(200);
  });

  it("holds across processes: two limiters on their own connections let the limit through together, with few queries", async () => {
    const connections = [0, 1].map(() => new pg.Client({ connectionString: process.env.DATABASE_URL }));
    await Promise.all(connections.map((c) => c.connect()));
    try {
      const [a, b] = connections.map((c) => new SharedWindowLimiter(PUBLIC_RATE, () => c));
      const addr = "198.51.100.40";
      const t0 = now().getTime();
      let allowed = 0;
      // the two "processes" take the address's requests in turns, one each at the same moment
      for (let i = 0; i < PUBLIC_RATE.limit; i++) {
        const answers = await Promise.all([a.hit(addr, t0 + i), b.hit(addr, t0 + i)]);
        allowed += answers.filter((x) => x.ok).length;
      }
      expect(allowed).toBe(PUBLIC_RATE.limit);
      for (const l of [a, b]) {
        const answer = await l.hit(addr, t0 + 1_000);
        expect(answer.ok).toBe(false);
        if (!answer.ok) expect(answer.retryAfterSeconds).toBeGreaterThanOrEqual(59);
      }
      // 242 requests, a few dozen queries: the database sees shares, not requests
      expect(a.claims + b.claims).toBeLessThanOrEqual(40);
      // the app's own limiter (a third process, in effect) reads the same count: the page refuses in Chinese
      const refused = await openMap(addr);
      expect(refused.status).toBe(429);
      const retry = refused.response!.headers.get("Retry-After");
      expect(retry).toMatch(/^\d+$/);
      expect(refused.data).toBe(`访问过于频繁，请 ${retry} 秒后再试`);
      // a person browsing: five pages, one query
      const c = new SharedWindowLimiter(PUBLIC_RATE, () => connections[0]);
      for (let i = 0; i < 5; i++) expect((await c.hit("198.51.100.41", t0 + i)).ok).toBe(true);
      expect(c.claims).toBe(1);
      // the next window starts over, whichever process sees it first
      expect((await b.hit(addr, t0 + PUBLIC_RATE.windowMs + 10)).ok).toBe(true);
      expect((await a.hit(addr, t0 + PUBLIC_RATE.windowMs + 20)).ok).toBe(true);
    } finally {
      await Promise.all(connections.map((c) => c.end()));
    }
  });
});
