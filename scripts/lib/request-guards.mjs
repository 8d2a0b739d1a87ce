// Request guards in front of Remix (docs/decisions/070-request-guards.md): what every request passes before a
// loader or action runs, so no route can forget it.
//
// - methods: only GET, HEAD, POST, PUT, PATCH, DELETE (TRACE, CONNECT, … → 405)
// - cross-site writes: a non-GET whose Sec-Fetch-Site (or, from older browsers, Origin) is foreign → 403, on every
//   path (documents, `.data`, `?_data=`, resource routes) — SameSite=Lax alone let `?_data=` writes through
// - bodies: only urlencoded forms and multipart with a boundary (anything else → 415); size limits enforced while
//   the body streams (a declared Content-Length over the limit is refused before reading) → 413
// - headers: CSP with a per-request nonce for Remix's scripts, nosniff, HSTS when COOKIE_SECURE=true, and
//   `Cache-Control: private, no-store` on HTML and data responses (signed-in pages must not sit in shared caches)
// - the database: /readyz runs SELECT 1; a 5xx while the database is unreachable becomes a Chinese 503 page.
import { randomBytes } from "node:crypto";
import { Transform } from "node:stream";
import pg from "pg";

export const BODY_LIMITS = {
  /** sign-in and sign-out: a user name, a password and a redirect */
  signIn: 4 * 1024,
  /** plain forms: the longest (the project form with a 2,000-character text, percent-encoded) stays far below */
  form: 64 * 1024,
  /** a form with files: one evidence file or attachments up to 10 MB, plus the fields */
  upload: 11 * 1024 * 1024,
  /** a milestone (service log, task, issue) with its evidence file(s) and up to 9 site photos of up to 10 MB each
   * (docs/decisions/215, 230); an issue's 5 documents and 9 photos reach 14 files */
  photos: 101 * 1024 * 1024,
  /** the import page takes one spreadsheet of up to 30 MB (importSpec MAX_UPLOAD_MB) */
  import: 31 * 1024 * 1024,
};

/** The pages whose forms carry files (read by app/utils/upload.server.ts); multipart anywhere else is a 415. */
const UPLOAD_PAGES = [
  /^\/issues\/new$/,
  /^\/projects\/\d+\/milestones$/,
  // 现场照片 with a service log or an agency task's update (issue 20 §2, docs/decisions/230)
  /^\/projects\/\d+\/service-logs$/,
  /^\/projects\/\d+\/tasks$/,
  /^\/import$/,
  /^\/register$/,
  /^\/leads\/\d+\/touch$/,
  // a 督办 report's evidence (进展材料, 办结佐证; issue 17)
  /^\/supervision\/\d+$/,
  // a county's or the city's 优惠政策 as one XLSX/CSV (issue 15 §5, docs/decisions/162)
  /^\/policies\/import$/,
  // 专项资金: an application's documents (申请材料, 批复, 拨付凭证; issue 18)
  /^\/funds\/\d+$/,
  /^\/funds\/\d+\/applications\/\d+$/,
  // a land record's documents (出让合同, 不动产权证书, 租赁合同; docs/decisions/271)
  /^\/projects\/\d+\/land$/,
  // 现场照片 with an enterprise visit (docs/decisions/272)
  /^\/enterprises\/\d+\/visits$/,
];

/**
 * Whether a page's forms may post files (multipart). Every route whose form posts multipart must be listed above,
 * or the real server answers 415 (request-guards.test.ts reads the routes and checks).
 * @param {string} path
 */
export function acceptsUpload(path) {
  return UPLOAD_PAGES.some((p) => p.test(pagePath(path)));
}

/** The upload pages that take site photos (issue 20 §2): their bodies may reach BODY_LIMITS.photos. */
const PHOTO_PAGES = [
  /^\/projects\/\d+\/milestones$/,
  /^\/projects\/\d+\/service-logs$/,
  /^\/projects\/\d+\/tasks$/,
  /^\/issues\/new$/,
  /^\/enterprises\/\d+\/visits$/,
];

const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/** The route path without Remix's data suffixes (`/projects/5.data` → `/projects/5`, `/_root.data` → `/`). */
function pagePath(path) {
  if (path === "/_root.data") return "/";
  return path.replace(/\.data$/, "");
}

/**
 * The body limit for a request.
 * @param {{ path: string, headers: Record<string, any> }} req
 */
export function bodyLimitFor(req) {
  const page = pagePath(req.path);
  if (page === "/login" || page === "/logout") return BODY_LIMITS.signIn;
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    if (page === "/import") return BODY_LIMITS.import;
    return PHOTO_PAGES.some((p) => p.test(page)) ? BODY_LIMITS.photos : BODY_LIMITS.upload;
  }
  return BODY_LIMITS.form;
}

/** A small Chinese page (no scripts, so no nonce needed). */
export function messagePage(title, text) {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" ` +
    `content="width=device-width, initial-scale=1"><title>${title} · 晋中市招商引资与转型项目管理平台</title></head>` +
    `<body><main style="max-width:40rem;margin:4rem auto;font-family:sans-serif"><h1>${title}</h1><p>${text}</p>` +
    `<p><a href="/">返回首页</a></p></main></body></html>`
  );
}

/** Answers with a Chinese page; `close` ends the connection afterwards (an unread body is not drained). */
export function refuse(res, status, title, text, { close = false, headers = {} } = {}) {
  if (res.headersSent) return res.end();
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  if (close) res.setHeader("Connection", "close");
  res.end(messagePage(title, text));
}

export const MESSAGES = {
  method: ["不支持的请求方法", "该地址不接受此请求方法。"],
  foreign: ["请求来源不被接受", "为保护您的账号，平台只接受从本平台页面提交的操作。请回到平台页面重新操作。"],
  mediaType: ["不支持的提交格式", "请通过平台页面上的表单提交（普通表单或带附件的表单）。"],
  tooLarge: [
    "提交的内容过大",
    "提交的内容超过了平台允许的大小：附件不超过 10 MB，导入文件不超过 30 MB，普通表单不超过 64 KB。",
  ],
  dbDown: ["数据库暂不可用", "平台的数据库暂时无法连接，请稍后再试。如果持续出现，请联系系统管理员。"],
};

/**
 * How to end a refused request: a small body is read and dropped so the connection stays usable (closing while the
 * client still writes makes it see a reset instead of the answer); a large or unknown one closes the connection.
 */
function drainOrClose(req) {
  const length = Number(req.headers["content-length"] ?? NaN);
  if (Number.isFinite(length) && length <= BODY_LIMITS.form) {
    req.resume();
    return { close: false };
  }
  return { close: true };
}

/** 405 for methods the app never answers (TRACE, CONNECT, PROPFIND, …). */
export function methodGuard() {
  return (req, res, next) => {
    if (ALLOWED_METHODS.includes(req.method)) return next();
    refuse(res, 405, ...MESSAGES.method, { ...drainOrClose(req), headers: { Allow: ALLOWED_METHODS.join(", ") } });
  };
}

/**
 * Whether a write comes from another site. Browsers send Sec-Fetch-Site (computed by the browser, so a proxy that
 * rewrites Host does not matter); older ones only Origin, which is compared with the Host (or, behind a trusted
 * proxy, X-Forwarded-Host). A request with neither is not from a browser page (curl, scripts): not a CSRF vector.
 */
export function isCrossSite(req, { trustProxy = false } = {}) {
  const site = req.headers["sec-fetch-site"];
  if (site) return site !== "same-origin" && site !== "none";
  const origin = req.headers.origin;
  if (!origin) return false;
  let host;
  try {
    host = new URL(origin).host;
  } catch {
    return true; // "null" (sandboxed frames, file:) and garbage
  }
  const hosts = [req.headers.host];
  if (trustProxy && req.headers["x-forwarded-host"])
    hosts.push(String(req.headers["x-forwarded-host"]).split(",")[0].trim());
  return !hosts.includes(host);
}

export function originGuard({ trustProxy = false } = {}) {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    if (!isCrossSite(req, { trustProxy })) return next();
    refuse(res, 403, ...MESSAGES.foreign, drainOrClose(req));
  };
}

/**
 * Bodies of writes: a form (urlencoded or multipart with a boundary) or none at all. Over-declared sizes are
 * refused before reading; the streamed limit is applied by limitedBody().
 */
export function bodyGuard() {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const length = req.headers["content-length"];
    const hasBody = req.headers["transfer-encoding"] !== undefined || (length !== undefined && Number(length) > 0);
    if (!hasBody) return next();
    const type = String(req.headers["content-type"] ?? "").toLowerCase();
    const form = type.startsWith("application/x-www-form-urlencoded");
    const multipart = type.startsWith("multipart/form-data") && /;\s*boundary=("[^"]+"|[^;\s]+)/i.test(type);
    if (!form && !multipart) return refuse(res, 415, ...MESSAGES.mediaType, drainOrClose(req));
    if (multipart && !acceptsUpload(req.path)) {
      return refuse(res, 415, ...MESSAGES.mediaType, drainOrClose(req));
    }
    const limit = bodyLimitFor(req);
    if (length !== undefined && Number(length) > limit) return refuse(res, 413, ...MESSAGES.tooLarge, { close: true });
    req.bodyLimit = limit;
    next();
  };
}

/**
 * The request body as a web stream that errors once more than `limit` bytes have arrived (`state.exceeded` is then
 * set, and the caller answers 413). Nothing beyond the limit is buffered.
 */
export function limitedBody(req, limit, state) {
  let size = 0;
  const counter = new Transform({
    transform(chunk, _enc, cb) {
      size += chunk.length;
      if (size > limit) {
        state.exceeded = true;
        req.unpipe(counter);
        req.pause();
        return cb(new Error("request body over the limit"));
      }
      cb(null, chunk);
    },
  });
  req.on("error", (e) => counter.destroy(e));
  return req.pipe(counter);
}

/** Security headers on every response, and the CSP nonce for this request (`res.locals.cspNonce`). */
export function securityHeaders({ cookieSecure = false } = {}) {
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        // React's style={…} attributes and ECharts' inline styles
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    if (cookieSecure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    const isData = /\.data$/.test(req.path) || "_data" in (req.query ?? {});
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (!res.headersSent) {
        const type = String(res.getHeader("content-type") ?? "");
        if (isData || type.startsWith("text/html")) res.setHeader("Cache-Control", "private, no-store");
      }
      return writeHead.apply(this, args);
    };
    next();
  };
}

/** SELECT 1 against the database, at most `timeoutMs`; true when it answers. */
export function databaseProbe(databaseUrl, { timeoutMs = 2_000 } = {}) {
  return async function databaseUp() {
    if (!databaseUrl) return true;
    const client = new pg.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
    });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      return false;
    } finally {
      client.end().catch(() => {});
    }
  };
}

/** /readyz: 200 "ready" when the database answers, 503 otherwise (/healthz only says the process is up). */
export function readinessHandler(databaseUp) {
  return async (_req, res) => {
    const up = await databaseUp();
    res
      .status(up ? 200 : 503)
      .type("text")
      .send(up ? "ready" : "数据库暂不可用");
  };
}

/** Express error handler placed before the last one: an error while the database is down is a 503 page. */
export function databaseDownHandler(databaseUp) {
  return async (err, req, res, next) => {
    if (res.headersSent || (await databaseUp())) return next(err);
    refuse(res, 503, ...MESSAGES.dbDown, { headers: { "Retry-After": "30" } });
  };
}
