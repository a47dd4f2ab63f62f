import type { DiffPart } from "~/domain/text-diff";

/** A word diff as text with <ins>/<del> marks; every part is plain text (escaped by React). */
export function WordDiff({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="diff">
      {parts.map((p, i) =>
        p.kind === "added" ? <ins key={i}>{p.text}</ins> : p.kind === "removed" ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>,
      )}
    </p>
  );
}
