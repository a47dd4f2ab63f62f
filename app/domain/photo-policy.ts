// What a photo upload must be. We trust the file's first bytes, never its name or declared type.
export const PHOTO_MIME = ["image/jpeg", "image/png", "image/webp"] as const;
export type PhotoMime = (typeof PHOTO_MIME)[number];

export function sniffImageType(head: Uint8Array): PhotoMime | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (
    head.length >= 8 &&
    head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47 &&
    head[4] === 0x0d && head[5] === 0x0a && head[6] === 0x1a && head[7] === 0x0a
  )
    return "image/png";
  if (
    head.length >= 12 &&
    head[0] === 0x52 && head[1] === 0x49 && head[2] === 0x46 && head[3] === 0x46 &&
    head[8] === 0x57 && head[9] === 0x45 && head[10] === 0x42 && head[11] === 0x50
  )
    return "image/webp";
  return null;
}

export type PhotoProblem = "errors.photo_type" | "errors.photo_too_large" | "errors.too_many_photos" | "errors.photo_empty";

export function checkPhotos(
  photos: readonly { bytes: number; head: Uint8Array }[],
  limits: { maxBytes: number; maxCount: number },
): PhotoProblem | null {
  if (photos.length > limits.maxCount) return "errors.too_many_photos";
  for (const p of photos) {
    if (p.bytes === 0) return "errors.photo_empty";
    if (p.bytes > limits.maxBytes) return "errors.photo_too_large";
    if (!sniffImageType(p.head)) return "errors.photo_type";
  }
  return null;
}

/** Display size (long edge) and thumbnail size the worker produces. */
export const PHOTO_SIZES = { display: 1600, thumb: 360 } as const;
