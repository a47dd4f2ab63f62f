// Demo deliberations for `npm run db:seed`, made through the same services people use (with their clocks
// set back where a case needs a past), so a fresh install shows every stage: a thread with proposals and
// open voting, a case overdue at the agency (taken up by the region's DPRD member), and a finished case with joint action and ratings.
import { db } from "~/db.server";
import { monthKey } from "~/domain/dashboard";
import { jakartaDay } from "~/i18n/format";
import { newWebhookSecret } from "~/services/signed-webhook.server";
import type { Actor } from "~/domain/roles";
import { castBallot } from "~/services/cases/ballots.server";
import { configureCase } from "~/services/cases/case-setup.server";
import { advancePhase, takeStep } from "~/services/cases/case-steps.server";
import { addJointTask, signUpForTask } from "~/services/cases/joint-action.server";
import { rateOutcome } from "~/services/cases/outcome-rating.server";
import { addDprdNote, endorseProposal, markHearing } from "~/services/dprd.server";
import { createProposal, addArgument } from "~/services/proposals.server";
import { fileReport } from "~/services/reports.server";
import { confirmFix } from "~/services/cases/fix-confirmation.server";
import { addResultProgress } from "~/services/results.server";
import { postComment } from "~/services/threads.server";

const DAY = 86_400_000;
const KELURAHAN = "3171050001"; // Pondok Pinang: the demo fasilitator's kecamatan (Kebayoran Lama)

async function actorByEmail(email: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, role: true, agencyId: true, regions: { select: { regionCode: true } } } });
  return { id: u.id, role: u.role as Actor["role"], agencyId: u.agencyId, regionCodes: u.regions.map((r) => r.regionCode) };
}

const warga = (id: string): Actor => ({ id, role: "warga", agencyId: null, regionCodes: [] });

async function report(reporter: Actor, title: string, description: string) {
  return (await fileReport(reporter.id, { categorySlug: "jalan-rusak", title, description, kelurahanCode: KELURAHAN, lat: "-6.2665", lng: "106.7790" }, [])).id;
}

/** Runs a case from configuration through the count, at `t0` and after. */
async function voteAndCount(fasil: Actor, reportId: string, proposals: string[], voters: Actor[], choose: (i: number) => Record<string, "support" | "oppose" | "pass">, t0: number) {
  await configureCase(fasil, reportId, {
    type: "approval", quorum: 3, minSupportPercent: 50, eligibility: "semua", summary: "Warga sepakat lubang harus ditutup sebelum musim hujan.",
    votingOpensAt: new Date(t0 + 3600_000).toISOString(), votingClosesAt: new Date(t0 + 2 * DAY).toISOString(),
  }, new Date(t0));
  const c = await db.deliberation.findUniqueOrThrow({ where: { reportId }, select: { id: true, planVersion: true } });
  await advancePhase(c.id, "open_voting", c.planVersion, new Date(t0 + 2 * 3600_000));
  for (const [i, v] of voters.entries()) {
    const raw = choose(i);
    await castBallot(v, reportId, Object.fromEntries(Object.entries(raw).map(([k, s]) => [proposals[Number(k)]!, s])), new Date(t0 + 3 * 3600_000));
  }
  await advancePhase(c.id, "close_voting", c.planVersion, new Date(t0 + 2 * DAY + 60_000));
}

export async function seedDeliberations(): Promise<number> {
  if ((await db.deliberation.count()) > 0) return 0;
  const fasil = await actorByEmail("fasilitator@musyawarah.id");
  const petugas = await actorByEmail("petugas@musyawarah.id");
  const citizens = (await db.user.findMany({ where: { email: { endsWith: "@contoh.musyawarah.id" } }, orderBy: { email: "asc" }, take: 8, select: { id: true } })).map((u) => warga(u.id));
  const now = Date.now();

  // 1. Open voting, with a lively thread.
  const r1 = await report(citizens[0]!, "Jalan berlubang besar di Jl. Ciputat Raya depan pasar", "Lubang selebar satu meter di lajur kiri, sudah dua motor jatuh minggu ini. Saat hujan lubang tertutup genangan dan tidak terlihat.");
  // As if it came from a host system: its embedded deliberation is /sematkan/JAKI-DEMO-1?sistem=jaki-demo.
  await db.hostSystem.upsert({ where: { slug: "jaki-demo" }, create: { slug: "jaki-demo", name: "JAKI (demo)", inboundSecret: newWebhookSecret(), embedOrigins: "http://localhost:8080" }, update: {} });
  await db.report.update({ where: { id: r1 }, data: { source: "host", hostSystem: "jaki-demo", externalId: "JAKI-DEMO-1" } });
  const c1 = await postComment(citizens[1]!, { reportId: r1, text: "Betul, tadi pagi saya hampir jatuh di situ. Perlu tanda peringatan secepatnya." });
  await postComment(citizens[0]!, { reportId: r1, parentId: c1.id, text: "Sudah saya pasangi ban bekas sebagai tanda, tapi itu sementara saja." });
  await postComment(citizens[2]!, { reportId: r1, text: "Lubang ini sudah tiga kali ditambal dan selalu rusak lagi. Drainase di sisi jalan tersumbat, air menggenang lalu merusak aspal.\n\n- bersihkan saluran dulu\n- baru tambal" });
  const p1 = [
    (await createProposal(citizens[1]!, r1, { title: "Tambal dengan aspal panas dan pasang rambu", text: "Tambal permanen dengan aspal panas, pasang rambu peringatan selama pengerjaan.", costRupiah: "15000000", jointAction: "Warga RT 03 menjaga lalu lintas saat pengerjaan." })).id,
    (await createProposal(citizens[2]!, r1, { title: "Bersihkan saluran dulu, baru tambal", text: "Saluran air di sisi kiri jalan dibersihkan dan diperbaiki, setelah itu lubang ditambal agar tidak rusak lagi.", costRupiah: "35000000", jointAction: "Kerja bakti membersihkan saluran setiap Sabtu pagi." })).id,
    (await createProposal(citizens[3]!, r1, { title: "Tutup sementara dengan pelat baja", text: "Pasang pelat baja sementara sampai anggaran perbaikan tersedia." })).id,
  ];
  await addArgument(citizens[4]!, p1[1]!, { side: "pro", text: "Kalau saluran tidak dibenahi, tambalan akan rusak lagi saat musim hujan." });
  await addArgument(citizens[5]!, p1[1]!, { side: "con", text: "Lebih mahal dan lebih lama; lubangnya berbahaya sekarang." });
  await configureCase(fasil, r1, {
    type: "approval", quorum: 5, minSupportPercent: 50, eligibility: "semua", summary: "Tiga usulan: tambal segera, benahi saluran dulu, atau pelat sementara.",
    discussionEndsAt: new Date(now - 3600_000).toISOString(), votingOpensAt: new Date(now - 3600_000).toISOString(), votingClosesAt: new Date(now + 3 * DAY).toISOString(),
  }, new Date(now - 2 * 3600_000));
  await takeStep(fasil, r1, "open_voting");
  for (const [i, v] of citizens.slice(0, 4).entries()) {
    await castBallot(v, r1, { [p1[0]!]: i % 2 ? "support" : "pass", [p1[1]!]: "support", [p1[2]!]: i === 3 ? "support" : "oppose" });
  }

  // 2. At the agency, answer overdue.
  const t2 = now - 20 * DAY;
  const r2 = await report(citizens[4]!, "Aspal mengelupas sepanjang Jl. Kesehatan", "Aspal mengelupas hampir 50 meter, kerikil berserakan dan membahayakan pengendara.");
  const p2 = [
    (await createProposal(citizens[4]!, r2, { title: "Lapis ulang aspal 50 meter", text: "Lapis ulang seluruh bagian yang mengelupas.", costRupiah: "60000000" })).id,
    (await createProposal(citizens[5]!, r2, { title: "Sapu kerikil dan tambal titik terparah", text: "Bersihkan kerikil hari ini, tambal tiga titik terparah." })).id,
  ];
  await voteAndCount(fasil, r2, p2, citizens.slice(0, 4), (i) => ({ 0: "support", 1: i === 0 ? "support" : "oppose" }), t2);
  // The region's DPRD member has picked it up: a private note, a public statement, an endorsement, a hearing.
  const dprd = await actorByEmail("dprd@musyawarah.id");
  await addDprdNote(dprd, r2, { visibility: "private", body: "Tanyakan ke Dinas Bina Marga kenapa jawaban terlambat; cek anggaran pemeliharaan jalan." });
  await addDprdNote(dprd, r2, { visibility: "public", body: "Saya mendukung usulan warga dan akan menanyakan keterlambatan jawaban Dinas Bina Marga dalam rapat Komisi D." });
  await endorseProposal(dprd, p2[0]!, true);
  await markHearing(dprd, r2, { date: jakartaDay(new Date(now + 7 * DAY)), forum: "Rapat Kerja Komisi D" });

  // 3. Done: accepted, joint action, completed, rated.
  const t3 = now - 30 * DAY;
  const r3 = await report(citizens[6]!, "Lubang di tikungan Jl. Pondok Pinang Raya", "Lubang di tikungan, tidak terlihat dari arah selatan.");
  const p3 = [
    (await createProposal(citizens[6]!, r3, { title: "Tambal dan cat marka tikungan", text: "Tambal lubang dan cat ulang marka tikungan.", jointAction: "Warga mengecat ulang pembatas jalan." })).id,
    (await createProposal(citizens[7]!, r3, { title: "Pasang cermin tikungan", text: "Pasang cermin cembung di tikungan." })).id,
  ];
  await voteAndCount(fasil, r3, p3, citizens.slice(2, 7), (i) => ({ 0: "support", 1: i < 2 ? "support" : "pass" }), t3);
  await takeStep(petugas, r3, "answer", { kind: "terima", cost: "18.500.000", period: monthKey(new Date(t3 + 10 * DAY)), unit: "Suku Dinas Bina Marga Jakarta Selatan" }, new Date(t3 + 5 * DAY));
  await addJointTask(fasil, r3, { title: "Kerja bakti mengecat pembatas jalan", when: "Sabtu 07.00", capacity: "10" });
  const task = await db.jointTask.findFirstOrThrow({ where: { deliberation: { reportId: r3 } }, select: { id: true } });
  for (const v of citizens.slice(2, 6)) await signUpForTask(v, task.id, true);
  await takeStep(fasil, r3, "start_joint_action", {}, new Date(t3 + 8 * DAY));
  const result3 = await db.result.findFirstOrThrow({ where: { deliberation: { reportId: r3 } }, select: { id: true } });
  await addResultProgress(petugas, result3.id, { status: "selesai", progress: "100", note: "Lubang sudah ditambal; marka dicat ulang bersama warga." });
  await takeStep(petugas, r3, "complete", {}, new Date(t3 + 12 * DAY));
  for (const [i, v] of citizens.slice(2, 6).entries()) await rateOutcome(v, r3, { score: [5, 4, 5, 4][i], comment: i === 0 ? "Cepat dan rapi, terima kasih." : "" });

  // 4. Accepted in part: a result in progress with its timeline (/hasil-kerja shows it).
  const t4 = now - 15 * DAY;
  const r4 = await report(citizens[1]!, "Trotoar rusak dan saluran tertutup di Jl. Pondok Pinang Timur", "Trotoar ambles di tiga titik dan saluran di bawahnya tertutup sampah; pejalan kaki turun ke jalan.");
  const p4 = [
    (await createProposal(citizens[1]!, r4, { title: "Perbaiki trotoar dan bersihkan saluran", text: "Perbaiki trotoar yang ambles, bersihkan saluran di bawahnya, pasang penutup saluran baru.", costRupiah: "80000000" })).id,
    (await createProposal(citizens[3]!, r4, { title: "Pasang pagar pengaman sementara", text: "Pagar pengaman di titik ambles sampai perbaikan." })).id,
  ];
  await voteAndCount(fasil, r4, p4, citizens.slice(0, 5), (i) => ({ 0: "support", 1: i < 2 ? "support" : "pass" }), t4);
  await takeStep(petugas, r4, "answer", {
    kind: "sebagian",
    note: "Trotoar dan saluran kami kerjakan tahun ini; penutup saluran baru masuk usulan anggaran berikutnya.",
    "item-0-title": "Perbaiki trotoar yang ambles", "item-0-decision": "terima", "item-0-cost": "45.000.000", "item-0-period": monthKey(new Date(now + 60 * DAY)), "item-0-unit": "Suku Dinas Bina Marga Jakarta Selatan",
    "item-1-title": "Bersihkan saluran di bawah trotoar", "item-1-decision": "terima", "item-1-cost": "8.000.000", "item-1-period": monthKey(new Date(now + 30 * DAY)), "item-1-unit": "Suku Dinas Sumber Daya Air Jakarta Selatan",
    "item-2-title": "Pasang penutup saluran baru", "item-2-decision": "tolak", "item-2-reason": "Penutup saluran baru memerlukan pengadaan yang belum dianggarkan tahun ini; kami ajukan di APBD perubahan.", "item-2-basis": "regulasi", "item-2-regulation": "Pergub DKI tentang pengadaan barang/jasa",
  }, new Date(t4 + 4 * DAY));
  const items4 = await db.result.findMany({ where: { deliberation: { reportId: r4 }, parentId: { not: null } }, orderBy: { createdAt: "asc" }, select: { id: true, title: true } });
  const drain = items4.find((r) => r.title.startsWith("Bersihkan"))!;
  const walk = items4.find((r) => r.title.startsWith("Perbaiki"))!;
  await addResultProgress(petugas, drain.id, { status: "berjalan", progress: "40", note: "Sampah di saluran sepanjang 30 meter sudah diangkat." });
  await addResultProgress(petugas, drain.id, { status: "selesai", progress: "", note: "Saluran bersih dan air mengalir; dicek bersama Ketua RT 05." });
  await addResultProgress(petugas, walk.id, { status: "pengadaan", progress: "", note: "Material paving sudah dipesan; pengerjaan dimulai pekan depan." });

  // 5. A counter-proposal from the agency, waiting for the deliberation's answer.
  const t5 = now - 6 * DAY;
  const r5 = await report(citizens[5]!, "Genangan di perempatan Jl. Haji Saidi setiap hujan", "Air menggenang setinggi mata kaki di perempatan setiap hujan deras, motor mogok.");
  const p5 = [
    (await createProposal(citizens[5]!, r5, { title: "Bangun sumur resapan di perempatan", text: "Bangun dua sumur resapan di sudut perempatan.", costRupiah: "120000000" })).id,
    (await createProposal(citizens[6]!, r5, { title: "Perlebar saluran ke kali", text: "Perlebar saluran dari perempatan ke kali terdekat." })).id,
  ];
  await voteAndCount(fasil, r5, p5, citizens.slice(1, 6), (i) => ({ 0: "support", 1: i < 1 ? "support" : "oppose" }), t5);
  await takeStep(petugas, r5, "answer", {
    kind: "alternatif",
    alternativeText: "Sumur resapan tidak cocok di tanah ini (muka air tanah tinggi). Kami usulkan mengeruk dan memperlebar saluran yang ada ke arah kali, dan memasang pompa mobile saat hujan deras.",
    "alt-cost": "65.000.000", "alt-period": monthKey(new Date(now + 90 * DAY)), "alt-unit": "Suku Dinas Sumber Daya Air Jakarta Selatan",
  }, new Date(t5 + 3 * DAY));

  // 6. Fixed, then reopened by its reporter ("belum diperbaiki"): back with the agency under a new deadline.
  const t6 = now - 25 * DAY;
  const r6 = await report(citizens[2]!, "Lampu penerangan jalan mati di Jl. Deplu Raya", "Tiga lampu berturut-turut mati, jalan gelap total setelah magrib.");
  const p6 = [(await createProposal(citizens[2]!, r6, { title: "Ganti tiga lampu dan periksa kabelnya", text: "Ganti lampu yang mati dan periksa sambungan kabel di tiang." })).id];
  await voteAndCount(fasil, r6, p6, citizens.slice(0, 4), () => ({ 0: "support" }), t6);
  await takeStep(petugas, r6, "answer", { kind: "terima", cost: "4.500.000", period: monthKey(new Date(t6 + 10 * DAY)), unit: "Suku Dinas Bina Marga Jakarta Selatan" }, new Date(t6 + 3 * DAY));
  await takeStep(petugas, r6, "complete", {}, new Date(t6 + 8 * DAY));
  await confirmFix(citizens[2]!, r6, { answer: "belum", text: "Hanya satu lampu yang diganti; dua lainnya masih mati." }, new Date(now - 2 * DAY));

  // 7. Fixed, and disputed by three neighbours: the agency must answer the doubt.
  const t7 = now - 12 * DAY;
  const r7 = await report(citizens[3]!, "Saluran tersumbat di gang Masjid Al-Ikhlas", "Air meluap ke jalan setiap hujan karena saluran tersumbat sampah.");
  const p7 = [(await createProposal(citizens[3]!, r7, { title: "Keruk saluran dan pasang saringan sampah", text: "Keruk saluran sepanjang gang dan pasang saringan di ujungnya." })).id];
  await voteAndCount(fasil, r7, p7, citizens.slice(1, 5), () => ({ 0: "support" }), t7);
  await takeStep(petugas, r7, "answer", { kind: "terima", cost: "6.000.000", period: monthKey(new Date(t7 + 10 * DAY)), unit: "Suku Dinas Sumber Daya Air Jakarta Selatan" }, new Date(t7 + 3 * DAY));
  await takeStep(petugas, r7, "complete", {}, new Date(t7 + 6 * DAY));
  // Three residents of Pondok Pinang who took no part in the case.
  await db.user.updateMany({ where: { id: { in: [citizens[5]!.id, citizens[6]!.id, citizens[7]!.id] } }, data: { homeKelurahanCode: KELURAHAN } });
  for (const [i, who] of [citizens[5]!, citizens[6]!, citizens[7]!].entries()) {
    await confirmFix(who, r7, { answer: "belum", text: ["Saringannya belum dipasang.", "Ujung saluran masih penuh lumpur.", "Tadi malam air meluap lagi ke jalan."][i] }, new Date(now - (3 - i) * DAY));
  }
  return 7;
}
