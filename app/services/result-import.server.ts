import { parse } from "csv-parse/sync";
import { db } from "~/db.server";
import { endOfMonthJakarta } from "~/domain/agency-reply";
import { parseResultRecord, RESULT_CSV_COLUMNS, resultRecord, unchanged, type ResultRow, type RowProblem } from "~/domain/result-csv";
import { isAccepted, JOINT_ACTION_STATES } from "~/domain/case-policy";
import type { CaseState } from "~/domain/case-workflow";
import { parentProgress } from "~/domain/results";
import type { Actor } from "~/domain/roles";
import { ServiceError } from "./errors";
import { enqueue } from "./queue.server";

// The results CSV: exported as open data, imported by an agency's officers (their agency's results) or an admin
// (any) as a job. Each row is checked on its own; a bad row is listed with its problems and the others go in.
// Rows that would change nothing are left alone, so importing a file just exported changes nothing.

/** Rows written per transaction: short write locks, so citizens' requests never wait long behind an import. */
const BATCH = 500;
/** Problems kept per import (the first ones; the count of failed rows is exact). */
const MAX_PROBLEMS = 200;

const STORED_SELECT = {
  id: true, parentId: true, weight: true, title: true, description: true, kelurahanCode: true, agencyId: true, unit: true, costRupiah: true,
  periodMonth: true, status: true, progress: true, reportId: true,
} as const;

type Stored = { id: string; parentId: string | null; weight: number | null; title: string; description: string; kelurahanCode: string; agencyId: string | null; unit: string; costRupiah: bigint | null; periodMonth: string | null; status: string; progress: number; reportId: string | null };
const plain = (r: Stored) => ({ ...r, costRupiah: r.costRupiah === null ? null : Number(r.costRupiah) });

/** Every result as CSV records (the export; the same columns the import reads). */
export async function exportResults() {
  const rows = await db.result.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: STORED_SELECT });
  return [RESULT_CSV_COLUMNS as readonly string[], ...rows.map((r) => RESULT_CSV_COLUMNS.map((c) => resultRecord(plain(r))[c]))];
}

const mayImport = (actor: Actor) => actor.role === "admin" || (actor.role === "petugas" && !!actor.agencyId);

/** Queues an uploaded file for import. The worker runs it (job results.import); the page shows its progress. */
export async function startResultImport(actor: Actor, fileName: string, content: string) {
  if (!mayImport(actor)) throw new ServiceError(403, "errors.forbidden");
  if (!content.trim()) throw new ServiceError(422, "errors.form_invalid", { file: "errors.csv_empty" });
  const row = await db.resultImport.create({ data: { userId: actor.id, fileName: fileName.slice(0, 200) || "hasil.csv", content }, select: { id: true } });
  await enqueue("results.import", { importId: row.id }, row.id);
  return row.id;
}

export async function listResultImports(actor: Actor) {
  if (!mayImport(actor)) throw new ServiceError(403, "errors.forbidden");
  const rows = await db.resultImport.findMany({
    where: actor.role === "admin" ? {} : { userId: actor.id },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, fileName: true, status: true, total: true, created: true, updated: true, unchanged: true, failed: true, errors: true, createdAt: true, finishedAt: true },
  });
  return rows.map((r) => ({ ...r, errors: JSON.parse(r.errors) as (RowProblem & { row: number })[], createdAt: r.createdAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null }));
}

/** For the sweeper: imports queued while Redis was down (or whose job was lost). */
export async function waitingResultImportIds(olderThanMs: number, now = new Date()): Promise<string[]> {
  const rows = await db.resultImport.findMany({ where: { status: "antri", createdAt: { lt: new Date(now.getTime() - olderThanMs) } }, select: { id: true }, take: 20 });
  return rows.map((r) => r.id);
}

/**
 * The worker's import of one file. Claimed once (a second job finds it taken); the file is parsed, every row
 * checked (its kelurahan, agency and parent must exist; an officer's rows must be their agency's), then written in
 * batches; parents whose items moved follow them. Returns the counts.
 */
export async function runResultImport(importId: string) {
  const claimed = await db.resultImport.updateMany({ where: { id: importId, status: "antri" }, data: { status: "berjalan" } });
  if (claimed.count === 0) return null;
  const file = await db.resultImport.findUniqueOrThrow({ where: { id: importId }, select: { content: true, userId: true } });
  const user = await db.user.findUnique({ where: { id: file.userId }, select: { role: true, agencyId: true } });
  const problems: (RowProblem & { row: number })[] = [];
  const counts = { total: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
  try {
    let records: Record<string, string>[];
    try {
      records = parse(file.content, { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
    } catch {
      throw new ServiceError(422, "errors.csv_unreadable");
    }
    counts.total = records.length;
    const ownAgency = user?.role === "admin" ? null : user?.agencyId ?? "-";
    const fail = (row: number, list: RowProblem[]) => {
      counts.failed += 1;
      for (const p of list) if (problems.length < MAX_PROBLEMS) problems.push({ row, ...p });
    };
    // Everything rows refer to, read once: regions, agencies, the results named by id or as a parent.
    const parsed = records.map((record, i) => ({ line: i + 2, result: parseResultRecord(record) }));
    const good = parsed.filter((p): p is { line: number; result: { ok: true; row: ResultRow } } => p.result.ok);
    const ids = [...new Set(good.flatMap((p) => [p.result.row.id, p.result.row.parentId]).filter((id): id is string => !!id))];
    const [kelurahan, agencies, stored] = await Promise.all([
      db.region.findMany({ where: { level: "kelurahan", code: { in: [...new Set(good.map((p) => p.result.row.kelurahanCode))] } }, select: { code: true, parentCode: true } }),
      db.agency.findMany({ where: { id: { in: [...new Set(good.map((p) => p.result.row.agencyId).filter((a): a is string => !!a))] } }, select: { id: true } }),
      ids.length > 0 ? db.result.findMany({ where: { id: { in: ids } }, select: { ...STORED_SELECT, deliberation: { select: { state: true, answer: true } } } }) : [],
    ]);
    // Results that are parents: their progress follows their items (recomputed below), and they get no parent.
    const withChildren = new Set(
      ids.length > 0 ? (await db.result.findMany({ where: { parentId: { in: ids } }, select: { parentId: true }, distinct: ["parentId"] })).map((r) => r.parentId!) : [],
    );
    const kecamatanOf = new Map(kelurahan.map((k) => [k.code, k.parentCode ?? ""]));
    const kecamatanCodes = [...new Set(kecamatanOf.values())];
    const kotaOf = new Map((await db.region.findMany({ where: { code: { in: kecamatanCodes } }, select: { code: true, parentCode: true } })).map((k) => [k.code, k.parentCode ?? ""]));
    const agencyIds = new Set(agencies.map((a) => a.id));
    const byId = new Map(stored.map(({ deliberation, ...r }) => [r.id, { ...plain(r), closed: !!deliberation && !(JOINT_ACTION_STATES.includes(deliberation.state as CaseState) && isAccepted(deliberation.answer)) }]));

    type Write = { kind: "create" | "update"; row: ResultRow };
    const writes: Write[] = [];
    for (const p of parsed) {
      if (!p.result.ok) {
        fail(p.line, p.result.problems);
        continue;
      }
      const row = p.result.row;
      const rowProblems: RowProblem[] = [];
      if (!kecamatanOf.has(row.kelurahanCode)) rowProblems.push({ field: "kelurahan", code: "errors.kelurahan_invalid" });
      if (row.agencyId && !agencyIds.has(row.agencyId)) rowProblems.push({ field: "instansi_id", code: "errors.agency_not_found" });
      const parent = row.parentId ? byId.get(row.parentId) : undefined;
      if (row.parentId && !parent) rowProblems.push({ field: "induk_id", code: "errors.result_not_found" });
      // One level: a parent is a top-level result of the same agency, and a result with items gets no parent.
      else if (parent && (parent.parentId || parent.agencyId !== row.agencyId || (row.id && withChildren.has(row.id)))) rowProblems.push({ field: "induk_id", code: "errors.result_parent_invalid" });
      const existing = row.id ? byId.get(row.id) : undefined;
      if (row.id && !existing) rowProblems.push({ field: "id", code: "errors.result_not_found" });
      // A case done, reopened into another answer or refused: its results are no longer moved.
      if (existing?.closed) rowProblems.push({ field: "id", code: "errors.case_illegal" });
      // An officer imports their agency's results only, and may not hand one to another agency.
      if (ownAgency && (row.agencyId !== ownAgency || (existing && existing.agencyId !== ownAgency))) rowProblems.push({ field: "instansi_id", code: "errors.result_other_agency" });
      if (rowProblems.length > 0) {
        fail(p.line, rowProblems);
        continue;
      }
      if (existing && unchanged(row, existing)) counts.unchanged += 1;
      else writes.push({ kind: existing ? "update" : "create", row });
    }

    const parents = new Set<string>();
    for (let i = 0; i < writes.length; i += BATCH) {
      const batch = writes.slice(i, i + BATCH);
      await db.$transaction(async (tx) => {
        for (const { kind, row } of batch) {
          const data = {
            parentId: row.parentId, weight: row.weight, title: row.title, description: row.description, kelurahanCode: row.kelurahanCode,
            kecamatanCode: kecamatanOf.get(row.kelurahanCode)!, kotaCode: kotaOf.get(kecamatanOf.get(row.kelurahanCode)!) ?? "", agencyId: row.agencyId,
            unit: row.unit, costRupiah: row.costRupiah === null ? null : BigInt(row.costRupiah), periodMonth: row.periodMonth,
            endsAt: row.periodMonth ? endOfMonthJakarta(row.periodMonth) : null, status: row.status, progress: row.progress,
          };
          if (kind === "update") await tx.result.update({ where: { id: row.id! }, data });
          else await tx.result.create({ data });
          if (row.parentId) parents.add(row.parentId);
          if (row.id && withChildren.has(row.id)) parents.add(row.id);
          const before = row.id ? byId.get(row.id)?.parentId : null;
          if (before) parents.add(before);
        }
      }, { timeout: 60_000 });
      for (const w of batch) counts[w.kind === "create" ? "created" : "updated"] += 1;
    }
    // Parents follow their items (weighted when every item has a weight).
    for (const parentId of parents) {
      const children = await db.result.findMany({ where: { parentId }, select: { progress: true, weight: true } });
      if (children.length === 0) continue;
      const progress = parentProgress(children);
      await db.result.update({ where: { id: parentId }, data: { progress, status: progress >= 100 ? "selesai" : progress > 0 ? "berjalan" : "direncanakan" } });
    }
    await db.resultImport.update({ where: { id: importId }, data: { status: "selesai", ...counts, errors: JSON.stringify(problems), content: "", finishedAt: new Date() } });
  } catch (error) {
    const code = error instanceof ServiceError ? error.code : "errors.import_failed";
    await db.resultImport.update({ where: { id: importId }, data: { status: "gagal", ...counts, errors: JSON.stringify([{ row: 0, field: "baris", code }, ...problems]), finishedAt: new Date() } });
    if (!(error instanceof ServiceError)) throw error;
  }
  return counts;
}
