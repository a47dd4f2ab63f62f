// Reads a Pol.is export into what the opinion-group tests need: each participant's last vote per statement
// (moderated-out statements dropped) and Pol.is's own group per participant (participants-votes.csv).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Stance } from "~/domain/consensus";

export interface PolisConversation {
  statements: string[];
  /** Voter-ids in a fixed order, and for each its votes as [statement index, stance]. */
  voters: string[];
  votes: [number, Stance][][];
  /** Pol.is's group per voter-id (absent: Pol.is did not place them). */
  polisGroup: Map<string, number>;
}

export function readPolisConversation(folder: string): PolisConversation {
  const read = (file: string) => parse(readFileSync(path.join(folder, file), "utf8"), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  const statements = read("comments.csv").filter((c) => c.moderated !== "-1").map((c) => c["comment-id"]!).sort((a, b) => Number(a) - Number(b));
  const column = new Map(statements.map((id, j) => [id, j]));
  const last = new Map<string, Map<number, Stance>>();
  for (const v of read("votes.csv")) {
    const j = column.get(v["comment-id"]!);
    if (j === undefined) continue;
    const voter = v["voter-id"]!;
    if (!last.has(voter)) last.set(voter, new Map());
    last.get(voter)!.set(j, Number(v.vote) as Stance);
  }
  const voters = [...last.keys()].sort((a, b) => Number(a) - Number(b));
  const polisGroup = new Map<string, number>();
  for (const row of read("participants-votes.csv")) if (row["group-id"] !== "" && row["group-id"] !== undefined) polisGroup.set(row.participant!, Number(row["group-id"]));
  return { statements, voters, votes: voters.map((v) => [...last.get(v)!.entries()].sort((a, b) => a[0] - b[0])), polisGroup };
}
