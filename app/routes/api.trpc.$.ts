import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { authenticateToken } from "~/services/host-systems.server";
import { consume } from "~/services/rate-limit.server";
import { appRouter } from "~/trpc/router.server";
import { MAX_BATCH_SIZE } from "~/trpc/trpc.server";
import { clientIp } from "~/utils/client-ip.server";
import { getCurrentUser } from "~/utils/session.server";

// tRPC mounted with its fetch adapter (which insists on JSON bodies for mutations).
// One request may batch at most MAX_BATCH_SIZE calls (more: 400 before anything runs), and every call counts: a
// host system's against its token (hostProcedure), anyone else's against their account or address (apiIp),
// checked before any procedure runs, so one request cannot run hundreds of queries.
function handle(request: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: async ({ info }) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? null;
      const [user, host] = await Promise.all([getCurrentUser(request), bearer ? authenticateToken(bearer).catch(() => null) : null]);
      if (!host) {
        try {
          await consume("apiIp", user ? `user:${user.id}` : `ip:${clientIp(request)}`, Math.max(1, info.calls.length));
        } catch (cause) {
          throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "errors.rate_limited", cause });
        }
      }
      return { user, bearer, host };
    },
    responseMeta: ({ errors }) => {
      const limited = errors.find((e) => e.code === "TOO_MANY_REQUESTS");
      const retryAfter = (limited?.cause as { fields?: { retryAfter?: string } } | undefined)?.fields?.retryAfter;
      return limited ? { headers: { "retry-after": retryAfter ?? "60" } } : {};
    },
  });
}

export const loader = ({ request }: LoaderFunctionArgs) => handle(request);
export const action = ({ request }: ActionFunctionArgs) => handle(request);
