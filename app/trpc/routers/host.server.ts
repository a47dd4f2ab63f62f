import { z } from "zod";
import { hostChangesSince, hostDeliberation, hostOutcome, setHostReportStatus, upsertHostReport } from "~/services/host-reports.server";
import { hostProcedure, router } from "../trpc.server";

// What a host system does through the API, with its token: send and update its reports by its own ids,
// read their deliberations and outcomes, and poll what changed.
const externalId = z.string().trim().min(1).max(100);

export const hostRouter = router({
  reports: router({
    /** Creates or updates a report by the host's id for it; photos by URL or inline base64. Idempotent. */
    upsert: hostProcedure("write:reports")
      .input(z.record(z.string(), z.unknown()))
      .mutation(({ ctx, input }) => upsertHostReport(ctx.host.hostSlug, input)),
    setStatus: hostProcedure("write:reports")
      .input(z.object({ externalId, status: z.string(), note: z.string().max(2000).optional() }))
      .mutation(({ ctx, input }) => setHostReportStatus(ctx.host.hostSlug, input)),
    /** The report's deliberation: phase, dates, proposals, the newest comments. */
    deliberation: hostProcedure("read")
      .input(z.object({ externalId }))
      .query(({ ctx, input }) => hostDeliberation(ctx.host.hostSlug, input.externalId)),
    /** The tally with its explanation, the citizens' solution, the agency's answer, the rating. */
    outcome: hostProcedure("read:outcomes")
      .input(z.object({ externalId }))
      .query(({ ctx, input }) => hostOutcome(ctx.host.hostSlug, input.externalId)),
  }),
  /** Timeline events on the host's reports after a cursor (null: from the start), 100 at a time. */
  changes: hostProcedure("read")
    .input(z.object({ cursor: z.string().max(200).nullish() }).default({}))
    .query(({ ctx, input }) => hostChangesSince(ctx.host.hostSlug, input.cursor)),
});
