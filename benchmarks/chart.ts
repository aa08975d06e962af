// The scaling chart as hand-written SVG: one column per curve (keys, window length, pattern
// length), events/s on top and the live state's heap below, log-scaled x. No dependencies.
import type { ScalingPoint } from './job-output.js';

const PANEL_WIDTH = 280;
const PANEL_HEIGHT = 170;
const MARGIN = { left: 62, right: 18, top: 34, bottom: 44 };
const CURVES: readonly { curve: ScalingPoint['curve']; title: string; axis: string }[] = [
  { curve: 'keys', title: 'Keys (W1 pattern)', axis: 'keys' },
  { curve: 'window', title: 'Window (W3 a b+ c relaxed)', axis: 'events per key in the window' },
  { curve: 'length', title: 'Pattern length (followedBy chain)', axis: 'steps' },
];
const ROWS: readonly { title: string; value: (p: ScalingPoint) => number; format: (v: number) => string; colour: string }[] = [
  { title: 'events/s', value: (p) => p.eventsPerSecond, format: compact, colour: '#1f6feb' },
  { title: 'live state heap, MB', value: (p) => p.stateMb, format: (v) => (v >= 10 ? v.toFixed(0) : String(Number(v.toFixed(2)))), colour: '#d1242f' },
];

/** Renders the chart; curves without points are drawn as empty panels saying so. */
export function renderScalingChart(points: readonly ScalingPoint[], caption: string): string {
  const width = CURVES.length * (PANEL_WIDTH + MARGIN.left + MARGIN.right);
  const height = 40 + ROWS.length * (PANEL_HEIGHT + MARGIN.top + MARGIN.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(caption)}</text>`,
  ];
  CURVES.forEach((spec, column) => {
    const curve = points.filter((p) => p.curve === spec.curve).sort((a, b) => a.x - b.x);
    ROWS.forEach((row, rowIndex) => {
      const x0 = column * (PANEL_WIDTH + MARGIN.left + MARGIN.right) + MARGIN.left;
      const y0 = 40 + rowIndex * (PANEL_HEIGHT + MARGIN.top + MARGIN.bottom) + MARGIN.top;
      parts.push(panel(x0, y0, `${spec.title}: ${row.title}`, spec.axis, curve, row));
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function panel(x0: number, y0: number, title: string, axis: string, points: readonly ScalingPoint[], row: (typeof ROWS)[number]): string {
  const out: string[] = [`<g>`, `<text x="${x0}" y="${y0 - 12}" font-weight="bold">${escapeXml(title)}</text>`];
  out.push(`<rect x="${x0}" y="${y0}" width="${PANEL_WIDTH}" height="${PANEL_HEIGHT}" fill="none" stroke="#999999"/>`);
  if (points.length === 0) {
    out.push(`<text x="${x0 + PANEL_WIDTH / 2}" y="${y0 + PANEL_HEIGHT / 2}" text-anchor="middle" fill="#666666">not measured</text>`, '</g>');
    return out.join('\n');
  }
  const xs = points.map((p) => Math.log(p.x));
  const minX = Math.min(...xs);
  const spanX = Math.max(...xs) - minX || 1;
  const maxY = niceCeiling(Math.max(...points.map(row.value)));
  const px = (p: ScalingPoint): number => x0 + 14 + ((Math.log(p.x) - minX) / spanX) * (PANEL_WIDTH - 28);
  const py = (v: number): number => y0 + PANEL_HEIGHT - (v / maxY) * (PANEL_HEIGHT - 10);
  for (let i = 0; i <= 4; i++) {
    const value = (maxY * i) / 4;
    const y = py(value);
    out.push(`<line x1="${x0}" y1="${y.toFixed(1)}" x2="${x0 + PANEL_WIDTH}" y2="${y.toFixed(1)}" stroke="#eeeeee"/>`);
    out.push(`<text x="${x0 - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" fill="#444444">${escapeXml(row.format(value))}</text>`);
  }
  for (const p of points) {
    out.push(`<text x="${px(p).toFixed(1)}" y="${y0 + PANEL_HEIGHT + 15}" text-anchor="middle" fill="#444444">${escapeXml(compact(p.x))}</text>`);
  }
  out.push(`<text x="${x0 + PANEL_WIDTH / 2}" y="${y0 + PANEL_HEIGHT + 32}" text-anchor="middle" fill="#444444">${escapeXml(axis)} (log scale)</text>`);
  const path = points.map((p) => `${px(p).toFixed(1)},${py(row.value(p)).toFixed(1)}`).join(' ');
  out.push(`<polyline points="${path}" fill="none" stroke="${row.colour}" stroke-width="2"/>`);
  for (const p of points) {
    const cx = px(p).toFixed(1);
    const cy = py(row.value(p));
    out.push(`<circle cx="${cx}" cy="${cy.toFixed(1)}" r="3" fill="${row.colour}"/>`);
    out.push(`<text x="${cx}" y="${(cy - 7).toFixed(1)}" text-anchor="middle" font-size="10" fill="${row.colour}">${escapeXml(row.format(row.value(p)))}</text>`);
  }
  out.push('</g>');
  return out.join('\n');
}

/** 1234567 → `1.2M`, 85000 → `85k`, 12 → `12`. */
function compact(value: number): string {
  const short = (n: number, digits: number): string => n.toFixed(digits).replace(/\.0$/, '');
  if (value >= 1e6) return `${short(value / 1e6, value >= 1e7 ? 0 : 1)}M`;
  if (value >= 1e3) return `${short(value / 1e3, value >= 1e4 ? 0 : 1)}k`;
  return short(value, value >= 10 ? 0 : 1);
}

/** The smallest of 1, 2, 2.5, 5 × 10^n at or above `value`. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A small well-formedness check (balanced tags, quoted unique attributes, escaped text), enough
 * to catch a broken generator without an XML dependency. Throws with the offset of the problem.
 */
export function assertWellFormedXml(text: string): void {
  const open: string[] = [];
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  let roots = 0;
  for (let match = token.exec(text); match !== null; match = token.exec(text)) {
    const [whole, closing, opening, attributes, selfClosing] = match;
    if (whole === '<' || whole === '&') throw new SyntaxError(`malformed markup at offset ${match.index}: ${JSON.stringify(text.slice(match.index, match.index + 40))}`);
    if (closing !== undefined) {
      const expected = open.pop();
      if (expected !== closing) throw new SyntaxError(`</${closing}> at offset ${match.index} closes <${expected ?? 'nothing'}>`);
    } else if (opening !== undefined) {
      const names = [...(attributes ?? '').matchAll(/([A-Za-z_:][\w:.-]*)\s*=/g)].map((m) => m[1]);
      if (new Set(names).size !== names.length) throw new SyntaxError(`duplicate attribute in <${opening}> at offset ${match.index}`);
      if (open.length === 0) roots++;
      if (selfClosing !== '/') open.push(opening);
    }
  }
  if (open.length > 0) throw new SyntaxError(`unclosed <${open.join('>, <')}>`);
  if (roots !== 1) throw new SyntaxError(`expected one root element, found ${roots}`);
}
