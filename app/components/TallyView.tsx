import { useTranslation } from "react-i18next";
import type { Tally } from "~/domain/ballot";
import { ConsensusChart } from "./ConsensusChart";

/** A tally as a table (and, for approval ballots with opinion groups, the consensus chart beside it). */
export function TallyView({ tally, provisional, titleOf }: { tally: Tally; provisional: boolean; titleOf: (id: string) => string }) {
  const { t } = useTranslation();
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
        </>
      )}
      <div className="table-scroll">
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
          {tally.proposals.map((p) => (
            <tr key={p.id} className={p.id === tally.winnerId ? "winner" : ""}>
              {tally.type === "ranked" && <td>{p.rank}</td>}
              <th scope="row">{titleOf(p.id)}{p.id === tally.winnerId && <> · <strong>{t("case.winner")}</strong></>}</th>
              <td>{p.support}</td>
              {tally.type === "approval" && <td>{p.oppose}</td>}
              <td>{p.pass}</td>
              <td>{p.supportPercent}%</td>
              {tally.type === "approval" && (
                <td>{(p.groups ?? []).map((g) => `${t("case.groupShort", { n: g.group + 1 })} ${Math.round(g.probability * 100)}%`).join(" · ")}</td>
              )}
              {tally.type === "approval" && <td>{p.consensus !== undefined ? p.consensus.toFixed(3) : "—"}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </>
  );
}
