// How many bytes a request body may have, per path. server.ts enforces these while the body streams in (the
// declared Content-Length first, then a byte count for chunked bodies), before Remix or a route reads anything,
// and answers 413 as soon as a body passes its limit. Routes keep their own, finer checks (one photo's size,
// a description's length); these only stop a body that no route could accept from being read at all.

const KIB = 1024;
const MIB = 1024 * KIB;

/** A host system's signed event (/hooks/reports): JSON, photos by URL or a little inline base64. */
export const HOOK_BODY_LIMIT = 16 * MIB;
/** The typed API: host systems' report upserts may carry inline base64 photos, like the webhook. */
export const TRPC_BODY_LIMIT = HOOK_BODY_LIMIT;
/** Open311 intake: a form-encoded service request (photos only by media_url). */
export const OPEN311_BODY_LIMIT = 256 * KIB;
/** Log-in, registration, log-out: a few short fields. */
export const ACCOUNT_FORM_LIMIT = 16 * KIB;
/** Any other form: a rich-text comment or proposal (64,000 characters of editor state, URL-encoded) and its fields. */
export const FORM_BODY_LIMIT = 1 * MIB;
/** A results CSV uploaded for import (/instansi/hasil): 5,000 rows are about 1.5 MB. */
export const RESULTS_CSV_LIMIT = 4 * MIB;
/** Room for a photo form's other fields and multipart framing. */
const PHOTO_FORM_OVERHEAD = 1 * MIB;

/**
 * The body limit for a request to `path` (no query string). Forms with photos (a new report, an agency's progress)
 * may carry `maxPhotos` photos of `maxPhotoBytes` each.
 */
export function bodyLimitFor(rawPath: string, photos: { maxPhotoBytes: number; maxPhotos: number }): number {
  const path = normalisePath(rawPath);
  if (path === "/hooks/reports") return HOOK_BODY_LIMIT;
  if (path === "/api/trpc" || path.startsWith("/api/trpc/")) return TRPC_BODY_LIMIT;
  if (path.startsWith("/open311/")) return OPEN311_BODY_LIMIT;
  if (path === "/masuk" || path === "/daftar" || path === "/keluar") return ACCOUNT_FORM_LIMIT;
  if (path === "/instansi/hasil") return RESULTS_CSV_LIMIT;
  if (path === "/laporan/baru" || /^\/laporan\/[^/]+\/perkembangan$/.test(path)) {
    return photos.maxPhotos * photos.maxPhotoBytes + PHOTO_FORM_OVERHEAD;
  }
  return FORM_BODY_LIMIT;
}

/** Machine endpoints: called from other systems' servers (no browser Origin check, errors as problem+json). */
export function isMachinePath(rawPath: string): boolean {
  const path = normalisePath(rawPath);
  return path === "/hooks/reports" || path === "/api/trpc" || path.startsWith("/api/trpc/") || path.startsWith("/open311/");
}

/** Route matching ignores case and a trailing slash, so the limits do too. */
export function normalisePath(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 ? lower.replace(/\/+$/, "") || "/" : lower;
}
