import { referenceData, regionTree } from "~/services/reference-data.server";
import { publicProcedure, router } from "../trpc.server";

// The reference data a host system needs to map its own categories and regions to ours.
export const referenceRouter = router({
  categories: publicProcedure.query(async () =>
    (await referenceData()).categories.map((c) => ({ slug: c.slug, nameId: c.nameId, nameEn: c.nameEn })),
  ),
  regions: publicProcedure.query(async () => regionTree(await referenceData())),
});
