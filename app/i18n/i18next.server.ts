import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LANGUAGE, i18nConfig, SUPPORTED_LANGUAGES } from "./config";

// The chosen language lives in a plain cookie (not sensitive); `?lng=en` switches it.
export const languageCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    cookie: languageCookie,
    // Indonesian by default: the Accept-Language header is deliberately not consulted.
    order: ["searchParams", "cookie"],
  },
  i18next: { ...i18nConfig },
});
