import { useTranslation } from "react-i18next";
import type { TallyGroup } from "~/domain/ballot";
import { formatNumber } from "~/i18n/format";

// "Di mana posisi saya?": the opinion map as a small SVG rendered on the server (no JavaScript, prints). Each group is
// an ellipse (its centre and spread, never its members' points) with its size; the signed-in voter's own place is
// the only point drawn. The same facts are written out as text under it.
export const GROUP_COLOURS = ["#0b5d4b", "#b7791f", "#2b6cb0", "#9b2c2c", "#553c9a"];
const WIDTH = 340;
const HEIGHT = 240;
const PAD = 16;

export interface MyPlaceView {
  position: [number, number];
  group: number | null;
  votes: number;
  minVotes: number;
}

export function OpinionMap({ groups, me }: { groups: TallyGroup[]; me: MyPlaceView | null }) {
  const { t, i18n } = useTranslation();
  const placed = groups.filter((g) => g.centre && g.spread);
  if (placed.length < 2) return null;
  // Bounds: every group's centre ± 1.5 spread, and the voter's own point; the same scale on both axes.
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  const include = (x: number, y: number) => {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  };
  for (const g of placed) {
    include(g.centre![0] - 1.5 * g.spread![0], g.centre![1] - 1.5 * g.spread![1]);
    include(g.centre![0] + 1.5 * g.spread![0], g.centre![1] + 1.5 * g.spread![1]);
  }
  // The voter's own point widens the map, but a point far out (a voter with few votes is scaled up) is drawn at the
  // edge of a map at most half again as wide as the groups', so the groups never shrink to dots.
  let mine: [number, number] | null = null;
  if (me) {
    const padX = (maxX - minX) * 0.25;
    const padY = (maxY - minY) * 0.25;
    mine = [Math.min(maxX + padX, Math.max(minX - padX, me.position[0])), Math.min(maxY + padY, Math.max(minY - padY, me.position[1]))];
    include(mine[0], mine[1]);
  }
  const scale = Math.min((WIDTH - 2 * PAD) / Math.max(maxX - minX, 1e-9), (HEIGHT - 2 * PAD) / Math.max(maxY - minY, 1e-9));
  const offsetX = (WIDTH - (maxX - minX) * scale) / 2;
  const offsetY = (HEIGHT - (maxY - minY) * scale) / 2;
  const sx = (x: number) => offsetX + (x - minX) * scale;
  // Screen y grows downwards: flip, so "up" on the map is the second component's positive side.
  const sy = (y: number) => HEIGHT - (offsetY + (y - minY) * scale);
  const lng = i18n.language;
  const myGroup = me?.group ?? null;
  const label = me
    ? myGroup !== null
      ? t("case.map.labelWithMe", { count: placed.length, n: myGroup + 1 })
      : t("case.map.labelNotPlaced", { count: placed.length })
    : t("case.map.label", { count: placed.length });
  return (
    <figure className="opinion-map">
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <rect width={WIDTH} height={HEIGHT} fill="#f7f8f7" rx={6} />
        {placed.map((g) => (
          <g key={g.id}>
            <ellipse
              cx={sx(g.centre![0])} cy={sy(g.centre![1])}
              rx={Math.max(8, 1.5 * g.spread![0] * scale)} ry={Math.max(8, 1.5 * g.spread![1] * scale)}
              fill={GROUP_COLOURS[g.id % GROUP_COLOURS.length]} fillOpacity={0.18}
              stroke={GROUP_COLOURS[g.id % GROUP_COLOURS.length]} strokeWidth={g.id === myGroup ? 3 : 1.5}
            />
            <text x={sx(g.centre![0])} y={sy(g.centre![1]) + 4} textAnchor="middle" fontSize={12} fontWeight={700} fill="#1b1f23">
              {t("case.map.groupTag", { n: g.id + 1, size: formatNumber(g.size, lng) })}
            </text>
          </g>
        ))}
        {mine && (
          <g>
            <circle cx={sx(mine[0])} cy={sy(mine[1])} r={7} fill="#1b1f23" stroke="#fff" strokeWidth={2.5} />
            <text x={sx(mine[0]) + 10} y={sy(mine[1]) - 8} fontSize={12} fontWeight={700} fill="#1b1f23" stroke="#fff" strokeWidth={3} paintOrder="stroke">
              {t("case.map.you")}
            </text>
          </g>
        )}
      </svg>
      <figcaption className="hint">{t("case.map.caption")}</figcaption>
    </figure>
  );
}
