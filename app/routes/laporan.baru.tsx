import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { useHydrated } from "remix-utils/use-hydrated";
import { describedBy, FieldError, FormErrorSummary } from "~/components/FormErrors";
import { PhotoInput } from "~/components/PhotoInput";
import { KelurahanSelect } from "~/components/RegionSelects";
import { useKelurahanSuggestion } from "~/components/kelurahan-suggestion";
import { ReportMap } from "~/components/ReportMap";
import { env } from "~/config.server";
import { JAKARTA_CENTER } from "~/domain/geo";
import { REPORT_LIMITS } from "~/domain/report-input";
import { referenceData, regionTree } from "~/services/reference-data.server";
import { consume } from "~/services/rate-limit.server";
import { fileReport } from "~/services/reports.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, formValues } from "~/utils/http.server";
import { parsePhotoForm } from "~/utils/photo-upload.server";
import { requirePermission } from "~/utils/session.server";
import { discardUploads } from "~/services/photos.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "newReport.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "report.create");
  const ref = await referenceData();
  return json({
    categories: ref.categories,
    tree: regionTree(ref),
    maxPhotoBytes: env().MAX_PHOTO_BYTES,
    map: { tileUrl: env().MAP_TILE_URL, attribution: env().MAP_ATTRIBUTION },
  });
}

const FIELDS = ["categorySlug", "title", "description", "kelurahanCode", "lat", "lng"] as const;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "report.create");
  let form: FormData | undefined;
  try {
    await consume("write", user.id);
    const { formData, photos } = await parsePhotoForm(request);
    form = formData;
    try {
      await verifyCsrf(request, formData);
    } catch (error) {
      await discardUploads(photos);
      throw error;
    }
    const report = await fileReport(user.id, formValues(formData, FIELDS), photos);
    return redirect(`/laporan/${report.id}?baru=1`);
  } catch (error) {
    return actionError(error, formValues(form, FIELDS));
  }
}

export default function NewReport() {
  const { categories, tree, maxPhotoBytes, map } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const errors = result && !result.ok ? result.fields : {};
  const values = result && !result.ok ? result.values : {};
  const [lat, setLat] = useState(values.lat ?? "");
  const [lng, setLng] = useState(values.lng ?? "");
  const [locating, setLocating] = useState<"idle" | "busy" | "failed">("idle");
  const kelurahan = useKelurahanSuggestion(values.kelurahanCode ?? "");
  const submitting = navigation.state === "submitting";
  const mb = Math.round(maxPhotoBytes / 1024 / 1024);

  /** A point from the phone's location or a tap on the map: fills the coordinates and suggests the kelurahan. */
  const pickPoint = (la: number, ln: number) => {
    setLat(la.toFixed(6));
    setLng(ln.toFixed(6));
    kelurahan.suggestFor({ lat: la, lng: ln });
  };
  const point = lat.trim() && lng.trim() && Number.isFinite(Number(lat)) && Number.isFinite(Number(lng)) ? { lat: Number(lat), lng: Number(lng) } : null;
  const contradiction = kelurahan.contradiction(point);

  const useMyLocation = () => {
    setLocating("busy");
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        pickPoint(pos.coords.latitude, pos.coords.longitude);
        setLocating("idle");
      },
      () => setLocating("failed"),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  return (
    <div className="narrow">
      <h1>{t("newReport.title")}</h1>
      <p className="muted">{t("newReport.intro")}</p>
      {result && !result.ok && <FormErrorSummary code={result.code} fields={result.fields} maxPhotoBytes={maxPhotoBytes} />}
      <Form method="post" encType="multipart/form-data" className="card" noValidate={hydrated}>
        <AuthenticityTokenInput name="csrf" />
        <div className="field">
          <label htmlFor="categorySlug">{t("newReport.category")}</label>
          <select id="categorySlug" name="categorySlug" required defaultValue={values.categorySlug ?? ""} {...describedBy("categorySlug", { error: errors.categorySlug })}>
            <option value="">{t("newReport.chooseCategory")}</option>
            {categories.map((c) => (
              <option key={c.slug} value={c.slug}>{i18n.language === "en" ? c.nameEn : c.nameId}</option>
            ))}
          </select>
          <FieldError id="categorySlug" message={errors.categorySlug} />
        </div>
        <div className="field">
          <label htmlFor="title">{t("newReport.reportTitle")}</label>
          <input id="title" name="title" type="text" required defaultValue={values.title} minLength={REPORT_LIMITS.titleMin} maxLength={REPORT_LIMITS.titleMax}
            {...describedBy("title", { hint: true, error: errors.title })} />
          <span className="hint" id="title-hint">{t("newReport.titleHint")}</span>
          <FieldError id="title" message={errors.title} />
        </div>
        <div className="field">
          <label htmlFor="description">{t("newReport.description")}</label>
          <textarea id="description" name="description" required defaultValue={values.description} minLength={REPORT_LIMITS.descriptionMin} maxLength={REPORT_LIMITS.descriptionMax}
            {...describedBy("description", { hint: true, error: errors.description })} />
          <span className="hint" id="description-hint">{t("newReport.descriptionHint")}</span>
          <FieldError id="description" message={errors.description} />
        </div>
        <div className="field">
          <label htmlFor="photos">{t("newReport.photos")}</label>
          <PhotoInput maxBytes={maxPhotoBytes} invalid={!!errors.photos}
            describedBy={describedBy("photos", { hint: true, error: errors.photos })["aria-describedby"]} />
          <span className="hint" id="photos-hint">{t("newReport.photosHint", { mb })}</span>
          <FieldError id="photos" message={errors.photos} maxPhotoBytes={maxPhotoBytes} />
        </div>
        <fieldset>
          <legend>{t("newReport.location")}</legend>
          {hydrated && (
            <>
              <p>
                <button type="button" className="button secondary" onClick={useMyLocation} disabled={locating === "busy"}>
                  {locating === "busy" ? t("newReport.locating") : t("newReport.useMyLocation")}
                </button>
              </p>
              {locating === "failed" && <p className="field-error" role="status">{t("newReport.locationFailed")}</p>}
            </>
          )}
          <div className="field">
            <label htmlFor="kelurahanCode">{t("newReport.kelurahan")}</label>
            <KelurahanSelect tree={tree} id="kelurahanCode" name="kelurahanCode" placeholder={t("newReport.chooseKelurahan")}
              value={kelurahan.choice.code} onChange={kelurahan.choose}
              {...describedBy("kelurahanCode", { hint: kelurahan.note !== null, error: errors.kelurahanCode })} />
            <p className="hint" id="kelurahanCode-hint" role="status">
              {kelurahan.note === "suggested" ? t("newReport.kelurahanSuggested") : kelurahan.note === "none" ? t("newReport.kelurahanNotSuggested") : null}
            </p>
            {contradiction && contradiction !== errors.kelurahanCode && <p className="field-error" role="status">{t(contradiction)}</p>}
            <FieldError id="kelurahanCode" message={errors.kelurahanCode} />
          </div>
          <div className="row two">
            <div className="field">
              <label htmlFor="lat">{t("newReport.lat")}</label>
              <input id="lat" name="lat" inputMode="decimal" required value={lat} onChange={(e) => setLat(e.target.value)}
                {...describedBy("lat", { hint: true, error: errors.lat })} />
            </div>
            <div className="field">
              <label htmlFor="lng">{t("newReport.lng")}</label>
              <input id="lng" name="lng" inputMode="decimal" required value={lng} onChange={(e) => setLng(e.target.value)}
                {...describedBy("lng", { hint: true, error: errors.lng })} />
            </div>
          </div>
          <span className="hint" id="lat-hint">{t("newReport.coordsHint")}</span>
          <span className="visually-hidden" id="lng-hint">{t("newReport.coordsHint")}</span>
          <FieldError id="lat" message={errors.lat} />
          <FieldError id="lng" message={errors.lng} />
          {hydrated && (
            <>
              <p className="hint">{t("newReport.mapHint")}</p>
              <ReportMap
                lat={Number(lat) || JAKARTA_CENTER.lat}
                lng={Number(lng) || JAKARTA_CENTER.lng}
                zoom={lat ? 16 : 11}
                config={map}
                label={t("newReport.mapHint")}
                onPick={pickPoint}
              />
            </>
          )}
        </fieldset>
        <button type="submit" disabled={submitting}>{submitting ? t("newReport.submitting") : t("newReport.submit")}</button>
      </Form>
    </div>
  );
}
