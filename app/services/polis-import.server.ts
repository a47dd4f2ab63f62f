import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { db } from "~/db.server";
import { plainTextToDocument } from "~/editor/plain-text";
import { renderHtml } from "~/editor/render.server";
import { parseRichText, plainText, toLexicalJson } from "~/editor/rich-text";
import { ServiceError } from "./errors";
import { appendAuditEvent } from "./audit.server";
import { fileReport } from "./reports.server";
import { hashPassword } from "./accounts.server";

// Import of a Pol.is conversation export (comments.csv + votes.csv) into a deliberation: statements become
// proposals (moderated-out ones hidden), each participant's last vote on a statement becomes their stance.
//
// Sign of `vote`: the public exports write 1 = agree, −1 = disagree, 0 = pass, but older exports used
// Pol.is' internal −1 = agree. comments.csv carries each statement's agree and disagree counts, so the
// importer checks which reading matches them and uses that one.

const CommentRow = z.object({
  "comment-id": z.string().regex(/^\d+$/),
  "author-id": z.string().optional(),
  agrees: z.coerce.number().int().optional(),
  disagrees: z.coerce.number().int().optional(),
  moderated: z.coerce.number().int().default(0),
  "comment-body": z.string(),
});
/**
 * One row of votes.csv, checked by hand: an export has hundreds of thousands of rows, and a schema library's parse per
 * row was a second of the import. The same rules as the comments' schema: numeric timestamp (empty reads as 0),
 * numeric comment-id, a voter-id, a vote of −1, 0 or 1.
 */
function voteRow(row: Record<string, string>): { timestamp: number; "comment-id": string; "voter-id": string; vote: number } | null {
  const timestamp = Number(row.timestamp ?? "");
  const comment = row["comment-id"] ?? "";
  const voter = row["voter-id"] ?? "";
  const vote = Number(row.vote ?? "");
  if (!Number.isFinite(timestamp) || !/^\d+$/.test(comment) || voter.length === 0 || !(vote === 1 || vote === 0 || vote === -1)) return null;
  return { timestamp, "comment-id": comment, "voter-id": voter, vote };
}

async function readCsv(file: string): Promise<Record<string, string>[]> {
  try {
    return parse(await readFile(file, "utf8"), { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new ServiceError(422, "errors.polis_unreadable", { file: `${path.basename(file)}: ${(error as Error).message}` });
  }
}

async function importer(): Promise<string> {
  const user = await db.user.upsert({
    where: { email: "polis-import@musyawarah.invalid" },
    create: { email: "polis-import@musyawarah.invalid", name: "Impor Pol.is", passwordHash: await hashPassword(crypto.randomUUID() + crypto.randomUUID()), homeKelurahanCode: "3173010001" },
    update: {},
    select: { id: true },
  });
  return user.id;
}

export interface PolisImportResult {
  deliberation: string;
  reportId: string;
  statements: number;
  hidden: number;
  voters: number;
  votes: number;
  agreeSign: 1 | -1;
}

export async function importPolis(folder: string, options: { reportId?: string } = {}): Promise<PolisImportResult> {
  const comments = (await readCsv(path.join(folder, "comments.csv"))).map((row, i) => {
    const parsed = CommentRow.safeParse(row);
    if (!parsed.success) throw new ServiceError(422, "errors.polis_bad_row", { file: `comments.csv line ${i + 2}` });
    return parsed.data;
  });
  const votes = (await readCsv(path.join(folder, "votes.csv"))).map((row, i) => {
    const parsed = voteRow(row);
    if (!parsed) throw new ServiceError(422, "errors.polis_bad_row", { file: `votes.csv line ${i + 2}` });
    return parsed;
  });
  const known = new Set(comments.map((c) => c["comment-id"]));
  // The last vote of a voter on a statement counts.
  const last = new Map<string, { voter: string; comment: string; vote: number; at: number }>();
  for (const v of votes) {
    if (!known.has(v["comment-id"])) continue;
    const key = `${v["voter-id"]}:${v["comment-id"]}`;
    const prev = last.get(key);
    if (!prev || v.timestamp >= prev.at) last.set(key, { voter: v["voter-id"], comment: v["comment-id"], vote: v.vote, at: v.timestamp });
  }
  const agreeSign = detectAgreeSign(comments, [...last.values()]);

  const importerId = await importer();
  const reportId =
    options.reportId ??
    (await fileReport(importerId, {
      categorySlug: (await db.category.findFirstOrThrow({ orderBy: { position: "asc" }, select: { slug: true } })).slug,
      title: `Percakapan Pol.is: ${path.basename(path.resolve(folder))}`.slice(0, 120),
      description: "Percakapan yang diimpor dari ekspor Pol.is (comments.csv dan votes.csv).",
      kelurahanCode: "3173010001",
      lat: "-6.1754",
      lng: "106.8272",
    }, [])).id;
  if (!(await db.report.findUnique({ where: { id: reportId }, select: { id: true } }))) throw new ServiceError(404, "errors.report_not_found");
  if (await db.deliberation.findUnique({ where: { reportId }, select: { id: true } })) throw new ServiceError(409, "errors.polis_report_has_case");

  // The statements as proposal rows, prepared before the transaction (rich text is CPU work; the write lock waits for
  // none of it): each with its own creation time in export order (the proposals' order breaks exact ties in the tally).
  let hidden = 0;
  const base = Date.now() - comments.length;
  const rows = comments.map((c, i) => {
    const doc = parseRichText(JSON.stringify(toLexicalJson(plainTextToDocument(c["comment-body"] || "(kosong)"))), "proposal");
    const moderatedOut = c.moderated === -1;
    if (moderatedOut) hidden++;
    return {
      reportId, authorId: importerId, title: c["comment-body"].slice(0, 140) || `#${c["comment-id"]}`, body: JSON.stringify(toLexicalJson(doc)),
      html: renderHtml(doc), text: plainText(doc), externalId: c["comment-id"], status: moderatedOut ? "hidden" : "active", createdAt: new Date(base + i),
    };
  });
  const result = await db.$transaction(async (tx) => {
    const deliberation = await tx.deliberation.create({
      data: { reportId, state: "pemungutan_suara", ballotType: "approval", quorum: 1, minSupportPercent: 0, eligibility: "semua", summary: "Diimpor dari Pol.is." },
      select: { id: true },
    });
    // One statement per 500 rows.
    const idOf = new Map<string, string>();
    for (let i = 0; i < rows.length; i += 500) {
      for (const p of await tx.proposal.createManyAndReturn({ data: rows.slice(i, i + 500), select: { id: true, externalId: true } })) idOf.set(p.externalId!, p.id);
    }
    const byVoter = new Map<string, Record<string, string>>();
    for (const v of last.values()) {
      const stance = v.vote === 0 ? "pass" : v.vote === agreeSign ? "support" : "oppose";
      const choices = byVoter.get(v.voter) ?? {};
      choices[idOf.get(v.comment)!] = stance;
      byVoter.set(v.voter, choices);
    }
    const ballots = [...byVoter.entries()].map(([voter, choices]) => ({
      deliberationId: deliberation.id, externalVoter: voter, choices: JSON.stringify(choices), receipt: `polis-${deliberation.id}-${voter}`,
    }));
    for (let i = 0; i < ballots.length; i += 500) await tx.ballot.createMany({ data: ballots.slice(i, i + 500) });
    await appendAuditEvent(tx, { reportId, actorId: importerId, type: "case.opened", data: { source: "polis", statements: comments.length, voters: ballots.length } });
    return { deliberation: deliberation.id, voters: ballots.length };
  }, { timeout: 120_000 });
  return { ...result, hidden, reportId, statements: comments.length, votes: last.size, agreeSign };
}

/** Which vote value means "agree": the one whose per-statement counts match comments.csv's agrees column. */
export function detectAgreeSign(
  comments: { "comment-id": string; agrees?: number; disagrees?: number }[],
  votes: { comment: string; vote: number }[],
): 1 | -1 {
  const plus = new Map<string, number>();
  const minus = new Map<string, number>();
  for (const v of votes) {
    if (v.vote === 1) plus.set(v.comment, (plus.get(v.comment) ?? 0) + 1);
    if (v.vote === -1) minus.set(v.comment, (minus.get(v.comment) ?? 0) + 1);
  }
  let errPlus = 0;
  let errMinus = 0;
  for (const c of comments) {
    if (c.agrees === undefined) continue;
    errPlus += Math.abs((plus.get(c["comment-id"]) ?? 0) - c.agrees) + Math.abs((minus.get(c["comment-id"]) ?? 0) - (c.disagrees ?? 0));
    errMinus += Math.abs((minus.get(c["comment-id"]) ?? 0) - c.agrees) + Math.abs((plus.get(c["comment-id"]) ?? 0) - (c.disagrees ?? 0));
  }
  return errMinus < errPlus ? -1 : 1;
}
