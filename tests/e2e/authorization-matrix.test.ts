import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportDir } from "~/config.server";
import { db, prepareDatabase } from "~/db.server";
import { ACCESS_MATRIX, VISITORS, type Visitor } from "~/domain/access-matrix";
import { flagComment } from "~/services/moderation.server";
import { createApiToken, createHostSystem } from "~/services/host-systems.server";
import { addArgument, createProposal, proposeAmendment } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { postComment } from "~/services/threads.server";
import { startApp, type RunningApp } from "../helpers/app";
import { createUser, KECAMATAN, KOTA, validReport } from "../helpers/fixtures";
import { HttpClient } from "../helpers/http-client";

// Every entry of the access matrix (app/domain/access-matrix.ts) called as every kind of visitor against the
// real server: allowed visitors must get through (any answer but a refusal or a 5xx), everyone else must be
// refused (401, 403, a 404 that hides someone else's item, or the log-in page for anonymous visitors).
let app: RunningApp;
const ids: Record<string, string> = {};
const users: Partial<Record<Visitor, string>> = {};

beforeAll(async () => {
  await prepareDatabase();
  const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" } })).id;
  users.warga = (await createUser()).id;
  users.penulis = (await createUser()).id;
  users.fasilitator = (await createUser("fasilitator")).id;
  users.petugas = (await createUser("petugas", { agencyId: binaMarga })).id;
  users.dprd = (await createUser("dprd")).id;
  users.admin = (await createUser("admin")).id;
  await db.userRegion.create({ data: { userId: users.fasilitator, regionCode: KECAMATAN } });
  await db.userRegion.create({ data: { userId: users.dprd, regionCode: KOTA } });
  const author = { id: users.penulis, role: "warga" as const, agencyId: null, regionCodes: [] };
  ids.report = (await fileReport(users.penulis, validReport, [])).id;
  await db.deliberation.create({ data: { reportId: ids.report, state: "musyawarah", agencyId: binaMarga } });
  ids.proposal = (await createProposal(author, ids.report, { title: "Tambal dengan aspal panas", text: "Tambal permanen minggu ini." })).id;
  for (const name of ["edit", "delete", "hide", "flagged"]) ids[`comment.${name}`] = (await postComment(author, { reportId: ids.report, text: `Komentar untuk ${name}.` })).id;
  await flagComment({ id: users.warga, role: "warga", agencyId: null, regionCodes: [] }, ids["comment.flagged"]!, { reason: "spam" });
  ids.user = users.warga;
  ids.author = users.penulis;
  const other = { id: users.warga, role: "warga" as const, agencyId: null, regionCodes: [] };
  ids.argument = (await addArgument(author, ids.proposal, { side: "pro", text: "Paling tahan lama untuk jalan ini." })).id;
  ids.amendment = (await proposeAmendment(other, ids.proposal, { title: "Tambal dan pasang rambu", text: "Tambal dan pasang rambu peringatan.", explanation: "Supaya aman malam hari." })).id;
  const c = await db.deliberation.findUniqueOrThrow({ where: { reportId: ids.report } });
  ids.task = (await db.jointTask.create({ data: { deliberationId: c.id, title: "Kerja bakti Sabtu", createdById: users.admin } })).id;
  ids.note = (await db.dprdNote.create({ data: { reportId: ids.report, authorId: users.dprd, visibility: "private", body: "Catatan saya." } })).id;
  ids.export = (await db.exportJob.create({ data: { userId: users.dprd, kind: "dossier", params: JSON.stringify({ reportId: ids.report }), status: "selesai", filePath: "matrix.pdf", total: 1, done: 1 } })).id;
  await mkdir(exportDir(), { recursive: true });
  await writeFile(path.join(exportDir(), "matrix.pdf"), "%PDF-1.3 matrix");
  const host = await createHostSystem({ slug: "matriks", name: "Sistem matriks" });
  ids.host = host.id;
  await createApiToken(host.id, { name: "matriks", scopes: ["read"] });
  ids.token = (await db.apiToken.findFirstOrThrow({ where: { hostSystemId: host.id } })).id;
  await db.serviceMapping.create({ data: { serviceCode: "matriks-1", categorySlug: "jalan-rusak", name: "Jalan rusak (matriks)" } });
  ids.deadLetter = (await db.outboxMessage.create({ data: { kind: "email.notification", payload: "{}", status: "dead", lastError: "550 mailbox unavailable" } })).id;
  ids.agency = binaMarga;
  app = await startApp();
});
afterAll(() => app?.stop());

const fill = (text: string) => text.replace(/:(report|proposal|user|agency|deadLetter|author|argument|amendment|task|note|export|host|token|comment\.[a-z]+)/g, (_, key: string) => ids[key] ?? `:${key}`);

describe("the access matrix", () => {
  it("holds for every page, form action and tRPC procedure, as every visitor", async () => {
    const wrong: string[] = [];
    // The order matters only for writes that change later answers; refusals come before the allowed visitors act.
    for (const visitor of VISITORS) {
      const client = visitor === "anonim" ? new HttpClient(app.url) : await HttpClient.signedIn(app.url, users[visitor]!);
      const csrf = await client.csrfToken(visitor === "anonim" ? "/masuk" : fill("/laporan/:report"));
      for (const rule of ACCESS_MATRIX) {
        const path = fill(rule.path);
        let status: number;
        let location = "";
        if (rule.method === "GET") {
          const r = await client.get(path);
          status = r.status;
          location = r.res.headers.get("location") ?? "";
        } else if (path.startsWith("/api/trpc/")) {
          const res = await fetch(app.url + path, { method: "POST", headers: { "content-type": "application/json", cookie: client.cookieHeader() }, body: "{}" });
          status = res.status;
        } else {
          const fields = Object.fromEntries(Object.entries(rule.fields ?? {}).map(([k, v]) => [k, fill(v)]));
          const r = await client.post(path, { csrf, ...fields });
          status = r.status;
          location = r.res.headers.get("location") ?? "";
        }
        const refused = status === 401 || status === 403 || status === 404 || (status === 302 && location.startsWith("/masuk"));
        const allowed = rule.allow.includes(visitor);
        if (status >= 500) wrong.push(`${visitor}: ${rule.what} (${rule.method} ${rule.path}) answered ${status}`);
        else if (allowed && refused) wrong.push(`${visitor}: ${rule.what} (${rule.method} ${rule.path}) was refused with ${status} ${location}`);
        else if (!allowed && !refused) wrong.push(`${visitor}: ${rule.what} (${rule.method} ${rule.path}) was let through with ${status} ${location}`);
      }
    }
    expect(wrong).toEqual([]);
    // The writes that were allowed really happened (so "let through" means done, not merely "not refused").
    expect(await db.comment.findUniqueOrThrow({ where: { id: ids["comment.hide"]! }, select: { status: true } })).toEqual({ status: "hidden" });
    expect(await db.dprdNote.count({ where: { reportId: ids.report, visibility: "private", body: "Catatan." } })).toBe(2); // the DPRD member's and the admin's
    expect(await db.dprdNote.count({ where: { id: ids.note } })).toBe(0); // deleted by its author
    expect((await db.report.findUniqueOrThrow({ where: { id: ids.report! } })).status).toBe("diproses");
  });
});
