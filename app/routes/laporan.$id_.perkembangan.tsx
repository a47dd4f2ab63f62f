import { isCaseOfficer } from "~/domain/case-policy";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { describedBy, FieldError, FormErrorSummary } from "~/components/FormErrors";
import { PhotoInput } from "~/components/PhotoInput";
import { env } from "~/config.server";
import { RESULT_STATUSES } from "~/domain/results";
import { addProgress } from "~/services/cases/agency-answer.server";
import { addResultProgress } from "~/services/results.server";
import { getCase } from "~/services/cases/case-view.server";
import { ServiceError } from "~/services/errors";
import { discardUploads } from "~/services/photos.server";
import { consume } from "~/services/rate-limit.server";
import { getReport } from "~/services/reports.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, formValues, loaderError } from "~/utils/http.server";
import { parsePhotoForm } from "~/utils/photo-upload.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

// The agency's progress note with photos (proof of completion), posted as multipart like a new report.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "case.progressTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const report = await getReport(params.id ?? "").catch(loaderError);
  const view = await getCase(report.id, user);
  // Who first (403 to anyone else, who learns nothing of the case), then when (409 until the answer is accepted).
  if (!isCaseOfficer(user, view.agency?.id ?? null)) loaderError(new ServiceError(403, "errors.case_forbidden"));
  if (!view.can.postProgress) loaderError(new ServiceError(409, "errors.case_illegal"));
  // The results an entry can move: items under a parent, or a result standing alone (a parent follows its items).
  const results = view.results.flatMap((r) => (r.children.length > 0 ? r.children : [r])).map((r) => ({ id: r.id, title: r.title, progress: r.progress, status: r.status }));
  return json({ report: { id: report.id, number: report.number, title: report.title }, results, maxPhotoBytes: env().MAX_PHOTO_BYTES });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
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
    const resultId = formData.get("resultId");
    if (typeof resultId === "string" && resultId) {
      await addResultProgress(user, resultId, { status: formData.get("status"), progress: formData.get("progress"), note: formData.get("note"), reportId: params.id ?? "" }, photos);
    } else {
      await addProgress(user, params.id ?? "", formData.get("note"), photos);
    }
    return redirect(`/laporan/${params.id}?ok=caseStep#musyawarah`);
  } catch (error) {
    return actionError(error, formValues(form, ["note", "resultId", "status", "progress"]));
  }
}

export default function ProgressPage() {
  const { report, results, maxPhotoBytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.fields : {};
  const values: Record<string, string | undefined> = result && !result.ok ? result.values : {};
  return (
    <article className="narrow">
      <p><Link to={`/laporan/${report.id}#musyawarah`}>{t("proposals.backToReport", { number: report.number })}</Link></p>
      <h1>{t("case.progressTitle")}</h1>
      <p className="muted">{report.title}</p>
      <p>{t("case.progressIntro")}</p>
      <Form method="post" encType="multipart/form-data" className="card form">
        {result && !result.ok && <FormErrorSummary code={result.code} fields={result.fields} maxPhotoBytes={maxPhotoBytes} />}
        <AuthenticityTokenInput name="csrf" />
        {results.length > 0 && (
          <>
            <fieldset id="resultId" {...describedBy("resultId", { error: errors.resultId })}>
              <legend>{t("results.pick")}</legend>
              {results.map((r, i) => (
                <label key={r.id} className="check">
                  <input type="radio" name="resultId" value={r.id} required defaultChecked={(values.resultId ?? (i === 0 ? r.id : "")) === r.id} />{" "}
                  {r.title} <span className="muted">({r.progress} % · {t(`results.statuses.${r.status}`)})</span>
                </label>
              ))}
              <FieldError id="resultId" message={errors.resultId} />
            </fieldset>
            <div className="field">
              <label htmlFor="result-status">{t("results.status")}</label>
              <select id="result-status" name="status" defaultValue={values.status ?? results[0]?.status ?? "berjalan"} {...describedBy("result-status", { error: errors.status })}>
                {RESULT_STATUSES.map((s) => <option key={s} value={s}>{t(`results.statuses.${s}`)}</option>)}
              </select>
              <FieldError id="result-status" message={errors.status} />
            </div>
            <div className="field">
              <label htmlFor="progress">{t("results.progress")}</label>
              <input id="progress" name="progress" inputMode="numeric" pattern="[0-9]{1,3}" maxLength={3} defaultValue={values.progress ?? ""} {...describedBy("progress", { hint: true, error: errors.progress })} />
              <span className="hint" id="progress-hint">{t("results.progressHint")}</span>
              <FieldError id="progress" message={errors.progress} />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor="note">{t("case.progressNote")}</label>
          <textarea id="note" name="note" rows={4} required minLength={5} maxLength={2000} defaultValue={result && !result.ok ? result.values.note : undefined}
            {...describedBy("note", { error: errors.note })} />
          <FieldError id="note" message={errors.note} />
        </div>
        <div className="field">
          <label htmlFor="photos">{t("case.progressPhotos")}</label>
          <PhotoInput maxBytes={maxPhotoBytes} invalid={!!errors.photos} describedBy={describedBy("photos", { hint: true, error: errors.photos })["aria-describedby"]} />
          <span className="hint" id="photos-hint">{t("newReport.photosHint", { mb: Math.round(maxPhotoBytes / 1024 / 1024) })}</span>
          <FieldError id="photos" message={errors.photos} maxPhotoBytes={maxPhotoBytes} />
        </div>
        <button type="submit" disabled={busy}>{t("case.progressSubmit")}</button>
      </Form>
    </article>
  );
}
