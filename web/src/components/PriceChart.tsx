import { formatConverted, formatMoney, formatShortDate } from '../lib/format';

export interface ChartPoint {
  /** ms epoch */
  t: number;
  value: number;
  /** optional range around the value (daily min/max for a release) */
  min?: number;
  max?: number;
  /** the amount as listed when `value` is its conversion, e.g. { amount: 25, currency: 'USD' } */
  original?: { amount: number; currency: string };
}

interface Props {
  points: ChartPoint[];
  currency?: string;
  /** what is plotted, e.g. "Listing price" or "Daily average price" */
  label: string;
}

// A compact viewBox keeps the labels readable when the chart is scaled down to a phone's width.
const W = 440;
const H = 230;
const PAD = { left: 70, right: 14, top: 14, bottom: 32 };

/** Small dependency-free SVG line chart; a data table beside it keeps it accessible. */
export function PriceChart({ points, currency = 'USD', label }: Props) {
  if (points.length === 0) {
    return <p className="chart-empty">No price history recorded yet.</p>;
  }
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const lows = sorted.map((p) => p.min ?? p.value);
  const highs = sorted.map((p) => p.max ?? p.value);
  let yMin = Math.min(...lows);
  let yMax = Math.max(...highs);
  if (yMax - yMin < 0.01) {
    const pad = Math.max(1, Math.abs(yMax) * 0.1);
    yMin -= pad;
    yMax += pad;
  } else {
    const pad = (yMax - yMin) * 0.08;
    yMin = Math.max(0, yMin - pad);
    yMax += pad;
  }
  const t0 = sorted[0]!.t;
  const t1 = sorted[sorted.length - 1]!.t;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (t: number) => (t1 === t0 ? PAD.left + innerW / 2 : PAD.left + ((t - t0) / (t1 - t0)) * innerW);
  const y = (v: number) => PAD.top + (1 - (v - yMin) / (yMax - yMin)) * innerH;
  const fmt = (v: number) => formatMoney(v, currency);

  const values = sorted.map((p) => p.value);
  const latest = sorted[sorted.length - 1]!;
  const summary =
    sorted.length === 1
      ? `${label}: one point, ${fmt(latest.value)} on ${formatShortDate(latest.t)}.`
      : `${label}: ${sorted.length} points from ${formatShortDate(t0)} to ${formatShortDate(t1)}; ` +
        `lowest ${fmt(Math.min(...values))}, highest ${fmt(Math.max(...values))}, latest ${fmt(latest.value)}.`;

  const line = sorted.map((p) => `${x(p.t).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const hasBand = sorted.length > 1 && sorted.some((p) => p.min !== undefined || p.max !== undefined);
  const band = hasBand
    ? [
        ...sorted.map((p) => `${x(p.t).toFixed(1)},${y(p.max ?? p.value).toFixed(1)}`),
        ...[...sorted].reverse().map((p) => `${x(p.t).toFixed(1)},${y(p.min ?? p.value).toFixed(1)}`),
      ].join(' ')
    : '';
  const ticks = [yMax, (yMax + yMin) / 2, yMin];

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} preserveAspectRatio="xMidYMid meet">
        {ticks.map((v, i) => (
          <g key={i} className="chart-grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 8} y={y(v) + 4} textAnchor="end">
              {fmt(v)}
            </text>
          </g>
        ))}
        <text className="chart-axis" x={PAD.left} y={H - 8} textAnchor="start">
          {formatShortDate(t0)}
        </text>
        {t1 !== t0 && (
          <text className="chart-axis" x={W - PAD.right} y={H - 8} textAnchor="end">
            {formatShortDate(t1)}
          </text>
        )}
        {hasBand && <polygon className="chart-band" points={band} data-testid="chart-band" />}
        {sorted.length > 1 && <polyline className="chart-line" points={line} data-testid="chart-line" />}
        {sorted.map((p, i) => (
          <circle key={i} className="chart-dot" cx={x(p.t)} cy={y(p.value)} r={sorted.length > 40 ? 2 : 4}>
            <title>{`${formatShortDate(p.t)}: ${p.original ? formatConverted(p.value, currency, p.original) : fmt(p.value)}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption>{summary}</figcaption>
      <details className="chart-data">
        <summary>Show data</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Price</th>
              {hasBand && <th scope="col">Range</th>}
            </tr>
          </thead>
          <tbody>
            {sorted.map((p, i) => (
              <tr key={i}>
                <td>{new Date(p.t).toLocaleString()}</td>
                <td>{p.original ? formatConverted(p.value, currency, p.original) : fmt(p.value)}</td>
                {hasBand && <td>{`${fmt(p.min ?? p.value)} – ${fmt(p.max ?? p.value)}`}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
