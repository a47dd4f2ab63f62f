import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { describedBy, FieldError, FormErrorSummary } from "~/components/FormErrors";
import { RESULT_CSV_COLUMNS } from "~/domain/result-csv";
import { RESULTS_CSV_LIMIT } from "~/body-limits.server";
import { formatDateTime } from "~/i18n/format";
import { ServiceError } from "~/services/errors";
import { consume } from "~/services/rate-limit.server";
import { listResultImports, startResultImport } from "~/services/result-import.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, loaderError } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requireUser } from "~/utils/session.server";

// An agency's results as a spreadsheet: download them all, change status, progress, weights or periods, upload the
// file; the worker imports it row by row and this page lists each import's counts and its rows' problems.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results.importTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const imports = await listResultImports(user).catch(loaderError);
  return json({ imports });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    await consume("write", user.id);
    if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) throw new ServiceError(400, "errors.form_unreadable");
    // The file is held in memory up to the route's body limit (server.ts stops a bigger body before it is read).
    const formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: RESULTS_CSV_LIMIT })).catch(() => {
      throw new ServiceError(413, "errors.form_invalid", { file: "errors.body_too_large" });
    });
    await verifyCsrf(request, formData);
    const file = formData.get("file");
    if (!(file instanceof Blob) || file.size === 0) throw new ServiceError(422, "errors.form_invalid", { file: "errors.csv_empty" });
    await startResultImport(user, "name" in file ? String(file.name) : "hasil.csv", await file.text());
    return redirect("/instansi/hasil?ok=diimpor");
  } catch (error) {
    return actionError(error);
  }
}

export default function ResultImportPage() {
  const { imports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.fields : {};
  return (
    <article className="narrow">
      <p><Link to="/instansi">{t("case.desk")}</Link></p>
      <h1>{t("results.importTitle")}</h1>
      <p>{t("results.importIntro")}</p>
      <p><a className="button secondary" href="/hasil-kerja/daftar.csv" download>{t("results.exportLink")}</a></p>
      {search.get("ok") === "diimpor" && <p className="alert alert-ok" role="status">{t("results.queued")}</p>}
      <Form method="post" encType="multipart/form-data" className="card form">
        {result && !result.ok && <FormErrorSummary code={result.code} fields={result.fields} />}
        <AuthenticityTokenInput name="csrf" />
        <div className="field">
          <label htmlFor="file">{t("results.file")}</label>
          <input id="file" name="file" type="file" accept=".csv" required {...describedBy("file", { hint: true, error: errors.file })} />
          <span className="hint" id="file-hint">{t("results.fileHint", { columns: RESULT_CSV_COLUMNS.join(", ") })}</span>
          <FieldError id="file" message={errors.file} />
        </div>
        <button type="submit" disabled={busy}>{t("results.importSubmit")}</button>
      </Form>
      <section aria-labelledby="impor">
        <h2 id="impor">{t("results.imports")}</h2>
        {imports.length === 0 ? <p className="muted">{t("results.noImports")}</p> : (
          <ul className="imports">
            {imports.map((i) => (
              <li key={i.id} className="card">
                <strong>{i.fileName}</strong> · {t(`results.importStatus.${i.status}`)} · {formatDateTime(i.createdAt, lng)}
                {i.status !== "antri" && i.status !== "berjalan" && <p>{t("results.importCounts", i)}</p>}
                {i.errors.length > 0 && (
                  <ul className="problems">
                    {i.errors.map((e, n) => <li key={n}>{t("results.problemLine", { row: e.row, field: e.field, message: t(e.code) })}</li>)}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
