import { useCallback, useRef, useState } from "react";
import { centroidsFromRows, createKelurahanLocator, type KelurahanLocator, type LatLng } from "~/domain/kelurahan-locator";

// The report form's kelurahan, suggested from a picked point ("Pakai lokasi saya" or a tap on the map) with the same
// rule the server checks. The centroids (~8 KB) are fetched once, on the first pick; without them, or without
// JavaScript, the citizen chooses from the list as before.
let shared: Promise<KelurahanLocator> | undefined;

function loadLocator(): Promise<KelurahanLocator> {
  shared ??= fetch("/wilayah/titik-kelurahan.json")
    .then((res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json() as Promise<{ centroids: [string, string, number, number][] }>;
    })
    .then((body) => createKelurahanLocator(centroidsFromRows(body.centroids)))
    .catch((error: unknown) => {
      shared = undefined;
      throw error;
    });
  return shared;
}

export interface KelurahanChoice {
  code: string;
  /** "suggestion" while the value is the one suggested from the point; "user" once the citizen picks one. */
  by: "user" | "suggestion";
}

export function useKelurahanSuggestion(initial: string) {
  const [choice, setChoice] = useState<KelurahanChoice>({ code: initial, by: "user" });
  /** The last picked point lies where no kelurahan can be suggested (at sea, outside Jakarta). */
  const [unsuggested, setUnsuggested] = useState(false);
  const [locator, setLocator] = useState<KelurahanLocator | null>(null);
  const picks = useRef(0);

  /** A new point: suggest its kelurahan, unless the citizen chose one that the point does not contradict. */
  const suggestFor = useCallback((point: LatLng) => {
    const pick = ++picks.current;
    loadLocator().then(
      (loc) => {
        if (pick !== picks.current) return; // a later pick wins
        setLocator(loc);
        const suggestion = loc.suggestKelurahan(point);
        setUnsuggested(!suggestion);
        if (!suggestion) {
          // An earlier suggestion no longer comes from this point: it stays, but as if the citizen had chosen it.
          setChoice((current) => (current.by === "suggestion" ? { ...current, by: "user" } : current));
          return;
        }
        setChoice((current) =>
          current.by === "user" && current.code !== "" && !loc.locationProblem(point, current.code)
            ? current
            : { code: suggestion.code, by: "suggestion" },
        );
      },
      () => setUnsuggested(false), // the list still works
    );
  }, []);

  const choose = useCallback((code: string) => {
    setChoice({ code, by: "user" });
    setUnsuggested(false);
  }, []);

  /** The server's refusal, shown before sending: the point clearly contradicts the chosen kelurahan. */
  const contradiction = (point: LatLng | null) =>
    locator && point && choice.code ? locator.locationProblem(point, choice.code) : null;

  const note: "suggested" | "none" | null = choice.by === "suggestion" ? "suggested" : unsuggested ? "none" : null;
  return { choice, note, suggestFor, choose, contradiction };
}
