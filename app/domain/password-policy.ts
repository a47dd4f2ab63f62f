import { z } from "zod";
import { visibleText } from "./text-safety";

export const PASSWORD_MIN = 10;

export const EmailSchema = z
  .string({ required_error: "errors.email_invalid" })
  .trim()
  .toLowerCase()
  .max(254, "errors.email_invalid")
  .email("errors.email_invalid");

export const PasswordSchema = z
  .string({ required_error: "errors.password_too_short" })
  .min(PASSWORD_MIN, "errors.password_too_short")
  .max(200, "errors.password_too_long");

export const RegistrationSchema = z.object({
  name: visibleText(
    z.string({ required_error: "errors.name_required", invalid_type_error: "errors.name_required" }).trim(),
    z.string().min(2, "errors.name_required").max(80, "errors.name_too_long"),
  ),
  email: EmailSchema,
  password: PasswordSchema,
  homeKelurahanCode: z.string({ required_error: "errors.kelurahan_required" }).regex(/^\d{10}$/, "errors.kelurahan_required"),
});
