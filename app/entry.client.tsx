import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "~/i18n/config";
import { NonceContext } from "~/utils/nonce";

async function hydrate() {
  // The server rendered <html lang>; the same bundled translations hydrate without a network round trip.
  await i18next.use(initReactI18next).init({ ...i18nConfig, lng: document.documentElement.lang || "id" });
  const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <NonceContext.Provider value={nonce}>
          <I18nextProvider i18n={i18next}>
            <RemixBrowser />
          </I18nextProvider>
        </NonceContext.Provider>
      </StrictMode>,
    );
  });
}

hydrate();
