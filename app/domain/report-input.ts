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

/** zod messages are i18n keys, translated by the page that shows them. */
const coordinate = (key: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim().replace(",", ".") : v),
    z.coerce.number({ invalid_type_error: key }).refine(Number.isFinite, key),
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
    if (Number.isFinite(v.lat) && Number.isFinite(v.lng) && !isInsideJakarta(v.lat, v.lng)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["lat"], message: "errors.outside_jakarta" });
    }
  });

export type ReportInput = z.infer<typeof ReportInputSchema>;

/** The lower-cased text the list's search matches against (portable across SQLite and PostgreSQL). */
export function reportSearchText(title: string, description: string): string {
  return `${title}\n${description}`.toLocaleLowerCase("id-ID");
}
