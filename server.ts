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

function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
