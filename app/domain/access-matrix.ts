import type { Role } from "./roles";

// Who may do what, as one table: every restricted page, every form action and every tRPC procedure, for each
// kind of visitor. The rules themselves live in the services (checked on the server for every request); this
// table is the policy they must match, and tests/e2e/authorization-matrix.test.ts calls each entry as each
// visitor against the running server.
//
// The visitors, all around one report in Kebayoran Lama (Jakarta Selatan) about a damaged road:
//   anonim       not signed in
//   warga        a signed-in citizen with no tie to the report
//   penulis      the citizen who wrote the proposal and the comments used below
//   fasilitator  the fasilitator of the report's kecamatan
//   petugas      an officer of the agency the report is routed to (Dinas Bina Marga)
//   dprd         the DPRD member for the report's kota
//   admin        an administrator
// Authentication itself (/masuk, /daftar, /keluar) has its own tests (security-http); the machine endpoints are
// here only to show that no visitor's session gets in — their signatures, api_key and token scopes: host-api.
export type Visitor = "anonim" | "warga" | "penulis" | Exclude<Role, "warga">;
export const VISITORS: readonly Visitor[] = ["anonim", "warga", "penulis", "petugas", "dprd", "fasilitator", "admin"];

export interface AccessRule {
  /** What is done, in words a reviewer reads. */
  what: string;
  method: "GET" | "POST";
  /** With placeholders :report, :proposal, :comment.<name>, :user, :agency, :deadLetter,
  * :author, :argument, :amendment, :task, :note, :export, :host, :token; tRPC paths start with /api/trpc/. */
  path: string;
  /** Form fields besides the CSRF token (placeholders allowed in values). */
  fields?: Record<string, string>;
  allow: readonly Visitor[];
}

const EVERYONE = VISITORS;
const SIGNED_IN: readonly Visitor[] = VISITORS.filter((v) => v !== "anonim");
const ADMIN: readonly Visitor[] = ["admin"];

export const ACCESS_MATRIX: readonly AccessRule[] = [
  // Public pages and reads.
  { what: "read the report list", method: "GET", path: "/", allow: EVERYONE },
  { what: "read a report", method: "GET", path: "/laporan/:report", allow: EVERYONE },
  { what: "read a proposal", method: "GET", path: "/usulan/:proposal", allow: EVERYONE },
  { what: "read the map", method: "GET", path: "/peta", allow: EVERYONE },
  { what: "read the public dashboard", method: "GET", path: "/dasbor", allow: EVERYONE },
  { what: "read an outcome as open data", method: "GET", path: "/hasil.json", allow: EVERYONE },
  { what: "tRPC reports.list", method: "GET", path: "/api/trpc/reports.list", allow: EVERYONE },
  { what: "tRPC reports.byId", method: "GET", path: "/api/trpc/reports.byId?input=%7B%22id%22%3A%22:report%22%7D", allow: EVERYONE },
  { what: "tRPC reference.categories", method: "GET", path: "/api/trpc/reference.categories", allow: EVERYONE },
  { what: "tRPC reference.regions", method: "GET", path: "/api/trpc/reference.regions", allow: EVERYONE },
  { what: "tRPC deliberations.byReport", method: "GET", path: "/api/trpc/deliberations.byReport?input=%7B%22reportId%22%3A%22:report%22%7D", allow: EVERYONE },
  // Host procedures take an API token with a scope, never a session (scopes: tests/e2e/host-api.test.ts).
  { what: "tRPC host.reports.outcome", method: "GET", path: "/api/trpc/host.reports.outcome?input=%7B%22externalId%22%3A%22x%22%7D", allow: [] },
  { what: "tRPC host.changes", method: "GET", path: "/api/trpc/host.changes", allow: [] },
  { what: "tRPC host.reports.deliberation", method: "GET", path: "/api/trpc/host.reports.deliberation?input=%7B%22externalId%22%3A%22x%22%7D", allow: [] },
  { what: "tRPC host.reports.setStatus", method: "POST", path: "/api/trpc/host.reports.setStatus", allow: [] },
  { what: "tRPC host.reports.upsert", method: "POST", path: "/api/trpc/host.reports.upsert", allow: [] },
  // Machine endpoints: a session or a form token is never enough (signatures and api_key: host-api tests).
  { what: "push a report event as a host system", method: "POST", path: "/hooks/reports?host=matriks", fields: { type: "report.upserted" }, allow: [] },
  { what: "file an Open311 request", method: "POST", path: "/open311/v2/requests.json", fields: { service_code: "jalan-rusak", description: "Jalan rusak" }, allow: [] },

  // Citizens' own pages and writes.
  { what: "open the report form", method: "GET", path: "/laporan/baru", allow: SIGNED_IN },
  { what: "file a report", method: "POST", path: "/laporan/baru", fields: { title: "" }, allow: SIGNED_IN },
  { what: "open the proposal form", method: "GET", path: "/laporan/:report/usulan-baru", allow: SIGNED_IN },
  { what: "propose a solution", method: "POST", path: "/laporan/:report/usulan-baru", fields: { title: "" }, allow: SIGNED_IN },
  { what: "comment on a report", method: "POST", path: "/laporan/:report", fields: { intent: "comment.post", text: "Setuju, ini perlu segera." }, allow: SIGNED_IN },
  { what: "follow a report", method: "POST", path: "/laporan/:report", fields: { intent: "follow", back: "/laporan/:report" }, allow: SIGNED_IN },
  { what: "argue for a proposal", method: "POST", path: "/usulan/:proposal", fields: { intent: "argument.add", side: "pro", text: "Ini cara paling tahan lama." }, allow: SIGNED_IN },
  { what: "read one's notifications", method: "GET", path: "/notifikasi", allow: SIGNED_IN },
  { what: "mark notifications read", method: "POST", path: "/notifikasi", fields: { intent: "read" }, allow: SIGNED_IN },
  { what: "agree with a comment", method: "POST", path: "/laporan/:report", fields: { intent: "comment.agree", target: ":comment.flagged" }, allow: SIGNED_IN },
  { what: "flag a comment to the fasilitator", method: "POST", path: "/laporan/:report", fields: { intent: "comment.flag", target: ":comment.edit", reason: "spam" }, allow: SIGNED_IN },
  { what: "unfollow a report", method: "POST", path: "/laporan/:report", fields: { intent: "unfollow", back: "/laporan/:report" }, allow: SIGNED_IN },
  { what: "agree with an argument", method: "POST", path: "/usulan/:proposal", fields: { intent: "argument.agree", target: ":argument" }, allow: SIGNED_IN },
  { what: "suggest a change to a proposal", method: "POST", path: "/usulan/:proposal/perubahan", fields: { title: "" }, allow: SIGNED_IN },
  { what: "cast a ballot", method: "POST", path: "/laporan/:report", fields: { intent: "case.vote" }, allow: SIGNED_IN },
  { what: "sign up for a joint-action task", method: "POST", path: "/laporan/:report", fields: { intent: "case.join", target: ":task" }, allow: SIGNED_IN },
  { what: "withdraw from a joint-action task", method: "POST", path: "/laporan/:report", fields: { intent: "case.leave", target: ":task" }, allow: SIGNED_IN },
  { what: "rate the outcome (participants, once the case is done)", method: "POST", path: "/laporan/:report", fields: { intent: "case.rate", score: "4" }, allow: SIGNED_IN },
  { what: "choose how notifications are e-mailed", method: "POST", path: "/notifikasi", fields: { intent: "email", emailNotifications: "daily" }, allow: SIGNED_IN },
  { what: "edit one's comment", method: "POST", path: "/laporan/:report", fields: { intent: "comment.edit", target: ":comment.edit", text: "Diperbaiki." }, allow: ["penulis"] },
  { what: "delete one's comment", method: "POST", path: "/laporan/:report", fields: { intent: "comment.delete", target: ":comment.delete" }, allow: ["penulis"] },
  { what: "open one's proposal for a new version", method: "GET", path: "/usulan/:proposal/ubah", allow: ["penulis"] },
  { what: "publish a new version of one's proposal", method: "POST", path: "/usulan/:proposal/ubah", fields: { title: "" }, allow: ["penulis"] },
  { what: "accept or decline a suggested change to one's proposal", method: "POST", path: "/usulan/:proposal", fields: { intent: "amendment.decide", target: ":amendment", decision: "declined" }, allow: ["penulis"] },

  // Fasilitator of the region (and admin).
  { what: "open the moderation queue", method: "GET", path: "/moderasi", allow: ["fasilitator", "admin"] },
  { what: "hide a comment with a reason", method: "POST", path: "/laporan/:report", fields: { intent: "comment.hide", target: ":comment.hide", reason: "Menyerang pribadi." }, allow: ["fasilitator", "admin"] },
  { what: "dismiss a comment's flags", method: "POST", path: "/laporan/:report", fields: { intent: "comment.dismiss", target: ":comment.flagged" }, allow: ["fasilitator", "admin"] },
  { what: "suspend a citizen from the region's forum", method: "POST", path: "/moderasi", fields: { intent: "user.suspend", target: ":author", regionCode: "3171050", days: "1", reason: "Berulang kali menyerang pribadi." }, allow: ["fasilitator", "admin"] },
  { what: "merge a duplicate proposal", method: "POST", path: "/usulan/:proposal", fields: { intent: "proposal.merge", into: "" }, allow: ["fasilitator", "admin"] },
  { what: "configure the deliberation", method: "POST", path: "/laporan/:report", fields: { intent: "case.configure" }, allow: ["fasilitator", "admin"] },
  { what: "open voting", method: "POST", path: "/laporan/:report", fields: { intent: "case.step", event: "open_voting" }, allow: ["fasilitator", "admin"] },

  // The responsible agency's officers (and admin).
  { what: "open the agency desk", method: "GET", path: "/instansi", allow: ["petugas", "admin"] },
  { what: "change the report's status", method: "POST", path: "/laporan/:report", fields: { status: "diproses", note: "" }, allow: ["petugas", "admin"] },
  { what: "open the progress form", method: "GET", path: "/laporan/:report/perkembangan", allow: ["petugas", "admin"] },
  { what: "post the agency's progress", method: "POST", path: "/laporan/:report", fields: { intent: "case.progress", note: "Survei lokasi selesai." }, allow: ["petugas", "admin"] },
  { what: "add a joint-action task", method: "POST", path: "/laporan/:report", fields: { intent: "case.task", title: "Kerja bakti Sabtu" }, allow: ["petugas", "fasilitator", "admin"] },

  // DPRD members of the region (and admin).
  { what: "open the DPRD desk", method: "GET", path: "/dprd", allow: ["dprd", "admin"] },
  { what: "download the desk's CSV", method: "GET", path: "/dprd/berkas.csv", allow: ["dprd", "admin"] },
  { what: "open a dossier", method: "GET", path: "/dprd/berkas/:report", allow: ["dprd", "admin"] },
  { what: "write a DPRD note", method: "POST", path: "/dprd/berkas/:report", fields: { intent: "note", visibility: "private", body: "Catatan." }, allow: ["dprd", "admin"] },
  { what: "mark a hearing", method: "POST", path: "/dprd/berkas/:report", fields: { intent: "hearing", date: "2026-12-03" }, allow: ["dprd", "admin"] },
  { what: "export the desk as PDF", method: "POST", path: "/dprd", fields: { query: "" }, allow: ["dprd", "admin"] },
  { what: "export a dossier as PDF", method: "POST", path: "/dprd/berkas/:report", fields: { intent: "export" }, allow: ["dprd", "admin"] },
  { what: "endorse a citizen solution", method: "POST", path: "/dprd/berkas/:report", fields: { intent: "endorse", proposalId: ":proposal" }, allow: ["dprd", "admin"] },
  { what: "withdraw an endorsement", method: "POST", path: "/dprd/berkas/:report", fields: { intent: "unendorse", proposalId: ":proposal" }, allow: ["dprd", "admin"] },
  { what: "delete one's DPRD note", method: "POST", path: "/dprd/berkas/:report", fields: { intent: "note.delete", noteId: ":note" }, allow: ["dprd"] },
  { what: "follow one's PDF export", method: "GET", path: "/dprd/ekspor/:export", allow: ["dprd"] },
  { what: "download one's PDF export", method: "GET", path: "/dprd/ekspor/:export.pdf", allow: ["dprd"] },

  // Administration.
  { what: "list users", method: "GET", path: "/admin/pengguna", allow: ADMIN },
  { what: "change a user's role", method: "POST", path: "/admin/pengguna/:user", fields: { role: "warga" }, allow: ADMIN },
  { what: "list agencies", method: "GET", path: "/admin/instansi", allow: ADMIN },
  { what: "edit an agency", method: "POST", path: "/admin/instansi/:agency", fields: { name: "" }, allow: ADMIN },
  { what: "set category defaults", method: "GET", path: "/admin/kategori", allow: ADMIN },
  { what: "save category defaults", method: "POST", path: "/admin/kategori", fields: {}, allow: ADMIN },
  { what: "see deliveries and dead letters", method: "GET", path: "/admin/kiriman", allow: ADMIN },
  { what: "retry a dead letter", method: "POST", path: "/admin/kiriman", fields: { id: ":deadLetter" }, allow: ADMIN },
  { what: "manage host systems", method: "GET", path: "/admin/sistem", allow: ADMIN },
  { what: "create a host system", method: "POST", path: "/admin/sistem", fields: { intent: "host.create", slug: "", name: "" }, allow: ADMIN },
  { what: "set a host system's webhook", method: "POST", path: "/admin/sistem", fields: { intent: "host.webhook", hostId: ":host", webhookUrl: "" }, allow: ADMIN },
  { what: "make an API token", method: "POST", path: "/admin/sistem", fields: { intent: "token.create", hostId: ":host", name: "" }, allow: ADMIN },
  { what: "revoke an API token", method: "POST", path: "/admin/sistem", fields: { intent: "token.revoke", tokenId: ":token" }, allow: ADMIN },
  { what: "set an agency's webhook", method: "POST", path: "/admin/instansi/:agency", fields: { intent: "webhook", webhookUrl: "" }, allow: ADMIN },
  { what: "delete an Open311 mapping", method: "POST", path: "/admin/layanan", fields: { intent: "delete", serviceCode: "matriks-1" }, allow: ADMIN },
  { what: "map Open311 services", method: "GET", path: "/admin/layanan", allow: ADMIN },
  { what: "save an Open311 mapping", method: "POST", path: "/admin/layanan", fields: { serviceCode: "" }, allow: ADMIN },
];
