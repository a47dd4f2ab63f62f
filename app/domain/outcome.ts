import type { Tally } from "./ballot";
import type { CaseState } from "./case-workflow";
import { daysToAnswer } from "./dashboard";

// A finished deliberation's outcome as open data: what was decided, by how many, how each proposal fared,
// what the agency answered and how citizens rated it. Pure shaping, shared by the JSON and CSV downloads.

/** Voting has closed in these states, so the outcome is final (a reopened case leaves them). */
export const FINISHED_STATES: readonly CaseState[] = ["mufakat", "tidak_mufakat", "ke_instansi", "dijawab", "aksi_bersama", "selesai", "dibuka_kembali"];

export interface OutcomeSource {
  report: { id: string; number: number; title: string; categorySlug: string; kelurahanCode: string; kecamatanCode: string; kotaCode: string; createdAt: Date };
  state: CaseState;
  tally: Tally | null;
  titles: Map<string, string>;
  agencyName: string | null;
  sentAt: Date | null;
  dueAt: Date | null;
  answer: string | null;
  answerNote: string | null;
  answeredAt: Date | null;
  completedAt: Date | null;
  ratings: number[];
}


export function outcomeRecord(s: OutcomeSource, origin: string) {
  const t = s.tally;
  return {
    report: { number: s.report.number, title: s.report.title, category: s.report.categorySlug, kelurahan: s.report.kelurahanCode, kecamatan: s.report.kecamatanCode, kota: s.report.kotaCode, reportedAt: s.report.createdAt.toISOString(), url: `${origin}/laporan/${s.report.id}` },
    phase: s.state,
    ballot: t ? { type: t.type, voters: t.voters, quorum: t.quorum, minSupportPercent: t.minSupportPercent } : null,
    reason: t?.reason ?? null,
    chosen: t?.winnerId ? { title: s.titles.get(t.winnerId) ?? null } : null,
    groups: t?.groups ?? [],
    proposals: (t?.proposals ?? []).map((p) => ({
      title: s.titles.get(p.id) ?? null, chosen: p.id === t?.winnerId, support: p.support, oppose: p.oppose, pass: p.pass,
      supportPercent: p.supportPercent, rank: p.rank ?? null, consensus: p.consensus ?? null,
      groups: (p.groups ?? []).map((g) => ({ group: g.group + 1, agree: g.agree, votes: g.votes })),
    })),
    agency: s.agencyName ? { name: s.agencyName, sentAt: s.sentAt?.toISOString() ?? null, dueAt: s.dueAt?.toISOString() ?? null, answer: s.answer, note: s.answerNote, answeredAt: s.answeredAt?.toISOString() ?? null, daysToAnswer: daysToAnswer(s.sentAt, s.answeredAt) } : null,
    completedAt: s.completedAt?.toISOString() ?? null,
    rating: s.ratings.length ? { count: s.ratings.length, average: Math.round((s.ratings.reduce((a, b) => a + b, 0) / s.ratings.length) * 10) / 10 } : null,
  };
}
export type OutcomeRecord = ReturnType<typeof outcomeRecord>;

/** One CSV row per deliberation (the list download). */
export const OUTCOME_LIST_HEADER = ["nomor", "judul", "kategori", "kelurahan", "fase", "jenis_suara", "pemilih", "kuorum", "alasan", "usulan_pilihan", "instansi", "jawaban", "hari_menjawab", "nilai_rata2", "penilai", "tautan"];
export function outcomeListRow(o: OutcomeRecord): (string | number | null)[] {
  return [o.report.number, o.report.title, o.report.category, o.report.kelurahan, o.phase, o.ballot?.type ?? null, o.ballot?.voters ?? null, o.ballot?.quorum ?? null, o.reason, o.chosen?.title ?? null, o.agency?.name ?? null, o.agency?.answer ?? null, o.agency?.daysToAnswer ?? null, o.rating?.average ?? null, o.rating?.count ?? 0, o.report.url];
}

/** One CSV row per proposal (a single deliberation's download). */
export const OUTCOME_PROPOSAL_HEADER = ["nomor_laporan", "usulan", "dipilih", "dukung", "tolak", "abstain", "persen_dukung", "peringkat", "skor_konsensus", "per_kelompok"];
export function outcomeProposalRows(o: OutcomeRecord): (string | number | null)[][] {
  return o.proposals.map((p) => [o.report.number, p.title, p.chosen ? "ya" : "tidak", p.support, p.oppose, p.pass, p.supportPercent, p.rank, p.consensus, p.groups.map((g) => `K${g.group}:${g.agree}/${g.votes}`).join(" ")]);
}
