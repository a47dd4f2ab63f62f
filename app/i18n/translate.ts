import { createInstance, type TFunction } from "i18next";
import { DEFAULT_LANGUAGE, i18nConfig, isLanguage } from "./config";

// A translation function outside React (page titles in `meta`), from the bundled resources, synchronously.
const instances = new Map<string, TFunction>();

export function fixedT(lng: string): TFunction {
  const language = isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
  let t = instances.get(language);
  if (!t) {
    const instance = createInstance();
    void instance.init({ ...i18nConfig, lng: language, initImmediate: false });
    t = instance.t;
    instances.set(language, t);
  }
  return t;
}
