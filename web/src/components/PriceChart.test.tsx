import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PriceChart } from './PriceChart';

const day = (d: number) => Date.UTC(2026, 10, d, 12);

describe('PriceChart', () => {
  it('says so when there are no points', () => {
    const { container } = render(<PriceChart points={[]} label="Listing price" />);
    expect(screen.getByText('No price history recorded yet.')).toBeInTheDocument();
    expect(container.querySelector('svg')).toBeNull();
  });

  it('draws a single point as a dot without a line', () => {
    const { container } = render(<PriceChart points={[{ t: day(20), value: 12.5 }]} label="Listing price" />);
    const img = screen.getByRole('img');
    expect(img).toHaveAccessibleName(/Listing price: one point, \$12\.50/);
    expect(container.querySelectorAll('circle.chart-dot')).toHaveLength(1);
    expect(container.querySelector('polyline')).toBeNull();
    const dot = container.querySelector('circle.chart-dot')!;
    expect(Number(dot.getAttribute('cx'))).toBeGreaterThan(0);
    expect(Number.isFinite(Number(dot.getAttribute('cy')))).toBe(true);
  });

  it('draws many points as a line, sorted by time, with an accessible summary and data table', () => {
    const points = [
      { t: day(24), value: 28.5 },
      { t: day(20), value: 34 },
      { t: day(22), value: 31 },
    ];
    const { container } = render(<PriceChart points={points} currency="EUR" label="Listing price" />);
    expect(screen.getByRole('img')).toHaveAccessibleName(
      /Listing price: 3 points from .* to .*; lowest €28\.50, highest €34\.00, latest €28\.50\./,
    );
    const line = container.querySelector('polyline')!;
    const coords = line.getAttribute('points')!.split(' ').map((p) => p.split(',').map(Number));
    expect(coords).toHaveLength(3);
    const xs = coords.map(([x]) => x!);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // higher price = smaller y: 34 (first in time) is highest on screen
    const ys = coords.map(([, y]) => y!);
    expect(ys[0]).toBeLessThan(ys[1]!);
    expect(ys[1]).toBeLessThan(ys[2]!);
    expect(container.querySelectorAll('circle.chart-dot')).toHaveLength(3);
    expect(screen.getAllByRole('row')).toHaveLength(4); // header + 3 rows
    expect(container.querySelector('[data-testid="chart-band"]')).toBeNull();
  });

  it('draws a min–max band for daily release prices', () => {
    const { container } = render(
      <PriceChart
        points={[
          { t: day(24), value: 17.5, min: 10, max: 25 },
          { t: day(25), value: 15, min: 12, max: 18 },
        ]}
        label="Daily average price"
      />,
    );
    expect(container.querySelector('[data-testid="chart-band"]')).not.toBeNull();
    expect(screen.getByText('$10.00 – $25.00')).toBeInTheDocument();
  });

  it('handles a flat series without dividing by zero', () => {
    const { container } = render(
      <PriceChart points={[{ t: day(1), value: 20 }, { t: day(2), value: 20 }]} label="Listing price" />,
    );
    const pts = container.querySelector('polyline')!.getAttribute('points')!;
    expect(pts).not.toMatch(/NaN|Infinity/);
  });
});
