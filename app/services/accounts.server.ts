import { hash, verify } from "@node-rs/argon2";
import { db } from "~/db.server";
import { EmailSchema, RegistrationSchema } from "~/domain/password-policy";
import { fieldErrors } from "~/domain/validation";
import { ServiceError } from "./errors";
import { referenceData } from "./reference-data.server";

// argon2id with the library's defaults (19 MiB, t=2): OWASP's baseline for interactive log-in.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export async function registerCitizen(input: Record<string, unknown>) {
  const parsed = RegistrationSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError(422, "errors.form_invalid", fieldErrors(parsed.error));
  const { name, email, password, homeKelurahanCode } = parsed.data;

  const ref = await referenceData();
  if (ref.byCode.get(homeKelurahanCode)?.level !== "kelurahan") {
    throw new ServiceError(422, "errors.form_invalid", { homeKelurahanCode: "errors.kelurahan_unknown" });
  }
  const passwordHash = await hashPassword(password);
  try {
    return await db.user.create({
      data: { name, email, passwordHash, homeKelurahanCode, role: "warga" },
      select: { id: true },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new ServiceError(409, "errors.form_invalid", { email: "errors.email_taken" });
    }
    throw error;
  }
}

/** Returns the user id, or throws one message for every failure so nobody learns which part was wrong. */
export async function authenticate(emailRaw: unknown, password: unknown): Promise<string> {
  const email = EmailSchema.safeParse(emailRaw);
  const user =
    email.success && typeof password === "string"
      ? await db.user.findUnique({ where: { email: email.data }, select: { id: true, passwordHash: true } })
      : null;
  dummyHash ??= hash("not-a-real-password-but-same-cost");
  const ok = await verify(user?.passwordHash ?? (await dummyHash), typeof password === "string" ? password : "");
  if (!user || !ok) throw new ServiceError(401, "errors.login_failed");
  return user.id;
}
