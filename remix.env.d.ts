/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single fetch: loaders/actions return plain objects; types flow through useLoaderData.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  // scripts/server.mjs's getLoadContext: the connection's remote address (the login rate limit's key)
  interface AppLoadContext {
    clientAddress?: string;
    /** the Content-Security-Policy nonce of this response (scripts/lib/request-guards.mjs) */
    cspNonce?: string;
  }
}
export {};
