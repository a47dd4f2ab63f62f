import { randomUUID } from "node:crypto";
import {
  MaxPartSizeExceededError,
  NodeOnDiskFile,
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { env } from "~/config.server";
import { REPORT_LIMITS } from "~/domain/report-input";
import { isServiceError, ServiceError } from "~/services/errors";
import { discardUploads, incomingDir, type UploadedPhoto } from "~/services/photos.server";

/**
 * Parses a multipart form whose `photos` parts stream to disk (never into memory), at most
 * MAX_PHOTO_BYTES each and REPORT_LIMITS.maxPhotos in all. On any failure every file written is removed.
 */
export async function parsePhotoForm(request: Request): Promise<{ formData: FormData; photos: UploadedPhoto[] }> {
  // A plain (url-encoded) post carries no photos: read it as it is rather than failing on a missing boundary.
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    const formData = await request.formData().catch(() => {
      throw new ServiceError(400, "errors.form_unreadable");
    });
    return { formData, photos: [] };
  }
  const written: string[] = [];
  let photoParts = 0;
  let tooMany = false;
  const toDisk = unstable_createFileUploadHandler({
    directory: incomingDir(),
    maxPartSize: env().MAX_PHOTO_BYTES,
    avoidFileConflicts: false,
    file: () => randomUUID(),
    filter: ({ name }) => {
      if (name !== "photos") return false;
      photoParts += 1;
      if (photoParts > REPORT_LIMITS.maxPhotos) tooMany = true;
      return !tooMany;
    },
  });
  const handler = unstable_composeUploadHandlers(async (part) => {
    const file = await toDisk(part);
    if (file instanceof NodeOnDiskFile) written.push(file.getFilePath());
    return file;
  }, unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 }));

  try {
    const formData = await unstable_parseMultipartFormData(request, handler);
    const photos = written.map((filepath) => ({ filepath }));
    if (tooMany) {
      await discardUploads(photos);
      throw new ServiceError(422, "errors.form_invalid", { photos: "errors.too_many_photos" });
    }
    return { formData, photos };
  } catch (error) {
    await discardUploads(written.map((filepath) => ({ filepath })));
    if (error instanceof MaxPartSizeExceededError) {
      const field = error.field === "photos" ? "photos" : "description";
      const message = field === "photos" ? "errors.photo_too_large" : "errors.description_too_long";
      throw new ServiceError(413, "errors.form_invalid", { [field]: message });
    }
    // A body the parser cannot read (no boundary, cut off, garbage) is the sender's mistake, not a server fault;
    // a failing disk (an errno code) is ours.
    if (!isServiceError(error) && !(error as NodeJS.ErrnoException)?.code) throw new ServiceError(400, "errors.form_unreadable");
    throw error;
  }
}
