import { z } from "zod";
import { isInsideJakarta } from "./geo";
import { visibleText } from "./text-safety";

// Limits chosen for a citizen on a phone: a title fits one line of a list, a description one screen or two.
export const REPORT_LIMITS = {
  titleMin: 5,
  titleMax: 120,
  descriptionMin: 10,
  descriptionMax: 4000,
  maxPhotos: 5,
} as const;

/**
 * zod messages are i18n keys, translated by the page that shows them. A blank coordinate is null here and is
 * reported once for the pair below ("not filled in"), never as 0,0 "outside Jakarta".
 */
const coordinate = (key: string) =>
  z.preprocess(
    (v) => {
      const value = typeof v === "string" ? v.trim().replace(",", ".") : v;
      return value === "" || value === undefined ? null : value;
    },
    z.coerce.number({ invalid_type_error: key }).refine(Number.isFinite, key).nullable(),
  );

export const ReportInputSchema = z
  .object({
    categorySlug: z.string({ required_error: "errors.category_required" }).trim().min(1, "errors.category_required"),
    title: visibleText(
      z.string({ required_error: "errors.title_required", invalid_type_error: "errors.title_required" }).trim(),
      z.string().min(REPORT_LIMITS.titleMin, "errors.title_too_short").max(REPORT_LIMITS.titleMax, "errors.title_too_long"),
    ),
    description: z
      .string({ required_error: "errors.description_required" })
      .trim()
      .min(REPORT_LIMITS.descriptionMin, "errors.description_too_short")
      .max(REPORT_LIMITS.descriptionMax, "errors.description_too_long"),
    kelurahanCode: z
      .string({ required_error: "errors.kelurahan_required" })
      .trim()
      .regex(/^\d{10}$/, "errors.kelurahan_required"),
    lat: coordinate("errors.coordinates_invalid"),
    lng: coordinate("errors.coordinates_invalid"),
  })
  .superRefine((v, ctx) => {
    if (v.lat === null || v.lng === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [v.lat === null ? "lat" : "lng"], message: "errors.coordinates_required" });
    } else if (!isInsideJakarta(v.lat, v.lng)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["lat"], message: "errors.outside_jakarta" });
    }
  })
  // Runs only when every check above passed, so both coordinates are numbers.
  .transform((v) => ({ ...v, lat: v.lat as number, lng: v.lng as number }));

export type ReportInput = z.infer<typeof ReportInputSchema>;

/** The lower-cased text the list's search matches against (portable across SQLite and PostgreSQL). */
export function reportSearchText(title: string, description: string): string {
  return `${title}\n${description}`.toLocaleLowerCase("id-ID");
}
