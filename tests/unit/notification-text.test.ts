import { describe, expect, it } from "vitest";
import { formatDateTime } from "~/i18n/format";
import { notificationText } from "~/i18n/notification-text";
import { fixedT } from "~/i18n/translate";

// The words of a notification, shared by /notifikasi, the instant e-mail and the digest.
describe("notificationText", () => {
  it("shows the same words on /notifikasi's data: the step label, the deadline, never a code", () => {
    const report = { number: 7, title: "x".repeat(200) };
    const phase = notificationText(fixedT("id"), "id", { kind: "phase", excerpt: "ke_instansi", actorName: null, report });
    expect(phase.detail).toBe("Tahap sekarang: Ke instansi");
    expect(phase.subject.length).toBeLessThan(100);
    const due = new Date("2026-03-04T09:30:00Z");
    const overdue = notificationText(fixedT("en"), "en", { kind: "sla_overdue", excerpt: due.toISOString(), actorName: null, report });
    expect(overdue.detail).toBe(`Answer due: ${formatDateTime(due, "en")}`);
    expect(overdue.detail).toContain("16:30 WIB");
    expect(overdue.subject).toMatch(/^The agency's answer is late: #7 x+…$/);
    const decided = notificationText(fixedT("id"), "id", { kind: "amendment_decided", excerpt: "accepted", actorName: "Siti", report });
    expect(decided.detail).toBe("Usulan perubahan Anda diterima.");
    const comment = notificationText(fixedT("id"), "id", { kind: "comment", excerpt: "Setuju", actorName: "Siti", report });
    expect(comment.detail).toBe("“Setuju”");
    expect(comment.subject).toContain("Komentar baru: #7");
  });
});
