import { useState } from "react";
import { useTranslation } from "react-i18next";
import { REPORT_LIMITS } from "~/domain/report-input";
import { formatNumber } from "~/i18n/format";

// Phone photos are often 3–8 MB. Before upload, with JavaScript, each one is redrawn at most 2000 px on its
// long edge as a JPEG: a tenth of the bytes on a slow connection, and the copy carries no EXIF/GPS data.
// Without JavaScript (or if the browser cannot), the original file is sent and the server does the work.
const MAX_EDGE = 2000;
const SHRINK_ABOVE = 600 * 1024;

async function shrink(file: File): Promise<File> {
  if (file.size <= SHRINK_ABOVE || !/^image\/(jpeg|png|webp)$/.test(file.type)) return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" });
  } catch {
    return file;
  }
}

interface Preview {
  url: string;
  before: number;
  after: number;
}

export function PhotoInput({ describedBy, invalid, maxBytes }: { describedBy?: string; invalid?: boolean; maxBytes: number }) {
  const { t, i18n } = useTranslation();
  const [previews, setPreviews] = useState<Preview[]>([]);
  const [busy, setBusy] = useState(false);
  const kb = (bytes: number) => `${formatNumber(bytes / 1024, i18n.language)} KB`;

  async function onChange(event: React.ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = Array.from(input.files ?? []);
    previews.forEach((p) => URL.revokeObjectURL(p.url));
    setBusy(true);
    const shrunk = await Promise.all(files.map(shrink));
    if (typeof DataTransfer !== "undefined") {
      const transfer = new DataTransfer();
      shrunk.forEach((f) => transfer.items.add(f));
      input.files = transfer.files;
    }
    setPreviews(shrunk.map((f, i) => ({ url: URL.createObjectURL(f), before: files[i]!.size, after: f.size })));
    setBusy(false);
  }

  const tooMany = previews.length > REPORT_LIMITS.maxPhotos;
  return (
    <>
      <input id="photos" name="photos" type="file" multiple accept="image/jpeg,image/png,image/webp"
        aria-describedby={describedBy} aria-invalid={invalid || tooMany || undefined} onChange={onChange} />
      {busy && <p className="hint" role="status">{t("newReport.shrinking")}</p>}
      {tooMany && <p className="field-error" role="alert">{t("errors.too_many_photos")}</p>}
      {previews.length > 0 && (
        <ul className="photo-previews" aria-label={t("newReport.selectedPhotos")}>
          {previews.map((p) => (
            <li key={p.url}>
              <img src={p.url} alt="" width={96} height={96} />
              <span className={p.after > maxBytes ? "field-error" : "hint"}>
                {p.after < p.before ? t("newReport.shrunk", { before: kb(p.before), after: kb(p.after) }) : kb(p.after)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
