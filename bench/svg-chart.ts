/** One line of a chart: a name, a colour and (x, y) points. */
export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

export interface Panel {
  title: string;
  yLabel: string;
  series: Series[];
  /** Horizontal reference line (a target), drawn dotted. */
  targetY?: number;
  logY?: boolean;
}

const PANEL_W = 460;
const PANEL_H = 300;
const MARGIN = { left: 64, right: 16, top: 36, bottom: 44 };

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
const tickLabel = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : v >= 10 ? v.toFixed(0) : v.toPrecision(2));

/**
 * Hand-written SVG line charts, panels side by side, for the load report (no chart library:
 * a few dozen points do not need one). x is players; y linear or log10.
 */
export function renderChart(title: string, xLabel: string, panels: Panel[]): string {
  const width = panels.length * PANEL_W;
  const height = PANEL_H + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  panels.forEach((panel, index) => parts.push(renderPanel(panel, index * PANEL_W, 24, xLabel)));
  parts.push('</svg>');
  return parts.join('\n');
}

function renderPanel(panel: Panel, offsetX: number, offsetY: number, xLabel: string): string {
  const points = panel.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y) && (!panel.logY || p.y > 0));
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  if (panel.targetY !== undefined) ys.push(panel.targetY);
  const xMin = 0;
  const xMax = Math.max(1, ...xs) * 1.05;
  const yMinRaw = panel.logY ? Math.min(...ys) : 0;
  const yMaxRaw = Math.max(1e-9, ...ys);
  const yMin = panel.logY ? 10 ** Math.floor(Math.log10(yMinRaw)) : 0;
  const yMax = panel.logY ? 10 ** Math.ceil(Math.log10(yMaxRaw)) : yMaxRaw * 1.15;
  const plotW = PANEL_W - MARGIN.left - MARGIN.right;
  const plotH = PANEL_H - MARGIN.top - MARGIN.bottom;
  const x0 = offsetX + MARGIN.left;
  const y0 = offsetY + MARGIN.top;
  const sx = (x: number) => x0 + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number) =>
    panel.logY ? y0 + plotH - ((Math.log10(y) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * plotH : y0 + plotH - ((y - yMin) / (yMax - yMin)) * plotH;

  const out: string[] = [];
  out.push(`<text x="${x0 + plotW / 2}" y="${offsetY + 18}" text-anchor="middle" font-weight="bold">${escapeXml(panel.title)}</text>`);
  out.push(`<rect x="${x0}" y="${y0}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  const yTicks = panel.logY
    ? Array.from({ length: Math.round(Math.log10(yMax / yMin)) + 1 }, (_, i) => yMin * 10 ** i)
    : Array.from({ length: 6 }, (_, i) => (yMax * i) / 5);
  for (const y of yTicks) {
    out.push(`<line x1="${x0}" x2="${x0 + plotW}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#eee"/>`);
    out.push(`<text x="${x0 - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end">${tickLabel(y)}</text>`);
  }
  const xTicks = [...new Set(xs)].sort((a, b) => a - b);
  for (const x of xTicks) out.push(`<text x="${sx(x).toFixed(1)}" y="${y0 + plotH + 16}" text-anchor="middle">${x}</text>`);
  out.push(`<text x="${x0 + plotW / 2}" y="${y0 + plotH + 34}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  out.push(`<text transform="translate(${offsetX + 14} ${y0 + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(panel.yLabel)}</text>`);
  if (panel.targetY !== undefined) {
    const y = sy(panel.targetY).toFixed(1);
    out.push(`<line x1="${x0}" x2="${x0 + plotW}" y1="${y}" y2="${y}" stroke="#c00" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${x0 + plotW - 4}" y="${Number(y) - 4}" text-anchor="end" fill="#c00">target</text>`);
  }
  panel.series.forEach((series, i) => {
    const pts = series.points.filter((p) => Number.isFinite(p.y) && (!panel.logY || p.y > 0)).sort((a, b) => a.x - b.x);
    if (pts.length > 0) {
      const d = pts.map((p, k) => `${k === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
      for (const p of pts) out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${series.color}"/>`);
    }
    const ly = y0 + 14 + i * 16;
    out.push(`<line x1="${x0 + 8}" x2="${x0 + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${x0 + 32}" y="${ly}">${escapeXml(series.name)}</text>`);
  });
  return out.join('\n');
}
