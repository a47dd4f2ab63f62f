import { z } from "zod";
import { deliberationView } from "~/services/host-reports.server";
import { publicProcedure, router } from "../trpc.server";

// The public view of a report's deliberation, for the app's own widgets and the embedded thread.
export const deliberationsRouter = router({
  byReport: publicProcedure.input(z.object({ reportId: z.string().min(1).max(64) })).query(({ input }) => deliberationView(input.reportId)),
});
