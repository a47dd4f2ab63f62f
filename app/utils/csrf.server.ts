import { createCookie } from "@remix-run/node";
import { CSRF, CSRFError } from "remix-utils/csrf/server";
import { env, secureCookies } from "~/config.server";
import { ServiceError } from "~/services/errors";

// Two checks on every form post: the Origin header must be our own (stops cross-site posts even where
// SameSite is not honoured), and the form's token must match the signed token cookie.
let csrf: CSRF | undefined;

function instance(): CSRF {
  csrf ??= new CSRF({
    cookie: createCookie(secureCookies() ? "__Host-msy_csrf" : "msy_csrf", {
      httpOnly: true,
      sameSite: "lax",
      secure: secureCookies(),
      path: "/",
    }),
    formDataKey: "csrf",
    secret: env().SESSION_SECRET,
  });
  return csrf;
}

/** The token for forms, and a Set-Cookie header when the browser has none yet. */
export function commitCsrfToken(request: Request) {
  return instance().commitToken(request);
}

function originAllowed(request: Request): boolean {
  const origin = request.headers.get("Origin");
  // Browsers send Origin on every cross-origin POST; a missing one is a same-origin or non-browser client,
  // and those still need the token below.
  if (!origin) return true;
  const own = env().PUBLIC_ORIGIN ?? new URL(request.url).origin;
  return origin === own;
}

export async function verifyCsrf(request: Request, formData: FormData): Promise<void> {
  if (!originAllowed(request)) throw new ServiceError(403, "errors.csrf");
  try {
    await instance().validate(formData, request.headers);
  } catch (error) {
    if (error instanceof CSRFError) throw new ServiceError(403, "errors.csrf");
    throw error;
  }
}
