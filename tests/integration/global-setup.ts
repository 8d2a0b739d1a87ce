// Integration tests run against a real PostgreSQL: start (or reuse) the test cluster and build templates once.
import type { TestProject } from "vitest/node";
import { buildApp, buildIsStale } from "../../scripts/lib/build.mjs";
import { dropStaleTestDatabases, ensureTestCluster } from "../../scripts/lib/testdb.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    seedTemplate: string;
    emptyTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const { templates, stop } = await ensureTestCluster({ log: (m: string) => console.log(m) });
  if (stop) await dropStaleTestDatabases(["t_"]);
  // Tests that run `npm start` (start, upgrade, observability) share one production build, made here once
  // rather than by each of them at the same time.
  if (buildIsStale()) buildApp((m: string) => console.log(m));
  project.provide("seedTemplate", templates.seed);
  project.provide("emptyTemplate", templates.empty);
  return async () => {
    if (stop) await stop();
  };
}
