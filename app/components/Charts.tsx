// Server-rendered SVG charts for the public dashboard: they show without JavaScript and print. Each is drawn
// beside a data table holding the same numbers (the table is what screen readers and exports use).

const INK = "#1b1f23";

export function HorizontalBars({ items, label }: { items: { label: string; value: number; colour: string }[]; label: string }) {
  const width = 340;
  const rowH = 26;
  const max = Math.max(1, ...items.map((i) => i.value));
  const height = items.length * rowH;
  return (
    <svg className="chart" width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} preserveAspectRatio="xMinYMin meet">
      {items.map((item, i) => (
        <g key={item.label} transform={`translate(0 ${i * rowH})`}>
          <text x={0} y={15} fontSize={12} fill={INK}>{item.label}</text>
          <rect x={110} y={4} width={Math.max(1, ((width - 170) * item.value) / max)} height={14} fill={item.colour} />
          <text x={116 + ((width - 170) * item.value) / max} y={15} fontSize={12} fill={INK}>{item.value.toLocaleString("id-ID")}</text>
        </g>
      ))}
    </svg>
  );
}

export function MonthlyColumns({ months, series, label }: { months: string[]; series: { name: string; values: number[]; colour: string }[]; label: string }) {
  const width = 360;
  const height = 170;
  const plotH = 120;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = width / months.length;
  const barW = Math.max(2, (slot - 4) / series.length);
  return (
    <svg className="chart" width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} preserveAspectRatio="xMinYMin meet">
      <line x1={0} x2={width} y1={plotH} y2={plotH} stroke="#8a949e" />
      <text x={0} y={10} fontSize={10} fill={INK}>{max.toLocaleString("id-ID")}</text>
      {months.map((m, i) => (
        <g key={m} transform={`translate(${i * slot + 2} 0)`}>
          {series.map((s, j) => {
            const h = (plotH - 14) * (s.values[i]! / max);
            return <rect key={s.name} x={j * barW} y={plotH - h} width={barW - 1} height={h} fill={s.colour} />;
          })}
          {(i % 2 === 0 || months.length <= 6) && <text x={0} y={plotH + 14} fontSize={9} fill={INK}>{m.slice(2).replace("-", "/")}</text>}
        </g>
      ))}
      {series.map((s, j) => (
        <g key={s.name} transform={`translate(${j * 130} ${plotH + 26})`}>
          <rect width={10} height={10} y={6} fill={s.colour} />
          <text x={14} y={15} fontSize={11} fill={INK}>{s.name}</text>
        </g>
      ))}
    </svg>
  );
}
