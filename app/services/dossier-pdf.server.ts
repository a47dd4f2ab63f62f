import { createRequire } from "node:module";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import PDFDocument from "pdfkit";
import { notesForMeeting } from "~/domain/dossier";
import { eventText } from "~/i18n/event-text";
import { formatDate, formatDateTime, formatNumber, formatPercent, formatRupiah } from "~/i18n/format";
import { fixedT } from "~/i18n/translate";
import type { Dossier } from "./dprd.server";

// Dossiers as a printable A4 PDF for a DPRD hearing: a cover with the contents, then one section per dossier
// (report, summary, participation, proposals, the tally drawn as bars, the agency's answer, joint action,
// rating, DPRD public statements, timeline). A PDF is for a meeting: private notes stay on the desk. DejaVu Sans is embedded so every name and symbol prints, whatever the reader.

const require = createRequire(import.meta.url);
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

const INK = "#1b1f23";
const MUTED = "#4a5560";
const GREEN = "#0b5d4b";
const TRACK = "#e4e9e6";
const GROUP_COLOURS = ["#0b5d4b", "#b7791f", "#2b6cb0", "#9b2c2c", "#553c9a"];
const MARGIN = 50;

export interface PdfRequest {
  lng: string;
  memberName: string;
  /** The list's filters in words, or null for a single dossier. */
  filters: string | null;
  contents: { number: number; title: string; phase: string; participation: number }[];
  load: (index: number) => Promise<Dossier>;
  onProgress: (done: number) => Promise<void>;
}

export async function writeDossiersPdf(out: Writable, req: PdfRequest): Promise<void> {
  const t = fixedT(req.lng);
  const single = req.filters === null;
  const title = single ? t("exports.pdfTitle") : t("exports.pdfListTitle");
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: req.lng === "en" ? "en-GB" : "id-ID",
    displayTitle: true,
    info: { Title: title, Author: "Musyawarah", Subject: req.memberName },
  });
  doc.registerFont("body", FONT);
  doc.registerFont("bold", FONT_BOLD);
  doc.pipe(out);
  const width = doc.page.width - 2 * MARGIN;

  const heading = (text: string, size = 12) => {
    ensureSpace(size * 3);
    doc.moveDown(0.6).font("bold").fontSize(size).fillColor(INK).text(text, { width });
    doc.moveDown(0.2);
  };
  const para = (text: string, colour = INK) => doc.font("body").fontSize(9.5).fillColor(colour).text(text, { width, lineGap: 1.5 });
  const pair = (label: string, value: string) => {
    doc.font("bold").fontSize(9.5).fillColor(INK).text(`${label}: `, { continued: true, width });
    doc.font("body").text(value, { width });
  };
  function ensureSpace(height: number) {
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
  }

  // Cover and contents.
  doc.font("bold").fontSize(20).fillColor(GREEN).text(title, { width });
  doc.moveDown(0.4);
  para(t("exports.pdfFor", { name: req.memberName, at: formatDateTime(new Date(), req.lng) }), MUTED);
  if (!single) para(req.filters ? t("exports.pdfFilters", { filters: req.filters }) : t("exports.pdfNoFilters"), MUTED);
  para(t("exports.pdfSource"), MUTED);
  para(t("exports.pdfPrivateNotes"), MUTED);
  if (!single) {
    heading(t("exports.pdfContents"), 13);
    for (const c of req.contents) {
      para(`#${c.number}  ${c.title} — ${c.phase} · ${t("dprd.participationSection")} ${formatNumber(c.participation, req.lng)}`);
    }
  }

  for (let i = 0; i < req.contents.length; i++) {
    const d = await req.load(i);
    if (!single || i > 0) doc.addPage();
    else doc.moveDown(1);
    dossierSection(d);
    await req.onProgress(i + 1);
  }

  function dossierSection(d: Dossier) {
    const c = d.caseView;
    const r = d.report;
    const lng = req.lng;
    doc.font("bold").fontSize(15).fillColor(INK).text(`#${r.number} ${r.title}`, { width });
    doc.moveDown(0.2);
    para(
      [
        t(`status.${r.status}`),
        t(`case.steps.${c.state}`),
        d.category ? (lng === "en" ? d.category.nameEn : d.category.nameId) : r.categorySlug,
        d.place,
        formatDate(r.createdAt, lng),
      ].join(" · "),
      MUTED,
    );

    heading(t("dprd.reportSection"));
    para(r.description);

    heading(t("dprd.summarySection"));
    para(c.summary || t("dprd.noSummary"), c.summary ? INK : MUTED);

    heading(t("dprd.participationSection"));
    para(`${t("dprd.voters")} ${formatNumber(d.participation.voters, lng)} · ${t("dprd.comments")} ${formatNumber(d.participation.comments, lng)} · ${t("dprd.proposalsCount")} ${formatNumber(d.participation.proposals, lng)}`);

    heading(t("dprd.proposals"));
    if (d.proposals.length === 0) para(t("dprd.noProposals"), MUTED);
    for (const p of d.proposals) {
      ensureSpace(40);
      const winner = c.winnerProposalId === p.id ? ` (${t("dprd.winner")})` : "";
      doc.font("bold").fontSize(10).fillColor(INK).text(`${p.title}${winner}`, { width });
      para(t("dprd.by", { name: p.authorName }), MUTED);
      para(p.text.length > 1500 ? `${p.text.slice(0, 1500)}…` : p.text);
      if (p.costRupiah !== null) pair(t("dprd.cost"), formatRupiah(p.costRupiah, lng));
      if (p.jointAction) pair(t("dprd.jointAction"), p.jointAction);
      if (p.endorsedBy.length) para(t("dprd.endorsedBy", { names: p.endorsedBy.join(", ") }), GREEN);
      doc.moveDown(0.4);
    }

    heading(t("dprd.tally"));
    if (!c.tally) para(t("dprd.noTally"), MUTED);
    else {
      para(c.state === "pemungutan_suara"
        ? `${t("case.tallyProvisional")}: ${t("case.provisionalNote", { voters: c.tally.voters })}`
        : t(`case.reasons.${c.tally.reason}`, { voters: c.tally.voters, quorum: c.tally.quorum, min: c.tally.minSupportPercent }));
      tallyChart(d);
    }

    heading(t("dprd.agencySection"));
    pair(t("dprd.agencyName"), c.agency?.name ?? "—");
    pair(t("dprd.sentAt"), c.sentAt ? formatDate(c.sentAt, lng) : t("dprd.notYet"));
    if (c.dueAt) pair(t("dprd.dueAt"), `${formatDate(c.dueAt, lng)}${c.overdue ? ` — ${t("dprd.overdue", { date: formatDate(c.dueAt, lng) })}` : ""}`);
    pair(t("dprd.answer"), c.answer ? t(`case.answers.${c.answer}`) : t("dprd.notYet"));
    if (c.answerNote) pair(t("dprd.answerNote"), c.answerNote);
    if (d.answerDays !== null) pair(t("dprd.answerDays"), t("dprd.days", { count: d.answerDays }));
    if (c.plannedDate) pair(t("dprd.plannedDate"), formatDate(c.plannedDate, lng));

    heading(t("dprd.tasks"));
    if (c.tasks.length === 0) para(t("dprd.noTasks"), MUTED);
    for (const task of c.tasks) para(`• ${task.title}${task.when ? ` (${task.when})` : ""} — ${t("dprd.taskPeople", { count: task.people.length })}`);

    heading(t("dprd.rating"));
    para(c.rating ? t("dprd.ratingValue", { average: formatNumber(c.rating.average, lng, 1), count: c.rating.count }) : t("dprd.noRating"), c.rating ? INK : MUTED);

    heading(t("exports.pdfStatements"));
    const statements = notesForMeeting(d.notes);
    if (statements.length === 0 && d.hearings.length === 0) para(t("exports.pdfNoStatements"), MUTED);
    for (const h of d.hearings) para(`${t("dprd.hearing")}: ${t("dprd.hearingLine", { date: formatDate(h.date, lng), forum: h.forum ? ` (${h.forum})` : "", name: h.by })}`, GREEN);
    for (const n of statements) {
      ensureSpace(30);
      para(`${t("dprd.publicBadge")} · ${n.authorName} · ${formatDateTime(n.createdAt, lng)}`, MUTED);
      para(n.body);
    }

    heading(t("dprd.timeline"));
    for (const e of r.events.slice(-30)) {
      const { text, note } = eventText(t, lng, e.type, e.data, e.actor?.name ?? null);
      para(`${formatDateTime(e.createdAt, lng)} — ${text}${note ? `. ${note}` : ""}`);
    }
  }

  /** Support per proposal as a bar, and thin bars for each opinion group's support (approval ballots). */
  function tallyChart(d: Dossier) {
    const tally = d.caseView.tally!;
    const titleOf = new Map(d.proposals.map((p) => [p.id, p.title]));
    const barW = width - 150;
    para(t("exports.chart"), MUTED);
    doc.moveDown(0.3);
    for (const row of tally.proposals.slice(0, 8)) {
      const groups = row.groups ?? [];
      ensureSpace(26 + groups.length * 6);
      const label = (titleOf.get(row.id) ?? row.id).slice(0, 70);
      doc.font("body").fontSize(8.5).fillColor(INK).text(label, MARGIN, doc.y, { width });
      const y = doc.y + 1;
      doc.rect(MARGIN, y, barW, 9).fill(TRACK);
      doc.rect(MARGIN, y, (barW * Math.min(100, Math.max(0, row.supportPercent))) / 100, 9).fill(row.id === tally.winnerId ? GREEN : "#5b8f80");
      doc.font("body").fontSize(8.5).fillColor(INK)
        .text(`${formatNumber(row.supportPercent, req.lng, 1)}% · ${row.support}/${row.oppose}/${row.pass}`, MARGIN + barW + 6, y, { width: 140, lineBreak: false });
      let gy = y + 11;
      for (const g of groups) {
        doc.rect(MARGIN, gy, barW, 3).fill(TRACK);
        doc.rect(MARGIN, gy, barW * g.probability, 3).fill(GROUP_COLOURS[g.group % GROUP_COLOURS.length]!);
        gy += 5;
      }
      doc.x = MARGIN;
      doc.y = gy + 4;
    }
    doc.font("body").fontSize(8).fillColor(MUTED).text(`${t("dprd.support")}/${t("dprd.oppose")}/${t("dprd.pass")}`, MARGIN, doc.y, { width });
    if (tally.groups?.length) {
      doc.text(tally.groups.map((g) => t("case.groupLegend", { n: g.id + 1, size: g.size })).join(" · "), { width });
    }
    if ((tally.groups?.length ?? 0) > 1) opinionGroups(tally, titleOf);
  }

  /** What sets each opinion group apart (Pol.is repness, with its z) and what every group agrees on. */
  function opinionGroups(tally: NonNullable<Dossier["caseView"]["tally"]>, titleOf: Map<string, string>) {
    const lng = req.lng;
    const percent = (x: number) => formatPercent(x, lng);
    const title = (id: string) => (titleOf.get(id) ?? id).slice(0, 90);
    doc.moveDown(0.5);
    for (const g of tally.groups ?? []) {
      ensureSpace(40);
      doc.font("bold").fontSize(9.5).fillColor(GROUP_COLOURS[g.id % GROUP_COLOURS.length]!).text(t("case.groupLegend", { n: g.id + 1, size: formatNumber(g.size, lng) }), MARGIN, doc.y, { width });
      para(t("case.map.repnessIntro"), MUTED);
      for (const r of g.repness ?? []) {
        const line = t(r.direction === "agree" ? "case.map.agreeLine" : "case.map.disagreeLine", { group: percent(r.groupShare ?? r.inGroup), rest: percent(r.restShare ?? r.rest) });
        const sig = t(r.significant ? "case.map.significant" : "case.map.notSignificant", { z: formatNumber(r.z, lng, 1) });
        para(`• ${title(r.proposalId)} — ${line} · ${sig}`);
      }
    }
    const common = tally.consensusStatements;
    if (common && common.agree.length + common.disagree.length > 0) {
      ensureSpace(30);
      if (common.agree.length > 0) doc.font("bold").fontSize(9.5).fillColor(INK).text(t("case.map.commonGround"), MARGIN, doc.y, { width });
      for (const s of common.agree) para(`• ${title(s.proposalId)} ${t("case.map.everyGroupAgrees", { weakest: percent(s.weakestShare ?? s.weakest) })}`);
      if (common.disagree.length > 0) doc.font("bold").fontSize(9.5).fillColor(INK).text(t("case.map.commonRejection"), MARGIN, doc.y, { width });
      for (const s of common.disagree) para(`• ${title(s.proposalId)} ${t("case.map.everyGroupDisagrees", { weakest: percent(s.weakestShare ?? s.weakest) })}`);
    }
  }

  // Page numbers last, once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("body").fontSize(8).fillColor(MUTED)
      .text(`Musyawarah · ${t("exports.pdfPage", { page: i + 1, pages: range.count })}`, MARGIN, doc.page.height - 32, { width, align: "center", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await finished(out);
}
