import { referenceRouter } from "./routers/reference.server";
import { reportsRouter } from "./routers/reports.server";
import { router } from "./trpc.server";

export const appRouter = router({
  reports: reportsRouter,
  reference: referenceRouter,
});

export type AppRouter = typeof appRouter;
