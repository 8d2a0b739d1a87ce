// Data access bound to a viewer: `db.as(viewer)` is the Prisma client with the viewer's scope ANDed into every
// read, update and delete of the scoped models (Project, Enterprise, CoordinationIssue, Lead, Investor, Attachment, Supervision), so a
// query written in a route cannot forget it. Routes and components use this (or model functions); importing the
// unscoped `prisma` from app/utils/db.server.ts there fails lint (eslint.config.js, no-restricted-imports).
// Creates are not scoped (a new row has no scope yet): the permission predicates in app/domain/permissions.ts decide.
import type { Viewer } from "~/domain/permissions";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import {
  attachmentScope,
  enterpriseScope,
  investorScope,
  issueScope,
  leadScope,
  policyScope,
  projectScope,
  supervisionScope,
  registrationScope,
} from "./scope.server";

const SCOPED_OPERATIONS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "delete",
  "deleteMany",
  "upsert",
]);

type Where = Record<string, unknown>;

/** The scope fragment per scoped model (Prisma's model names). */
function scopes(viewer: Viewer): Record<string, Where> {
  return {
    Project: projectScope(viewer) as Where,
    Enterprise: enterpriseScope(viewer) as Where,
    CoordinationIssue: issueScope(viewer) as Where,
    Lead: leadScope(viewer) as Where,
    Investor: investorScope(viewer) as Where,
    Attachment: attachmentScope(viewer) as Where,
    Supervision: supervisionScope(viewer) as Where,
    EnterpriseRegistration: registrationScope(viewer) as Where,
    IncentivePolicy: policyScope(viewer) as Where,
  };
}

/** `where` AND scope; an empty scope (the city's roles) leaves the query as it was. Unique wheres stay unique. */
export function andScope(where: Where | undefined, scope: Where): Where | undefined {
  if (Object.keys(scope).length === 0) return where;
  if (!where) return { AND: [scope] };
  const and = where.AND === undefined ? [] : Array.isArray(where.AND) ? where.AND : [where.AND];
  return { ...where, AND: [...and, scope] };
}

/** The client for one viewer (see the file comment). Scope of nested relations is the model functions' job. */
export function scopedClient(viewer: Viewer): PrismaClient {
  const byModel = scopes(viewer);
  return prisma.$extends({
    name: "viewer-scope",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const scope = model ? byModel[model] : undefined;
          if (scope && SCOPED_OPERATIONS.has(operation)) {
            const a = (args ?? {}) as { where?: Where };
            return query({ ...a, where: andScope(a.where, scope) } as typeof args);
          }
          return query(args);
        },
      },
    },
    // a query extension changes no method's type: the client keeps PrismaClient's surface
  }) as unknown as PrismaClient;
}

export const db = {
  /** The Prisma client with `viewer`'s scope in every read and write of a scoped model. */
  as: scopedClient,
};

export type ScopedDb = PrismaClient;
export type { Prisma };
