import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { isServiceError, type ServiceError } from "~/services/errors";
import type { TokenScope } from "~/domain/api-scopes";
import { fieldErrors } from "~/domain/validation";
import { authenticateToken, requireScope, type HostCaller } from "~/services/host-systems.server";
import { consume } from "~/services/rate-limit.server";
import type { SessionUser } from "~/services/sessions.server";

// The typed API for host systems and the app's own widgets. Procedures call the same services as the
// pages; a ServiceError becomes a tRPC error here, in one place, with its i18n code and field messages.
export interface TrpcContext {
  user: SessionUser | null;
  /** The bearer token of a host system's call (checked by hostProcedure, not before). */
  bearer: string | null;
  /** The host system the bearer token belongs to, when the route already authenticated it (null: not valid). */
  host?: HostCaller | null;
}

/** The most procedure calls one batched request may carry (a client's httpBatchLink `maxItems`). */
export const MAX_BATCH_SIZE = 10;
/** tRPC's own message when a batch is larger than maxBatchSize. */
const BATCH_TOO_LARGE = "Batch call exceeds maximum size";

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // Input that failed its schema: the field messages as i18n keys, never zod's own English.
    if (cause instanceof ZodError) {
      return { ...shape, message: "errors.form_invalid", data: { ...shape.data, stack: undefined, messageKey: "errors.form_invalid", fields: fieldErrors(cause) } };
    }
    if (error.message === BATCH_TOO_LARGE) {
      return { ...shape, data: { ...shape.data, stack: undefined, messageKey: "errors.batch_too_large", fields: { max: String(MAX_BATCH_SIZE) } } };
    }
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        messageKey: isServiceError(cause) ? cause.code : null,
        fields: isServiceError(cause) ? cause.fields : {},
      },
    };
  },
});

const CODES: Record<ServiceError["status"], TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
  503: "SERVICE_UNAVAILABLE",
};

const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isServiceError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: CODES[cause.status], message: cause.code, cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapServiceErrors);

/** A procedure for host systems: a valid, unrevoked API token with this scope, rate-limited per token. */
export function hostProcedure(scope: TokenScope) {
  return publicProcedure.use(async ({ ctx, next }) => {
    const host: HostCaller = ctx.host ?? (await authenticateToken(ctx.bearer));
    requireScope(host, scope);
    await consume("api", host.tokenId);
    return next({ ctx: { ...ctx, host } });
  });
}
