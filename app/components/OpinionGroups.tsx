import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import type { Tally } from "~/domain/ballot";
import { formatNumber, formatPercent } from "~/i18n/format";
import { GROUP_COLOURS, OpinionMap, type MyPlaceView } from "./OpinionMap";

// The opinion groups of an approval tally: the map (with the viewer's own place when they voted), what sets each
// group apart (Pol.is "repness", with its statistic) and what every group agrees on. Server-rendered text first. The
// shares shown are plain (3 of 4 = 75 %); the smoothed ones behind the statistics are in the tally's JSON.
export function OpinionGroups({ tally, me, titleOf }: { tally: Tally; me: MyPlaceView | null | undefined; titleOf: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const groups = tally.groups ?? [];
  if (groups.length < 2) return null;
  const percent = (x: number) => formatPercent(x, lng);
  return (
    <section className="opinion-groups" aria-labelledby="posisi">
      <h3 id="posisi">{t("case.map.title")}</h3>
      <OpinionMap groups={groups} me={me ?? null} />
      {me === undefined ? null : me === null ? (
        <p>{t("case.map.notVoted")}</p>
      ) : me.group === null ? (
        <p>{t("case.map.tooFew", { count: me.votes, min: me.minVotes })}</p>
      ) : (
        <p className="my-group">
          <strong>{t("case.map.youAreIn", { n: me.group + 1, size: formatNumber(groups[me.group]?.size ?? 0, lng) })}</strong>
        </p>
      )}
      {tally.clustered !== undefined && tally.clustered < tally.voters && (
        <p className="hint">{t("case.map.notPlaced", { count: tally.voters - tally.clustered, min: tally.minVotes ?? 7 })}</p>
      )}
      <div className="group-cards">
        {groups.map((g) => (
          <article key={g.id} className={`group-card${me?.group === g.id ? " mine" : ""}`} style={{ borderColor: GROUP_COLOURS[g.id % GROUP_COLOURS.length] }}>
            <h4>
              {t("case.groupLegend", { n: g.id + 1, size: formatNumber(g.size, lng) })}
              {me?.group === g.id && <> · {t("case.map.yours")}</>}
            </h4>
            <p className="hint">{t("case.map.repnessIntro")}</p>
            <ul>
              {(g.repness ?? []).map((r) => (
                <li key={r.proposalId}>
                  <span className="statement">{titleOf(r.proposalId)}</span>{" "}
                  <span className="muted">
                    {t(r.direction === "agree" ? "case.map.agreeLine" : "case.map.disagreeLine", { group: percent(r.groupShare ?? r.inGroup), rest: percent(r.restShare ?? r.rest) })}
                    {" · "}
                    {t(r.significant ? "case.map.significant" : "case.map.notSignificant", { z: formatNumber(r.z, lng, 1) })}
                  </span>
                </li>
              ))}
            </ul>
          </article>
        ))}
      </div>
      {(["agree", "disagree"] as const).map((direction) => {
        const statements = tally.consensusStatements?.[direction] ?? [];
        if (statements.length === 0) return null;
        return (
          <Fragment key={direction}>
            <h4>{t(direction === "agree" ? "case.map.commonGround" : "case.map.commonRejection")}</h4>
            <ul className="consensus-statements">
              {statements.map((s) => (
                <li key={s.proposalId}>
                  <span className="statement">{titleOf(s.proposalId)}</span>{" "}
                  <span className="muted">{t(direction === "agree" ? "case.map.everyGroupAgrees" : "case.map.everyGroupDisagrees", { weakest: percent(s.weakestShare ?? s.weakest) })}</span>
                </li>
              ))}
            </ul>
          </Fragment>
        );
      })}
    </section>
  );
}
