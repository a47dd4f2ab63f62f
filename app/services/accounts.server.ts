import { hash, verify } from "@node-rs/argon2";
import { db } from "~/db.server";
import { EmailSchema, RegistrationSchema } from "~/domain/password-policy";
import { homePathFor, isRole } from "~/domain/roles";
import { safeLocalPath } from "~/domain/safe-path";
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

/**
 * Where a fresh log-in goes: the page the visitor came from (`kembali`, when it is a path on this site other than
 * the generic "/"), else the home page of the user's role (roles.ts: an officer's agency desk, a DPRD member's desk).
 */
export async function afterLoginPath(userId: string, kembali: unknown): Promise<string> {
  const back = safeLocalPath(kembali, "");
  if (back && back !== "/") return back;
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true } });
  return homePathFor(isRole(user?.role) ? user.role : "warga");
}
