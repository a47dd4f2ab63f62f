import { deliberationsRouter } from "./routers/deliberations.server";
import { hostRouter } from "./routers/host.server";
import { referenceRouter } from "./routers/reference.server";
import { reportsRouter } from "./routers/reports.server";
import { router } from "./trpc.server";

export const appRouter = router({
  reports: reportsRouter,
  reference: referenceRouter,
  deliberations: deliberationsRouter,
  host: hostRouter,
});

export type AppRouter = typeof appRouter;
