import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Job } from "bullmq";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { exportDir } from "~/config.server";
import { db, prepareDatabase } from "~/db.server";
import { parseDossierFilters } from "~/domain/dossier";
import type { Actor } from "~/domain/roles";
import { addDprdNote, deleteDprdNote, dossierPage, endorseProposal, findDossiers, getDossier, markHearing, publicDprdView } from "~/services/dprd.server";
import { EXPORT_KEEP_MS, getExport, purgeOldExports, requestExport, waitingExportIds } from "~/services/exports.server";
import { dossierCsvTable } from "~/services/dossier-csv.server";
import { fanOutPending } from "~/services/notifications.server";
import { createProposal } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { postComment } from "~/services/threads.server";
import { processExportJob } from "../../workers/processors/export";
import { createUser, validReport } from "../helpers/fixtures";

// The DPRD desk against a small fixture: who sees which dossier, the filters and orderings, notes, statements,
// endorsements, hearing marks, and a PDF export rendered by the worker's processor and read back as text.
const DAY = 86_400_000;
const now = new Date();
const filters = (q = "") => parseDossierFilters(new URLSearchParams(q));
let kebayoran: Actor; // represents kecamatan Kebayoran Lama (3171050)
let colleague: Actor; // represents the whole of Jakarta Selatan (3171)
let pusat: Actor; // represents Jakarta Pusat (3173)
let admin: Actor;
let overdueCase: string, votingCase: string, doneCase: string, pusatCase: string, plainReport: string;
let winner: string;
let reporter: string;

async function dprd(regionCodes: string[]): Promise<Actor> {
  const u = await createUser("dprd");
  for (const code of regionCodes) await db.userRegion.create({ data: { userId: u.id, regionCode: code } });
  await db.user.update({ where: { id: u.id }, data: { name: `Anggota ${regionCodes.join("+")}` } });
  return { id: u.id, role: "dprd", agencyId: null, regionCodes };
}

beforeAll(async () => {
  await prepareDatabase();
  kebayoran = await dprd(["3171050"]);
  colleague = await dprd(["3171"]);
  pusat = await dprd(["3173"]);
  admin = { id: (await createUser("admin")).id, role: "admin", agencyId: null, regionCodes: [] };
  const citizens = await Promise.all([createUser(), createUser(), createUser(), createUser(), createUser()]);
  reporter = citizens[0]!.id;
  const warga = (i: number): Actor => ({ id: citizens[i]!.id, role: "warga", agencyId: null, regionCodes: [] });
  const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" } })).id;
  const file = async (title: string, extra: Record<string, string> = {}) => (await fileReport(citizens[0]!.id, { ...validReport, title, ...extra }, [])).id;
  overdueCase = await file("Jalan amblas di Jl. Ciputat Raya");
  votingCase = await file("Trotoar rusak di depan pasar");
  await db.follow.create({ data: { userId: reporter, targetType: "report", targetId: votingCase } });
  doneCase = await file("Lampu jalan mati di Jl. Kesehatan", { categorySlug: "fasilitas-umum" });
  pusatCase = await file("Saluran tersumbat di Gambir", { kelurahanCode: "3173010001", lat: "-6.17", lng: "106.83" });
  plainReport = await file("Laporan tanpa musyawarah");
  // Reported on 20 Nov 2026 at 23:30 WIB (16:30 UTC): a Jakarta day, whatever the server's zone.
  await db.report.update({ where: { id: doneCase }, data: { createdAt: new Date("2026-11-20T16:30:00Z") } });
  await db.deliberation.create({ data: { reportId: overdueCase, state: "ke_instansi", agencyId: binaMarga, sentAt: new Date(now.getTime() - 20 * DAY), dueAt: new Date(now.getTime() - 3 * DAY), summary: "Warga sepakat jalan ditinggikan." } });
  // Proposals come before the vote opens (they close when it does).
  winner = (await createProposal(warga(1), votingCase, { title: "Perbaiki trotoar dengan paving block", text: "Ganti paving yang pecah dan ratakan." })).id;
  await createProposal(warga(2), votingCase, { title: "Pasang pembatas sementara", text: "Pagar sementara sampai diperbaiki." });
  const voting = await db.deliberation.create({ data: { reportId: votingCase, state: "pemungutan_suara", votingClosesAt: new Date(now.getTime() + 2 * DAY) } });
  await db.deliberation.create({ data: { reportId: doneCase, state: "selesai", agencyId: binaMarga, sentAt: new Date(now.getTime() - 10 * DAY), answeredAt: new Date(now.getTime() - 7 * DAY), answer: "diterima" } });
  await db.deliberation.create({ data: { reportId: pusatCase, state: "musyawarah" } });
  // The open vote draws the most people: 4 ballots, 2 comments, 2 proposals.
  for (let i = 0; i < 4; i++) await db.ballot.create({ data: { deliberationId: voting.id, userId: citizens[i]!.id, choices: "{}", receipt: `r-${voting.id}-${i}` } });
  await postComment(warga(1), { reportId: votingCase, text: "Sudah tiga bulan rusak." });
  await postComment(warga(2), { reportId: votingCase, text: "Setuju diperbaiki." });
});

describe("the DPRD desk", () => {
  it("shows a member the dossiers of the regions they represent, and refuses other roles", async () => {
    const ids = async (a: Actor, q = "") => (await findDossiers(a, filters(q), now)).map((d) => d.reportId).sort();
    expect(await ids(kebayoran)).toEqual([overdueCase, votingCase, doneCase].sort());
    expect(await ids(colleague)).toEqual([overdueCase, votingCase, doneCase].sort());
    expect(await ids(pusat)).toEqual([pusatCase]);
    expect(await ids(admin)).toEqual([overdueCase, votingCase, doneCase, pusatCase].sort());
    expect(await ids(kebayoran)).not.toContain(plainReport); // no deliberation, no dossier
    for (const role of ["warga", "petugas", "fasilitator"] as const) {
      await expect(findDossiers({ id: kebayoran.id, role, agencyId: null, regionCodes: ["3171050"] }, filters())).rejects.toMatchObject({ status: 403 });
    }
    await expect(getDossier(pusat, votingCase)).rejects.toMatchObject({ status: 403, code: "errors.dprd_out_of_scope" });
  });

  it("orders by urgency and by participation", async () => {
    const urgent = await findDossiers(kebayoran, filters(), now);
    expect(urgent.map((d) => d.reportId)).toEqual([overdueCase, votingCase, doneCase]);
    expect(urgent[0]).toMatchObject({ overdue: true, agencyName: "Dinas Bina Marga" });
    const busy = await findDossiers(kebayoran, filters("urut=partisipasi"), now);
    expect(busy[0]).toMatchObject({ reportId: votingCase, voters: 4, comments: 2, proposals: 2 });
    expect(busy.find((d) => d.reportId === doneCase)).toMatchObject({ answer: "diterima", answerDays: 3 });
    const page = await dossierPage(kebayoran, filters(), 1, now);
    expect(page).toMatchObject({ total: 3, overdue: 1, regionNames: ["Kebayoran Lama"] });
  });

  it("filters by phase, overdue, category, agency, region and a date range in Jakarta days", async () => {
    const ids = async (q: string) => (await findDossiers(admin, filters(q), now)).map((d) => d.reportId);
    expect(await ids("fase=pemungutan_suara")).toEqual([votingCase]);
    expect(await ids("terlambat=1")).toEqual([overdueCase]);
    expect(await ids("terlambat=1&fase=ke_instansi")).toEqual([overdueCase]);
    expect(await ids("terlambat=1&fase=musyawarah")).toEqual([]);
    expect(await ids("kategori=fasilitas-umum")).toEqual([doneCase]);
    const binaMarga = (await db.agency.findUniqueOrThrow({ where: { name: "Dinas Bina Marga" } })).id;
    expect((await ids(`instansi=${binaMarga}`)).sort()).toEqual([overdueCase, doneCase].sort());
    expect(await ids("kota=3173")).toEqual([pusatCase]);
    expect(await ids("kelurahan=3173010001")).toEqual([pusatCase]);
    // 16:30 UTC on the 20th is 23:30 WIB on the 20th: inside "20 Nov", outside "from 21 Nov".
    expect(await ids("dari=2026-11-20&sampai=2026-11-20")).toEqual([doneCase]);
    expect(await ids("dari=2026-11-21&sampai=2026-11-21")).toEqual([]);
  });

  it("names a reversed date range instead of showing an empty desk, and filters by neither date", async () => {
    const reversed = filters("dari=2026-11-21&sampai=2026-11-20&fase=selesai");
    expect(reversed).toMatchObject({ reversedRange: { from: "2026-11-21", to: "2026-11-20" }, phase: "selesai" });
    expect(reversed.from).toBeUndefined();
    expect(reversed.to).toBeUndefined();
    // The other filters still hold; the dates do not (before, this found nothing at all).
    expect((await findDossiers(admin, reversed, now)).map((d) => d.reportId)).toEqual([doneCase]);
    expect(filters("dari=2026-11-20&sampai=2026-11-20").reversedRange).toBeUndefined();
  });

  it("shows the last page for a page past the end, never the total over an empty list", async () => {
    const beyond = await dossierPage(kebayoran, filters(), 999, now);
    expect(beyond).toMatchObject({ page: 1, total: 3 });
    expect(beyond.dossiers).toHaveLength(3);
    expect((await dossierPage(kebayoran, filters(), 1, now)).page).toBe(1);
  });
});

describe("the desk's CSV", () => {
  const at = (table: unknown[][], header: string, row: unknown[]) => row[table[0]!.indexOf(header)];

  it("speaks the member's language: phases, categories, answers and yes/no as words, codes in their own columns", async () => {
    const rows = await findDossiers(kebayoran, filters(), now);
    const id = await dossierCsvTable(rows, "id", "https://musyawarah.example");
    expect(id[0]).toEqual([
      "Nomor", "Judul", "Fase", "Wilayah", "Kategori", "Tanggal lapor", "Pemilih", "Komentar", "Usulan", "Partisipasi", "Instansi",
      "Batas jawaban", "Terlambat", "Jawaban instansi", "Hari untuk menjawab", "Usulan pilihan warga", "Hasil pemungutan suara",
      "Dibawa ke rapat", "Tautan", "kode_fase", "kode_kelurahan", "kode_kategori", "kode_jawaban", "kode_hasil",
    ]);
    const overdue = id.find((r) => r[1] === "Jalan amblas di Jl. Ciputat Raya")!;
    expect([at(id, "Fase", overdue), at(id, "Terlambat", overdue), at(id, "Kategori", overdue)]).toEqual(["Ke instansi", "Ya", "Jalan rusak"]);
    expect([at(id, "kode_fase", overdue), at(id, "kode_kelurahan", overdue), at(id, "kode_kategori", overdue)]).toEqual(["ke_instansi", "3171050001", "jalan-rusak"]);
    expect(at(id, "Wilayah", overdue)).toMatch(/^Pondok Pinang, Kebayoran Lama/);
    const done = id.find((r) => r[1] === "Lampu jalan mati di Jl. Kesehatan")!;
    expect([at(id, "Fase", done), at(id, "Jawaban instansi", done), at(id, "Terlambat", done), at(id, "kode_jawaban", done)]).toEqual(["Selesai", "Diterima", "Tidak", "diterima"]);
    expect(at(id, "Kategori", done)).toBe("Fasilitas umum rusak");
    // No word column holds a code.
    for (const row of id.slice(1)) for (const h of ["Fase", "Kategori", "Jawaban instansi", "Hasil pemungutan suara", "Terlambat"]) expect(String(at(id, h, row))).not.toMatch(/^[a-z]+[_-][a-z_-]+$/);

    const en = await dossierCsvTable(rows, "en", "https://musyawarah.example");
    expect(en[0]!.slice(0, 5)).toEqual(["Number", "Title", "Phase", "Region", "Category"]);
    const overdueEn = en.find((r) => r[1] === "Jalan amblas di Jl. Ciputat Raya")!;
    expect([at(en, "Phase", overdueEn), at(en, "Overdue", overdueEn), at(en, "Category", overdueEn), at(en, "phase_code", overdueEn)]).toEqual(["To the agency", "Yes", "Damaged road", "ke_instansi"]);
  });
});

describe("notes, statements, endorsements and hearings", () => {
  it("keeps a private note to its author and publishes a statement on the report's timeline", async () => {
    await addDprdNote(kebayoran, votingCase, { visibility: "private", body: "Cek anggaran kelurahan untuk paving." });
    await addDprdNote(kebayoran, votingCase, { visibility: "public", body: "Saya akan membawa usulan ini ke Komisi D." });
    const mine = await getDossier(kebayoran, votingCase);
    expect(mine.notes.map((n) => [n.visibility, n.body])).toEqual([["public", "Saya akan membawa usulan ini ke Komisi D."], ["private", "Cek anggaran kelurahan untuk paving."]]);
    const theirs = await getDossier(colleague, votingCase);
    expect(theirs.notes.map((n) => n.visibility)).toEqual(["public"]);
    const shown = await publicDprdView(votingCase);
    expect(shown.statements.map((s) => [s.body, s.authorName])).toEqual([["Saya akan membawa usulan ini ke Komisi D.", "Anggota 3171050"]]);
    const events = await db.auditEvent.findMany({ where: { reportId: votingCase, type: { startsWith: "dprd." } } });
    expect(events.map((e) => e.type)).toEqual(["dprd.statement"]); // the private note is not on the public timeline
    // The report's followers are told of the statement (not of the private note).
    await fanOutPending();
    const told = await db.notification.findMany({ where: { userId: reporter, reportId: votingCase, kind: { startsWith: "dprd" } } });
    expect(told.map((n) => [n.kind, n.excerpt])).toEqual([["dprd_statement", "Saya akan membawa usulan ini ke Komisi D."]]);
    // Only the author deletes a note.
    const privateNote = mine.notes.find((n) => n.visibility === "private")!;
    await expect(deleteDprdNote(colleague, privateNote.id)).rejects.toMatchObject({ status: 404 });
    await deleteDprdNote(kebayoran, privateNote.id);
    expect((await getDossier(kebayoran, votingCase)).notes).toHaveLength(1);
  });

  it("refuses bad notes with a reason per field and writes nothing", async () => {
    const before = await db.dprdNote.count();
    const bad: [Record<string, unknown>, string, string][] = [
      [{ visibility: "public", body: "   " }, "body", "errors.note_required"],
      [{ visibility: "public", body: "x".repeat(2001) }, "body", "errors.dprd_note_too_long"],
      [{ visibility: "everyone", body: "Halo" }, "visibility", "errors.note_visibility"],
      [{ visibility: "public" }, "body", "errors.note_required"],
    ];
    for (const [input, field, code] of bad) {
      await expect(addDprdNote(kebayoran, votingCase, input)).rejects.toMatchObject({ status: 422, fields: { [field]: code } });
    }
    await expect(addDprdNote(pusat, votingCase, { visibility: "public", body: "Bukan wilayah saya" })).rejects.toMatchObject({ status: 403 });
    expect(await db.dprdNote.count()).toBe(before);
  });

  it("records an endorsement once, and its withdrawal, on the timeline", async () => {
    await endorseProposal(kebayoran, winner, true);
    await endorseProposal(kebayoran, winner, true);
    await endorseProposal(colleague, winner, true);
    expect((await publicDprdView(votingCase)).endorsedBy[winner]).toEqual(["Anggota 3171050", "Anggota 3171"]);
    expect((await getDossier(kebayoran, votingCase)).proposals.find((p) => p.id === winner)).toMatchObject({ endorsedByMe: true });
    await endorseProposal(colleague, winner, false);
    expect((await publicDprdView(votingCase)).endorsedBy[winner]).toEqual(["Anggota 3171050"]);
    const types = (await db.auditEvent.findMany({ where: { reportId: votingCase, type: { in: ["dprd.endorsed", "dprd.endorsement_withdrawn"] } }, orderBy: { createdAt: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["dprd.endorsed", "dprd.endorsed", "dprd.endorsement_withdrawn"]);
    await expect(endorseProposal(pusat, winner, true)).rejects.toMatchObject({ status: 403 });
  });

  it("marks a hearing on a Jakarta day, shown on the desk and the timeline", async () => {
    await expect(markHearing(kebayoran, overdueCase, { date: "2026-02-31", forum: "" })).rejects.toMatchObject({ status: 422, fields: { date: "errors.hearing_date_invalid" } });
    await expect(markHearing(kebayoran, overdueCase, { date: "2026-12-03", forum: "x".repeat(121) })).rejects.toMatchObject({ status: 422, fields: { forum: "errors.forum_too_long" } });
    await markHearing(kebayoran, overdueCase, { date: "2026-12-03", forum: "Rapat Kerja Komisi D" });
    const row = (await findDossiers(kebayoran, filters(), now)).find((d) => d.reportId === overdueCase)!;
    expect(row.hearingDate?.toISOString()).toBe("2026-12-02T17:00:00.000Z");
    expect((await publicDprdView(overdueCase)).hearings).toEqual([expect.objectContaining({ forum: "Rapat Kerja Komisi D" })]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { reportId: overdueCase, type: "dprd.hearing" } });
    expect(JSON.parse(event.data)).toEqual({ date: "2026-12-02T17:00:00.000Z", forum: "Rapat Kerja Komisi D" });
  });
});

describe("PDF export", () => {
  const fakeJob = (progress: number[]) => ({ attemptsMade: 0, opts: { attempts: 5 }, updateProgress: async (p: number) => void progress.push(p) }) as unknown as Job;

  it("renders the filtered list in the background with progress, in Indonesian, with public statements and never private notes", async () => {
    // For a meeting: the member's private note stays on the desk.
    await addDprdNote(kebayoran, votingCase, { visibility: "private", body: "Catatan pribadi: tanya dulu ke lurah, jangan dicetak." });
    const id = await requestExport(kebayoran, { filters: filters() });
    expect(await getExport(kebayoran, id)).toMatchObject({ status: "antri", total: 3, done: 0 });
    await expect(getExport(colleague, id)).rejects.toMatchObject({ status: 404 }); // another member's export
    const progress: number[] = [];
    await processExportJob(fakeJob(progress), { exportId: id });
    const done = await getExport(kebayoran, id);
    expect(done).toMatchObject({ status: "selesai", done: 3, total: 3 });
    expect(done.size).toBeGreaterThan(5000);
    expect(progress.at(-1)).toBe(100);
    const pdf = await getDocumentProxy(new Uint8Array(await readFile(path.join(exportDir(), `${id}.pdf`))));
    const { text } = await extractText(pdf, { mergePages: true });
    for (const expected of [
      "Daftar berkas musyawarah warga", "Disiapkan untuk Anggota 3171050", "Daftar isi",
      "Jalan amblas di Jl. Ciputat Raya", "Trotoar rusak di depan pasar", "Lampu jalan mati di Jl. Kesehatan",
      "Warga sepakat jalan ditinggikan.", "Perbaiki trotoar dengan paving block", "Didukung anggota DPRD: Anggota 3171050",
      "Saya akan membawa usulan ini ke Komisi D.", "Rapat Kerja Komisi D", "Dinas Bina Marga", "Halaman 1 dari",
    ]) expect(text).toContain(expected);
    expect(text).not.toContain("Saluran tersumbat di Gambir"); // outside the member's regions
    expect(text).not.toContain("jangan dicetak");
    expect(text).not.toContain("Pribadi ·");
    expect(text).toContain("hanya pernyataan publik anggota DPRD yang dicetak");
  });

  it("refuses an empty list, and a dossier outside the member's regions", async () => {
    await expect(requestExport(kebayoran, { filters: filters("fase=aksi_bersama") })).rejects.toMatchObject({ status: 422, code: "errors.export_empty" });
    await expect(requestExport(kebayoran, { reportId: pusatCase })).rejects.toMatchObject({ status: 403 });
    await expect(requestExport({ ...kebayoran, role: "warga" }, { reportId: votingCase })).rejects.toMatchObject({ status: 403 });
  });

  it("marks an export failed, with its reason, when the member no longer represents the region", async () => {
    const id = await requestExport(pusat, { reportId: pusatCase });
    await db.userRegion.deleteMany({ where: { userId: pusat.id } });
    await processExportJob(fakeJob([]), { exportId: id });
    expect(await getExport(pusat, id)).toMatchObject({ status: "gagal", error: "Berkas ini berada di luar wilayah yang Anda wakili." });
  });

  it("rings an export again when its job was lost (Redis down when it was asked for)", async () => {
    const id = await requestExport(kebayoran, { reportId: votingCase });
    expect(await waitingExportIds(60_000)).not.toContain(id); // just asked: its own job is on its way
    expect(await waitingExportIds(60_000, new Date(Date.now() + 61_000))).toContain(id);
    await processExportJob(fakeJob([]), { exportId: id });
    expect(await waitingExportIds(60_000, new Date(Date.now() + 61_000))).not.toContain(id);
    // A week later the file and its row are gone.
    const file = path.join(exportDir(), `${id}.pdf`);
    await readFile(file);
    expect(await purgeOldExports(new Date(Date.now() + EXPORT_KEEP_MS - 60_000))).toBe(0);
    expect(await purgeOldExports(new Date(Date.now() + EXPORT_KEEP_MS + 60_000))).toBeGreaterThan(0);
    await expect(readFile(file)).rejects.toThrow();
    expect(await db.exportJob.count({ where: { id } })).toBe(0);
  });
});
