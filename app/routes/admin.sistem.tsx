import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { describedBy, FieldError, FormErrorSummary } from "~/components/FormErrors";
import { formatDateTime } from "~/i18n/format";
import { TOKEN_SCOPES } from "~/domain/api-scopes";
import { createApiToken, createHostSystem, listHostSystems, revokeApiToken, setHostWebhook } from "~/services/host-systems.server";
import { consume } from "~/services/rate-limit.server";
import { verifyCsrf } from "~/utils/csrf.server";
import { actionError, readFormData } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

// Host systems plugged into Musyawarah: their signing secrets, webhook, embedding origins and API tokens.
// Secrets and tokens appear in the one response that made them, never again.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hosts.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.agencies");
  const hosts = await listHostSystems();
  return json({
    hosts: hosts.map((h) => ({
      ...h,
      createdAt: h.createdAt.toISOString(),
      webhookDisabledAt: h.webhookDisabledAt?.toISOString() ?? null,
      tokens: h.tokens.map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null })),
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "admin.agencies");
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const hostId = String(formData.get("hostId") ?? "");
  try {
    await verifyCsrf(request, formData);
    await consume("write", admin.id);
    switch (intent) {
      case "host.create": {
        const host = await createHostSystem({ slug: formData.get("slug"), name: formData.get("name"), embedOrigins: formData.get("embedOrigins") ?? "" });
        return json({ ok: true as const, hostId: host.id, shown: { kind: "inbound" as const, value: host.inboundSecret } });
      }
      case "host.webhook": {
        const { secret } = await setHostWebhook(hostId, { url: formData.get("webhookUrl"), embedOrigins: formData.get("embedOrigins") ?? "" });
        return json({ ok: true as const, hostId, shown: secret ? { kind: "outbound" as const, value: secret } : null });
      }
      case "token.create": {
        const { token } = await createApiToken(hostId, { name: formData.get("name"), scopes: formData.getAll("scopes").map(String) });
        return json({ ok: true as const, hostId, shown: { kind: "token" as const, value: token } });
      }
      case "token.revoke":
        await revokeApiToken(String(formData.get("tokenId") ?? ""));
        return json({ ok: true as const, hostId, shown: null });
      default:
        return json({ ok: false as const, code: "errors.form_invalid", fields: {}, values: {} }, { status: 400 });
    }
  } catch (error) {
    return actionError(error);
  }
}

export default function HostSystems() {
  const { hosts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const errors: Record<string, string> = result && !result.ok ? result.fields : {};
  // i18next reads ":" as a namespace separator, so the keys spell scopes with "_".
  const scopeLabel = (scope: string) => t(`hosts.scope.${scope.replace(":", "_")}`);
  const shownFor = (hostId: string) => (result && result.ok && "hostId" in result && result.hostId === hostId ? result.shown : null);
  return (
    <section>
      <h2>{t("hosts.title")}</h2>
      <p className="hint">{t("hosts.intro")}</p>
      {result && !result.ok && <FormErrorSummary code={result.code} fields={result.fields} />}
      {hosts.length === 0 && <p>{t("hosts.none")}</p>}
      {hosts.map((h) => {
        const shown = shownFor(h.id);
        return (
          <article key={h.id} className="card" aria-labelledby={`host-${h.id}`}>
            <h3 id={`host-${h.id}`}>{h.name} <code>{h.slug}</code></h3>
            {shown && (
              <div className="alert alert-ok" role="status">
                <p>{t(`hosts.shown.${shown.kind}`)}</p>
                <p><code className="secret">{shown.value}</code></p>
              </div>
            )}
            {h.webhookDisabledAt && <p className="alert alert-error">{t("admin.webhookDisabled")}</p>}
            <Form method="post" className="stack">
              <AuthenticityTokenInput name="csrf" />
              <input type="hidden" name="intent" value="host.webhook" />
              <input type="hidden" name="hostId" value={h.id} />
              <div className="field">
                <label htmlFor={`webhookUrl-${h.id}`}>{t("hosts.webhookUrl")}</label>
                <input id={`webhookUrl-${h.id}`} name="webhookUrl" type="url" inputMode="url" defaultValue={h.webhookUrl ?? ""} placeholder="https://" />
              </div>
              <div className="field">
                <label htmlFor={`embed-${h.id}`}>{t("hosts.embedOrigins")}</label>
                <input id={`embed-${h.id}`} name="embedOrigins" defaultValue={h.embedOrigins} placeholder="https://aplikasi.example.go.id" aria-describedby={`embed-${h.id}-hint`} />
                <p className="hint" id={`embed-${h.id}-hint`}>{t("hosts.embedHint")}</p>
              </div>
              <button type="submit" className="secondary">{t("hosts.saveWebhook")}</button>
            </Form>
            <h4>{t("hosts.tokens")}</h4>
            {h.tokens.length === 0 ? <p>{t("hosts.noTokens")}</p> : (
              <ul className="token-list">
                {h.tokens.map((k) => (
                  <li key={k.id}>
                    <p><strong>{k.name}</strong> <code>{k.prefix}…</code></p>
                    <p className="meta">
                      <span>{t("hosts.scopes")}: {k.scopes.split(" ").map(scopeLabel).join(", ")}</span>
                      <span>{k.revokedAt ? t("hosts.revokedAt", { at: formatDateTime(k.revokedAt, lng) }) : `${t("hosts.lastUsed")}: ${k.lastUsedAt ? formatDateTime(k.lastUsedAt, lng) : t("hosts.neverUsed")}`}</span>
                    </p>
                    {!k.revokedAt && (
                      <Form method="post" className="inline-form">
                        <AuthenticityTokenInput name="csrf" />
                        <input type="hidden" name="intent" value="token.revoke" />
                        <input type="hidden" name="hostId" value={h.id} />
                        <input type="hidden" name="tokenId" value={k.id} />
                        <button type="submit" className="secondary small">{t("hosts.revoke")}<span className="visually-hidden"> {k.name}</span></button>
                      </Form>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <Form method="post" className="stack">
              <AuthenticityTokenInput name="csrf" />
              <input type="hidden" name="intent" value="token.create" />
              <input type="hidden" name="hostId" value={h.id} />
              <div className="field">
                <label htmlFor={`token-name-${h.id}`}>{t("hosts.tokenName")}</label>
                <input id={`token-name-${h.id}`} name="name" required minLength={2} maxLength={80} />
              </div>
              <fieldset>
                <legend>{t("hosts.scopes")}</legend>
                {TOKEN_SCOPES.map((s) => (
                  <label key={s} className="check"><input type="checkbox" name="scopes" value={s} defaultChecked={s === "read"} /> {scopeLabel(s)}</label>
                ))}
              </fieldset>
              <button type="submit">{t("hosts.createToken")}</button>
            </Form>
          </article>
        );
      })}
      <Form method="post" className="card stack" aria-labelledby="new-host">
        <h3 id="new-host">{t("hosts.new")}</h3>
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="intent" value="host.create" />
        <div className="field">
          <label htmlFor="slug">{t("hosts.slug")}</label>
          <input id="slug" name="slug" required pattern="[a-z0-9][a-z0-9\-]{1,39}" {...describedBy("slug", { hint: true, error: errors.slug })} />
          <p className="hint" id="slug-hint">{t("hosts.slugHint")}</p>
          <FieldError id="slug" message={errors.slug} />
        </div>
        <div className="field">
          <label htmlFor="name">{t("hosts.name")}</label>
          <input id="name" name="name" required {...describedBy("name", { error: errors.name })} />
          <FieldError id="name" message={errors.name} />
        </div>
        <button type="submit">{t("hosts.create")}</button>
      </Form>
    </section>
  );
}
