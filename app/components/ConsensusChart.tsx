import { useTranslation } from "react-i18next";
import { formatPercent } from "~/i18n/format";

// A small fixed-size SVG (renders on the server, prints, needs no JavaScript): for each proposal, one bar per
// opinion group showing the share of that group's voters who support it (what people did, not the smoothed
// estimate the ranking uses). The tally table beside it holds the same numbers as text.
const COLOURS = ["#0b5d4b", "#b7791f", "#2b6cb0", "#9b2c2c", "#553c9a"];

export function ConsensusChart({ proposals, groups, titleOf }: {
  proposals: { id: string; groups?: { group: number; agree: number; votes: number }[] }[];
  groups: { id: number; size: number }[];
  titleOf: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const share = (g: { agree: number; votes: number }) => (g.votes > 0 ? g.agree / g.votes : 0);
  const shown = proposals.slice(0, 5);
  const barH = 10;
  const rowH = groups.length * (barH + 2) + 22;
  const width = 340;
  const labelW = 0;
  const height = shown.length * rowH + 8 + groups.length * 14;
  return (
    <figure className="consensus-chart">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t("case.chartLabel")}>
        {shown.map((p, i) => (
          <g key={p.id} transform={`translate(0 ${i * rowH})`}>
            <text x={0} y={12} fontSize={12} fill="#1b1f23">{titleOf(p.id).slice(0, 48)}</text>
            {(p.groups ?? []).map((g) => (
              <g key={g.group} transform={`translate(${labelW} ${16 + g.group * (barH + 2)})`}>
                <rect width={width - 60} height={barH} fill="#eef0ee" />
                <rect width={(width - 60) * share(g)} height={barH} fill={COLOURS[g.group % COLOURS.length]} />
                <text x={width - 54} y={barH - 1} fontSize={10} fill="#1b1f23">{g.votes > 0 ? formatPercent(share(g), i18n.language) : "–"}</text>
              </g>
            ))}
          </g>
        ))}
        <g transform={`translate(0 ${shown.length * rowH + 8})`}>
          {groups.map((g, i) => (
            <g key={g.id} transform={`translate(0 ${i * 14})`}>
              <rect width={10} height={10} fill={COLOURS[g.id % COLOURS.length]} />
              <text x={14} y={9} fontSize={10} fill="#1b1f23">{t("case.groupLegend", { n: g.id + 1, size: g.size })}</text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption className="hint">{t("case.chartCaption")}</figcaption>
    </figure>
  );
}
