import { REPORT_LIMITS } from "./report-input";

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2/) as Musyawarah speaks it: service codes map to
// our categories through an editable table, a request's location to a kelurahan, its status to ours.

/** A GeoReport v2 error list: what 311 clients expect instead of a problem document. */
export type Open311Errors = { code: number; description: string }[];

/** open → still waiting or being worked on; closed → done. */
export function open311Status(status: string): "open" | "closed" {
  return status === "selesai" ? "closed" : "open";
}

export function reportStatusFromOpen311(status: unknown): "menunggu" | "selesai" {
  return status === "closed" ? "selesai" : "menunggu";
}

/**
 * A title for a report that came without one (311 requests have a service and a description only): the service's
 * name and the description's first words, within our title limits.
 */
export function titleFor(serviceName: string, description: string): string {
  const words = description.replace(/\s+/g, " ").trim();
  const base = words ? `${serviceName}: ${words}` : serviceName;
  if (base.length <= REPORT_LIMITS.titleMax) return base.length >= REPORT_LIMITS.titleMin ? base : `${base} (Open311)`.slice(0, REPORT_LIMITS.titleMax);
  const cut = base.slice(0, REPORT_LIMITS.titleMax - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), REPORT_LIMITS.titleMin))}…`;
}

/** A description long enough for our rules (311 clients may send a few words). */
export function descriptionFor(description: string, address: string): string {
  const text = [description.trim(), address.trim() ? `Lokasi: ${address.trim()}` : ""].filter(Boolean).join("\n");
  return text.length >= REPORT_LIMITS.descriptionMin ? text.slice(0, REPORT_LIMITS.descriptionMax) : `${text} (dilaporkan lewat Open311)`.trim();
}

const fold = (s: string) => s.toLocaleLowerCase("id-ID").normalize("NFKD").replace(/[^a-z0-9 ]/g, " ").replace(/\s+/g, " ").trim();

/**
 * The kelurahan a request names: an explicit code wins; otherwise the longest kelurahan name found as whole words
 * in the address. Null when nothing matches or two different kelurahan of the same name length do (ambiguous).
 */
export function kelurahanFor(explicit: unknown, address: string, kelurahan: readonly { code: string; name: string }[]): string | null {
  if (typeof explicit === "string" && kelurahan.some((k) => k.code === explicit.trim())) return explicit.trim();
  const haystack = ` ${fold(address)} `;
  if (haystack.trim() === "") return null;
  let best: { code: string; length: number; ambiguous: boolean } | null = null;
  for (const k of kelurahan) {
    const name = fold(k.name);
    if (!name || !haystack.includes(` ${name} `)) continue;
    if (!best || name.length > best.length) best = { code: k.code, length: name.length, ambiguous: false };
    else if (name.length === best.length && k.code !== best.code) best.ambiguous = true;
  }
  return best && !best.ambiguous ? best.code : null;
}
