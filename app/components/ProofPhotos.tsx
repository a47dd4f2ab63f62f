import { useTranslation } from "react-i18next";

// The photos of an agency's progress entry (proof of the work): each thumbnail links to the full photo once the
// worker processed it; until then, or if it failed, a placeholder says so. Used by the case's progress timeline
// and by each result's.
export function ProofPhotos({ photos }: { photos: { id: string; status: string; imagePath: string | null; thumbPath: string | null }[] }) {
  const { t } = useTranslation();
  if (photos.length === 0) return null;
  return (
    <div className="photos">
      {photos.map((p, i) =>
        p.status === "ready" && p.imagePath && p.thumbPath ? (
          <a key={p.id} href={`/uploads/${p.imagePath}`}>
            <img src={`/uploads/${p.thumbPath}`} alt={t("case.proofAlt", { n: i + 1 })} width={160} height={160} loading="lazy" />
          </a>
        ) : (
          <span key={p.id} className="photo-placeholder">{t(p.status === "failed" ? "report.photoFailed" : "report.photoPending")}</span>
        ),
      )}
    </div>
  );
}
