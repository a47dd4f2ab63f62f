import { useTranslation } from "react-i18next";
import type { Tally } from "~/domain/ballot";
import { formatNumber, formatPercent } from "~/i18n/format";
import { ConsensusChart } from "./ConsensusChart";
import { OpinionGroups } from "./OpinionGroups";
import type { MyPlaceView } from "./OpinionMap";
import { ScrollTable } from "./ScrollTable";

/** A Pol.is-scale conversation has thousands of statements: the page lists the best ones, the download all. */
const TABLE_ROWS = 50;

/**
 * A tally as a table (and, for approval ballots with opinion groups, the consensus chart, the opinion map with the
 * viewer's own place, and each group's representative statements). `me`: undefined = not a voter's view (no
 * "where do I stand?"), null = a signed-in person without a ballot.
 */
export function TallyView({ tally, provisional, titleOf, me, downloadHref }: { tally: Tally; provisional: boolean; titleOf: (id: string) => string; me?: MyPlaceView | null; downloadHref?: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  // The best rows, and the winner's always (it can rank lower when proposals above it miss the minimum support).
  const rows = tally.proposals.filter((p, i) => i < TABLE_ROWS || p.id === tally.winnerId);
  return (
    <>
      <h3>{provisional ? t("case.tallyProvisional") : t("case.tally")}</h3>
      {provisional ? (
        <p className="muted">{t("case.provisionalNote", { voters: tally.voters })}</p>
      ) : (
        <p>{t(`case.reasons.${tally.reason}`, { voters: tally.voters, quorum: tally.quorum, min: tally.minSupportPercent })}</p>
      )}
      {tally.groups && tally.groups.length > 0 && (
        <>
          <p>
            {tally.groups.length > 1
              ? t("case.groupsFound", { count: tally.groups.length, sizes: tally.groups.map((g) => g.size).join(", ") })
              : t("case.oneGroup")}
          </p>
          <ConsensusChart proposals={tally.proposals} groups={tally.groups} titleOf={titleOf} />
          <OpinionGroups tally={tally} me={me} titleOf={titleOf} />
        </>
      )}
      {tally.type === "approval" && <p className="hint">{t("case.consensusHint")}</p>}
      <ScrollTable label={t("case.tally")}>
      <table>
        <caption className="visually-hidden">{t("case.tally")}</caption>
        <thead>
          <tr>
            {tally.type === "ranked" && <th scope="col">{t("case.tallyRank")}</th>}
            <th scope="col">{t("case.tallyProposal")}</th>
            <th scope="col">{t("case.tallySupport")}</th>
            {tally.type === "approval" && <th scope="col">{t("case.tallyOppose")}</th>}
            <th scope="col">{t("case.tallyPass")}</th>
            <th scope="col">{t("case.tallyShare")}</th>
            {tally.type === "approval" && <th scope="col">{t("case.tallyGroups")}</th>}
            {tally.type === "approval" && <th scope="col">{t("case.tallyConsensus")}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} className={p.id === tally.winnerId ? "winner" : ""}>
              {tally.type === "ranked" && <td>{p.rank}</td>}
              <th scope="row">{titleOf(p.id)}{p.id === tally.winnerId && <> · <strong>{t("case.winner")}</strong></>}</th>
              <td>{p.support}</td>
              {tally.type === "approval" && <td>{p.oppose}</td>}
              <td>{p.pass}</td>
              <td>{formatNumber(p.supportPercent, lng, p.supportPercent % 1 === 0 ? 0 : 1)}%</td>
              {tally.type === "approval" && (
                <td>
                  {(p.groups ?? [])
                    .map((g) => {
                      const group = t("case.groupShort", { n: g.group + 1 });
                      return g.votes > 0 ? t("case.groupAgree", { group, agree: g.agree, votes: g.votes }) : t("case.groupNoVotes", { group });
                    })
                    .join(" · ")}
                </td>
              )}
              {tally.type === "approval" && <td>{p.consensus !== undefined ? formatPercent(p.consensus, lng) : "—"}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      </ScrollTable>
      {rows.length < tally.proposals.length && (
        <p className="hint">
          {t("case.tableTop", { shown: rows.length, total: formatNumber(tally.proposals.length, lng) })}
          {downloadHref && !provisional && <> <a href={downloadHref} download>{t("case.tableDownload")}</a></>}
        </p>
      )}
    </>
  );
}
