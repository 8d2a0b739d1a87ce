/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}", "**/components/**", "**/*.server.test.ts"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // The Prisma client is generated as .ts into app/generated and bundled; node_modules stay external, except the
  // holiday schedule's JSON data file (Node's ESM refuses a JSON import without an import attribute).
  serverDependenciesToBundle: [/^chinese-days\/dist\/chinese-days\.json$/],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
