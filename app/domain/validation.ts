import type { z } from "zod";

/**
 * Field → first message key: the shape the forms render next to each input. Schemas give i18n keys ("errors.…")
 * as messages; an issue without one (zod's own English, e.g. "Invalid date" or "Expected string, received null")
 * never reaches a user: it becomes a key that says, in their language, which kind of input was wrong.
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "_form");
    out[key] ??= issue.message.startsWith("errors.") ? issue.message : issue.code === "invalid_date" ? "errors.date_invalid" : "errors.field_invalid";
  }
  return out;
}
