"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** How a series is told apart without its colour: a fill pattern, besides its name in the legend. */
export type FillPattern = "solid" | "stripes" | "dots" | "crosshatch" | "backslash" | "grid";

export interface Series {
  key: string;
  label: string;
  color: string;
  pattern: FillPattern;
}

export const PATTERN_CYCLE: readonly FillPattern[] = ["solid", "stripes", "dots", "crosshatch", "backslash", "grid"];

function PatternMarks({ pattern, color }: { pattern: FillPattern; color: string }) {
  switch (pattern) {
    case "solid":
      return null;
    case "stripes":
      return <path d="M0,8 L8,0" stroke={color} strokeWidth={2} />;
    case "backslash":
      return <path d="M0,0 L8,8" stroke={color} strokeWidth={2} />;
    case "dots":
      return <circle cx={4} cy={4} r={1.6} fill={color} />;
    case "crosshatch":
      return <path d="M0,8 L8,0 M0,0 L8,8" stroke={color} strokeWidth={1.2} />;
    case "grid":
      return <path d="M4,0 L4,8 M0,4 L8,4" stroke={color} strokeWidth={1.2} />;
  }
}

/** SVG patterns for the series of one chart; `prefix` keeps ids unique on the page. */
export function SeriesPatterns({ prefix, series }: { prefix: string; series: readonly Series[] }) {
  return (
    <defs>
      {series.map(({ key, color, pattern }) => (
        <pattern key={key} id={`${prefix}-${key}`} width={8} height={8} patternUnits="userSpaceOnUse">
          <rect width={8} height={8} fill={color} fillOpacity={pattern === "solid" ? 1 : 0.35} />
          <PatternMarks pattern={pattern} color={color} />
        </pattern>
      ))}
    </defs>
  );
}

/** A legend swatch drawn with the series' pattern, for legends outside a chart. */
export function Swatch({ prefix, series }: { prefix: string; series: Series }) {
  return (
    <svg aria-hidden width={12} height={12} className="inline-block shrink-0 rounded-sm ring-1 ring-slate-300">
      <SeriesPatterns prefix={`${prefix}-swatch`} series={[series]} />
      <rect width={12} height={12} fill={`url(#${prefix}-swatch-${series.key})`} />
    </svg>
  );
}

/**
 * Bars per bucket, one band per series stacked, each band filled with its series' pattern. A
 * click on a band calls `onSelect` with the series and the bucket's index.
 */
export function StackedBars({
  id,
  label,
  data,
  series,
  layout = "horizontal",
  onSelect,
}: {
  id: string;
  /** The chart's accessible name. */
  label: string;
  data: readonly Record<string, string | number | null>[];
  series: readonly Series[];
  /** "vertical": one bar per row, growing to the right (for named items rather than times). */
  layout?: "horizontal" | "vertical";
  onSelect?: (seriesKey: string, index: number) => void;
}) {
  return (
    <div role="img" aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={[...data]} layout={layout} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <SeriesPatterns prefix={id} series={series} />
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {layout === "horizontal" ? (
            <>
              <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={48} />
            </>
          ) : (
            <>
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
              <YAxis type="category" dataKey="label" tick={{ fontSize: 11 }} width={160} />
            </>
          )}
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map(({ key, label: name, color }) => (
            <Bar
              key={key}
              dataKey={key}
              name={name}
              stackId="stack"
              fill={`url(#${id}-${key})`}
              stroke={color}
              strokeWidth={0.5}
              isAnimationActive={false}
              cursor={onSelect ? "pointer" : undefined}
              onClick={onSelect ? (_entry, index) => onSelect(key, index) : undefined}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
