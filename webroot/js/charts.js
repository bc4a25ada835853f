// Small SVG charts drawn by hand: no chart library, every value also present as text. Their words (titles, function
// names, "n/a") are looked up when a chart is drawn, in the page's language.
import {svg, formatScore} from './dom.js';
import {t, formatNumber} from './i18n.js';

/** A function's score on a chart: rounded, or "n/a" in the page's language. */
function shortScore(score) {
  return score === null || score === undefined ? t('chart.na') : formatNumber(Math.round(score));
}

/**
 * A radar of function scores (0-100); functions without a score are drawn at the centre and marked n/a. compare: an
 * earlier version's functions (dashed); target: the scores aimed for, by function code (a dotted outline).
 */
export function radar(functions, {size = 260, compare = null, target = null} = {}) {
  const n = functions.length;
  const c = size / 2;
  const r = size / 2 - 42;
  const angle = (i) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const point = (i, value) => {
    const k = (value || 0) / 100;
    return [c + r * k * Math.cos(angle(i)), c + r * k * Math.sin(angle(i))];
  };
  const rings = [25, 50, 75, 100].map((v) => svg('polygon', {
    class: 'radar-ring',
    points: functions.map((_, i) => point(i, v).join(',')).join(' '),
  }));
  const spokes = functions.map((_, i) => {
    const [x, y] = point(i, 100);
    return svg('line', {class: 'radar-spoke', x1: c, y1: c, x2: x, y2: y});
  });
  const labels = functions.map((f, i) => {
    const [x, y] = point(i, 122);
    return svg('text', {class: 'radar-label', x, y, 'text-anchor': 'middle', 'dominant-baseline': 'middle'},
      `${f.function} ${shortScore(f.score)}`);
  });
  const shape = (list, cls) => svg('polygon', {
    class: cls,
    points: list.map((f, i) => point(i, f.score).join(',')).join(' '),
  });
  const aimed = target && target.size ? functions.map((f) => ({score: target.get(f.function) ?? 0})) : null;
  const title = t('chart.radar.title', {scores: functions.map((f) => (target && target.has(f.function)
    ? t('chart.radar.scoreWithTarget', {name: t('function.' + f.function), score: formatScore(f.score),
      target: formatScore(target.get(f.function))})
    : t('chart.radar.score', {name: t('function.' + f.function), score: formatScore(f.score)}))).join('; ')});
  return svg('svg', {viewBox: `0 0 ${size} ${size}`, class: 'radar', role: 'img', 'aria-label': title},
    svg('title', {}, title), rings, spokes, compare ? shape(compare, 'radar-area compare') : null,
    aimed ? shape(aimed, 'radar-area target') : null, shape(functions, 'radar-area'), labels);
}

/** The overall score across versions, oldest to newest. */
export function trend(points, {width = 320, height = 120} = {}) {
  const pad = 24;
  if (!points.length) return svg('svg', {viewBox: `0 0 ${width} ${height}`, class: 'trend'});
  const xs = points.map((p) => p.version);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const x = (v) => pad + (maxX === minX ? (width - 2 * pad) / 2 : ((v - minX) / (maxX - minX)) * (width - 2 * pad));
  const y = (s) => height - pad - (s / 100) * (height - 2 * pad);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.version).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  const title = t('chart.trend.title', {scores: points.map((p) => t('chart.trend.point',
    {version: t('report.versionShort', {version: String(p.version)}), score: formatScore(p.score)})).join('; ')});
  return svg('svg', {viewBox: `0 0 ${width} ${height}`, class: 'trend', role: 'img', 'aria-label': title},
    svg('title', {}, title),
    [0, 50, 100].map((s) => [
      svg('line', {class: 'trend-grid', x1: pad, x2: width - pad, y1: y(s), y2: y(s)}),
      svg('text', {class: 'trend-axis', x: 2, y: y(s) + 4}, formatNumber(s)),
    ]),
    svg('path', {class: 'trend-line', d: path}),
    points.map((p) => svg('circle', {class: 'trend-dot', cx: x(p.version), cy: y(p.score), r: 3},
      svg('title', {}, t('chart.trend.point', {version: t('report.versionShort', {version: String(p.version)}),
        score: formatScore(p.score)})))));
}
