// The web process: Express serves static files and uploads, sets security headers, and hands every
// other request to Remix. Workers run in their own process (workers/index.ts).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { env, uploadDir } from "~/config.server";
import { prepareDatabase } from "~/db.server";
import { bodyLimitGuard, foreignOriginGuard, hookCallerGuard, wasRefused } from "~/request-guards.server";
import { databaseAvailable } from "~/services/database-health.server";
import { embedOriginsFor } from "~/services/host-systems.server";

const config = env();
await prepareDatabase();

const app = express();
app.disable("x-powered-by");
// Citizens on slow mobile connections: the list page is ~60 KB of HTML, ~10 KB gzipped.
// Server-sent events must reach the browser as they are written, never held in a gzip buffer.
app.use(compression({ filter: (req, res) => !String(req.headers.accept ?? "").includes("text/event-stream") && compression.filter(req, res) }));
if (config.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY);

const tileOrigin = (() => {
  try {
    return new URL(config.MAP_TILE_URL.replace(/\{[a-z]\}/g, "a")).origin;
  } catch {
    return "'self'";
  }
})();

app.use((_req, res, next) => {
  res.locals.nonce = randomBytes(16).toString("base64");
  next();
});
// The embedded deliberation (/sematkan/…?sistem=<host>) may be framed by the origins its host system registered;
// every other page only by ourselves.
app.use("/sematkan/", (req, res, next) => {
  embedOriginsFor(String(req.query.sistem ?? ""))
    .then((origins) => {
      res.locals.frameAncestors = origins;
      next();
    })
    .catch(next);
});
app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.nonce}'`],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", tileOrigin],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'", (_req, res) => ((res as express.Response).locals.frameAncestors ?? []).join(" ")],
        ...(config.NODE_ENV === "production" ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    strictTransportSecurity: config.NODE_ENV === "production",
    // "no-referrer" would make browsers send `Origin: null` on our own form posts, which the
    // Origin checks (ours and Remix's) must refuse; same-origin keeps referrers inside the site.
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
  }),
);
// X-Frame-Options cannot name an origin; for the embed, frame-ancestors above is the rule.
app.use("/sematkan/", (_req, res, next) => {
  res.removeHeader("X-Frame-Options");
  next();
});
// The embed script is loaded by host systems' pages on other origins.
app.get("/sematkan.js", (_req, res, next) => {
  res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
  next();
});

// The client address Remix's rate limits see; Express resolves it honouring TRUST_PROXY only.
app.use((req, _res, next) => {
  req.headers["x-musyawarah-client-ip"] = req.ip ?? "unknown";
  next();
});

// Before Remix reads a byte of a body: refuse a foreign Origin, cap the body per path while it streams in, and
// check a webhook's signature headers and host (app/request-guards.server.ts).
app.use(foreignOriginGuard);
app.use(bodyLimitGuard(config.MAX_PHOTO_BYTES));
app.use(hookCallerGuard());

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", fallthrough: false }));
app.use(express.static("public", { maxAge: "1h" }));
app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
// Only re-encoded images are served; originals waiting for the worker are never exposed.
for (const dir of ["photos", "thumbs"]) {
  app.use(`/uploads/${dir}`, express.static(path.join(uploadDir(), dir), { maxAge: "30d", immutable: true, index: false }));
}

// While the database is unreachable, every page answers at once with 503 and a page that says so (static files
// above still work); it recovers by itself once the database answers again (app/services/database-health.server.ts).
app.use((req, res, next) => {
  databaseAvailable()
    .then((ok) => {
      if (ok) return next();
      res.status(503).set({ "Retry-After": "5", "Cache-Control": "no-store" });
      if (req.accepts(["html", "json"]) === "json") res.json({ code: "errors.database_unavailable" });
      else res.type("html").send(UNAVAILABLE_PAGE);
    })
    .catch(next);
});

const buildPath = path.resolve("build/index.js");
const build = (await import(buildPath)) as ServerBuild;
const remix = createRequestHandler({
  build,
  mode: config.NODE_ENV,
  getLoadContext: (_req, res) => ({ nonce: res.locals.nonce as string }),
});
// A request a guard refused mid-body has had its answer (413); Remix's own, later failure to answer is expected.
app.all("*", (req, res, next) => remix(req, res, (error?: unknown) => (wasRefused(res) ? undefined : next(error))));

const server = app.listen(config.PORT, () => {
  console.log(`[web] Musyawarah listening on http://localhost:${config.PORT}`);
});
server.on("error", (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === "EADDRINUSE"
      ? `[web] Port ${config.PORT} is already in use: stop the other server or set PORT to a free port.`
      : `[web] ${error.message}`,
  );
  process.exit(1);
});

// Both languages: the page cannot read the visitor's settings without the database.
const UNAVAILABLE_PAGE = `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="10"><title>Musyawarah sedang tidak tersedia</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem 1rem;color:#1a1a1a;background:#f6f7f9}main{max-width:34rem;margin:auto;background:#fff;border-radius:8px;padding:1.5rem;border:1px solid #d0d5dd}h1{font-size:1.3rem;margin-top:0}p{margin:.5rem 0}.en{color:#444;border-top:1px solid #e4e7ec;padding-top:.75rem;margin-top:1rem}</style></head>
<body><main role="alert"><h1>Musyawarah sedang tidak tersedia</h1><p>Basis data kami tidak dapat dihubungi untuk sementara. Tidak ada yang hilang: coba lagi dalam beberapa detik. Halaman ini memuat ulang sendiri.</p>
<p class="en" lang="en">Musyawarah is briefly unavailable: its database cannot be reached. Nothing was lost; please try again in a few seconds. This page reloads itself.</p></main></body></html>`;

function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
