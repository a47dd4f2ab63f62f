import { diffWordsWithSpace } from "diff";

// A readable word-level diff between two versions of a proposal's text, as plain parts the page marks
// up itself (<ins>/<del>), so no HTML from either version is ever interpreted.
export interface DiffPart { kind: "same" | "added" | "removed"; text: string }

export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({
    kind: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
}
