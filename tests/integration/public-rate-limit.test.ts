// The per-address limit of the public pages (/open/map, its data, /open/geojson; docs/decisions/235): past
// PUBLIC_RATE.limit requests a minute an address gets 429 with Retry-After and a Chinese message, whatever route;
// another address is not affected; X-Forwarded-For is believed only with TRUST_PROXY=true, as for the login limit.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loader as geojsonLoader } from "~/routes/open.geojson";
import { headers as openMapHeaders, loader as openMapLoader } from "~/routes/open.map";
import { resetEnvCache } from "~/utils/env.server";
import { PUBLIC_RATE, resetPublicRateLimit } from "~/utils/publicRateLimit.server";
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
});
