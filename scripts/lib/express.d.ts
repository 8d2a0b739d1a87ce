// Types for the part of express 4 and compression that scripts/server.mjs and scripts/lib/page-cache.mjs use, so
// `npm run typecheck` checks them (`// @ts-check`). @types/express is not installed; if it is added, delete this file.
declare module "express" {
  import type { IncomingMessage, Server, ServerResponse } from "node:http";

  namespace e {
    interface Request extends IncomingMessage {
      method: string;
      path: string;
      originalUrl: string;
      protocol: string;
      hostname: string;
      get(name: string): string | undefined;
      /** The body limit bodyGuard (scripts/lib/request-guards.mjs) chose for this request. */
      bodyLimit?: number;
    }
    interface Response extends ServerResponse {
      locals: Record<string, unknown>;
      type(type: string): Response;
      send(body?: unknown): Response;
      status(code: number): Response;
      append(name: string, value: string | string[]): Response;
    }
    type NextFunction = (err?: unknown) => void;
    type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
    type ErrorHandler = (err: unknown, req: Request, res: Response, next: NextFunction) => unknown;
    interface Application {
      disable(setting: string): this;
      use(handler: Handler): this;
      use(path: string, handler: Handler): this;
      use(handler: ErrorHandler): this;
      get(path: string, handler: Handler): this;
      all(path: string, handler: Handler): this;
      listen(port: number, host: string, callback: () => void): Server;
    }
    // eslint-disable-next-line no-var -- `static` is a reserved word: @types/express declares it the same way
    var static: (root: string, options?: { immutable?: boolean; maxAge?: string | number }) => Handler;
  }
  function e(): e.Application;
  export = e;
}

declare module "compression" {
  import type { Handler } from "express";
  function compression(): Handler;
  export = compression;
}
