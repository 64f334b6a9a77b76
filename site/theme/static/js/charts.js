// Small charts drawn as inline SVG, no library: vertical bars (one series, grouped or stacked) and
// lines for numbers over time, horizontal bars (one series, grouped or stacked) for numbers by
// category, and a donut for a share of a whole. A chart is the API's {kind, labels, series:[{name,
// values}]}; the page gives the words and how a value is written (money, counts, percents).
// intervalChart() draws an estimate on its interval around zero (a campaign's or an offer's uplift).
//
// Each chart is drawn at its box's real width (text stays readable on a phone) and drawn again
// when the box changes width. The <svg> is role="img" with an aria-label that says what it
// shows; every column, bar, point and slice has a <title> (the browser's tooltip); and
// dataTable() gives the same numbers as a table, for a screen reader or for copying.

const SVG = "http://www.w3.org/2000/svg";
const COLOURS = 8; // .chart-c0 … .chart-c7 in site.css, from the site's palette
const FONT = 12; // px, the size of the charts' text (site.css agrees)

/** Options a page passes; every one has a plain default. */
const DEFAULTS = {
  value: (v) => String(v), // a value in full: ¥1,280.50, 12, 12.5%
  short: (v) => String(v), // a value on an axis or above a bar: ¥1.2万, 12, 12%
  label: (l) => String(l), // a label on the axis: 5月5日
  labelLong: (l) => String(l), // a label in a tooltip and the summary: 2025年5月5日
  integer: false, // ticks are whole numbers (counts)
  locale: undefined, // for the shares' percents
  title: "",
  words: {
    kinds: { bar: "Bar chart", line: "Line chart", stacked: "Stacked bar chart", pie: "Donut chart" },
    summary: "{kind}: {title}.",
    span: "{count} values, from {first} to {last}.",
    series: "{name}: highest {max} ({at}), lowest {min} ({atMin}).",
    share: "{label}: {value} ({share})",
    separator: "; ",
    stop: ".",
    total: "Total",
    share_column: "Share",
    label_column: "",
  },
};

/** An SVG element with its attributes (those undefined or null left out) and, if given, its text. */
export function svgNode(tag, attributes = {}, text) {
  const made = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) made.setAttribute(name, String(value));
  }
  if (text !== undefined) made.textContent = text;
  return made;
}

function html(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

/** A text at (x, y), anchored "start", "middle" or "end". */
const svgText = (x, y, anchor, className, content) => svgNode("text", { x, y, "text-anchor": anchor, class: className }, content);

function withTitle(group, text) {
  group.prepend(svgNode("title", {}, text));
  return group;
}

/** About how wide a text is at `size` px: a Chinese character is square, Latin about 0.6 of it. */
export function textWidth(text, size = FONT) {
  let width = 0;
  for (const char of String(text)) {
    const code = char.codePointAt(0);
    if (code > 0x2e80) width += size;
    else if (char === " ") width += size * 0.3;
    else if (/[A-Z%¥]/.test(char)) width += size * 0.7;
    else width += size * 0.58;
  }
  return width;
}

/** A text cut to fit `width`, with an ellipsis when cut. */
function fit(text, width, size = FONT) {
  const full = String(text);
  if (textWidth(full, size) <= width) return full;
  let cut = "";
  for (const char of full) {
    if (textWidth(`${cut}${char}…`, size) > width) break;
    cut += char;
  }
  return `${cut}…`;
}

/** Round steps covering [low, high]: 0, 50, 100, 150. Always at least two ticks. */
export function niceTicks(low, high, count = 4, integer = false) {
  let least = Math.min(low, 0);
  let most = Math.max(high, 0);
  if (most === least) most = least + (integer ? count : 1);
  const rough = (most - least) / count;
  let step = 10 ** Math.floor(Math.log10(rough));
  const ratio = rough / step;
  if (ratio >= 7.5) step *= 10;
  else if (ratio >= 3.5) step *= 5;
  else if (ratio >= 1.5) step *= 2;
  if (integer) step = Math.max(1, Math.round(step));
  least = Math.floor(least / step) * step;
  most = Math.ceil(most / step) * step;
  const ticks = [];
  for (let value = least; value <= most + step / 2; value += step) ticks.push(Number(value.toFixed(10)));
  return ticks;
}

const isNumber = (value) => typeof value === "number" && Number.isFinite(value);

/** True when the chart has nothing to show: no labels, or every value missing or zero. */
export function isEmpty(chart) {
  if (!chart || !Array.isArray(chart.labels) || !chart.labels.length) return true;
  return !(chart.series || []).some((series) => (series.values || []).some((value) => isNumber(value) && value !== 0));
}

/** Labels that are days or months ("2025-05-05", "2025-05") are a time line; others are categories. */
export function isTimeline(labels) {
  return labels.length > 0 && labels.every((label) => /^\d{4}-\d{2}(-\d{2})?$/.test(String(label)));
}

/** How a chart is drawn: "pie", "line", "columns" (bars over time) or "rows" (bars by category). */
export function layoutOf(chart) {
  if (chart.kind === "pie") return "pie";
  if (chart.kind === "line") return "line";
  return isTimeline(chart.labels) ? "columns" : "rows";
}

const valueAt = (series, i) => (isNumber(series.values[i]) ? series.values[i] : null);

/** The lowest and highest a chart's axis must reach (stacked: the sums, both ways). */
function extent(chart, stacked) {
  let low = 0;
  let high = 0;
  chart.labels.forEach((_, i) => {
    if (stacked) {
      let up = 0;
      let down = 0;
      for (const series of chart.series) {
        const value = valueAt(series, i) || 0;
        if (value > 0) up += value;
        else down += value;
      }
      high = Math.max(high, up);
      low = Math.min(low, down);
    } else {
      for (const series of chart.series) {
        const value = valueAt(series, i);
        if (value === null) continue;
        high = Math.max(high, value);
        low = Math.min(low, value);
      }
    }
  });
  return [low, high];
}

/** What a column or a row says in its tooltip: the label, then each series' value. */
function tipFor(chart, i, o) {
  const lines = [o.labelLong(chart.labels[i])];
  for (const series of chart.series) {
    const value = valueAt(series, i);
    const text = value === null ? "—" : o.value(value);
    lines.push(chart.series.length > 1 ? `${series.name}: ${text}` : text);
  }
  if (chart.kind === "stacked" && chart.series.length > 1) {
    const sum = chart.series.reduce((total, series) => total + (valueAt(series, i) || 0), 0);
    lines.push(`${o.words.total}: ${o.value(sum)}`);
  }
  return lines.join("\n");
}

// --- bars and lines over time ------------------------------------------------------------

function columns(chart, o, width, lines) {
  const n = chart.labels.length;
  const stacked = chart.kind === "stacked";
  const height = width < 480 ? 220 : 260;
  const [low, high] = extent(chart, stacked);
  const ticks = niceTicks(low, high, 4, o.integer);
  const left = Math.ceil(Math.max(...ticks.map((tick) => textWidth(o.short(tick), 11)))) + 10;
  const top = 20;
  const bottom = 26;
  const right = 6;
  const plotWidth = Math.max(40, width - left - right);
  const plotHeight = height - top - bottom;
  const least = ticks[0];
  const most = ticks[ticks.length - 1];
  const y = (value) => top + plotHeight - ((value - least) / (most - least)) * plotHeight;
  const band = plotWidth / n;
  const x = (i) => left + band * i + band / 2;
  // side-by-side bars thinner than 3px (a year of weeks on a phone) read better as lines
  const asLine = lines || (!stacked && chart.series.length > 1 && (Math.min(band * 0.72, 56) / chart.series.length) < 3);
  const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "chart__svg" });

  // the grid and the values' axis
  const grid = svgNode("g", { class: "chart__grid", "aria-hidden": "true" });
  for (const tick of ticks) {
    const rule = tick === 0 ? "chart__zero" : "chart__rule";
    grid.append(svgNode("line", { x1: left, x2: width - right, y1: y(tick), y2: y(tick), class: rule }));
    grid.append(svgText(left - 6, y(tick) + 4, "end", "chart__tick", o.short(tick)));
  }
  svg.append(grid);

  // the labels' axis: as many as fit, the others in the tooltips
  const widest = Math.max(...chart.labels.map((label) => textWidth(o.label(label))));
  const every = Math.max(1, Math.ceil((widest + 10) / band));
  const axis = svgNode("g", { class: "chart__axis", "aria-hidden": "true" });
  chart.labels.forEach((label, i) => {
    if (i % every) return;
    const text = o.label(label);
    const half = textWidth(text) / 2;
    let anchor = "middle";
    let at = x(i);
    if (at - half < 0) [anchor, at] = ["start", Math.max(0, at - band / 2)];
    else if (at + half > width) [anchor, at] = ["end", Math.min(width, at + band / 2)];
    axis.append(svgText(at, height - 8, anchor, "chart__tick", text));
  });
  svg.append(axis);

  const marks = svgNode("g", { class: "chart__marks" });
  const groupWidth = Math.min(band * 0.72, 56);
  const lineLabels = asLine && chart.series.length === 1 && n <= 12;
  chart.labels.forEach((_, i) => {
    const column = withTitle(svgNode("g", { class: "chart__column" }), tipFor(chart, i, o));
    column.append(svgNode("rect", { x: left + band * i, y: top, width: band, height: plotHeight, class: "chart__hit" }));
    if (!asLine) {
      let up = 0;
      let down = 0;
      chart.series.forEach((series, s) => {
        const value = valueAt(series, i);
        if (value === null || value === 0) return;
        let from;
        let to;
        let barX = x(i) - groupWidth / 2;
        let barWidth = groupWidth;
        if (stacked) {
          from = value > 0 ? up : down;
          to = from + value;
          if (value > 0) up = to;
          else down = to;
        } else {
          from = 0;
          to = value;
          barWidth = groupWidth / chart.series.length;
          barX += barWidth * s;
        }
        const [yTop, yBottom] = [y(Math.max(from, to)), y(Math.min(from, to))];
        column.append(
          svgNode("rect", {
            x: barX,
            y: yTop,
            width: Math.max(1, barWidth - (stacked || chart.series.length === 1 ? 0 : 1)),
            height: Math.max(1, yBottom - yTop),
            rx: Math.min(3, barWidth / 4, Math.abs(yBottom - yTop) / 2),
            class: `chart__bar chart-c${s % COLOURS}`,
          }),
        );
        if (!stacked && chart.series.length > 1) {
          const text = o.short(value);
          if (textWidth(text, 10) <= barWidth + 2 && n <= 31) {
            const labelY = value >= 0 ? yTop - 4 : yBottom + 12;
            column.append(svgText(barX + barWidth / 2, labelY, "middle", "chart__value chart__value--small", text));
          }
        }
      });
      // one value above each column: the series' own, or a stack's total
      if (stacked || chart.series.length === 1) {
        const total = chart.series.reduce((sum, series) => sum + (valueAt(series, i) || 0), 0);
        const text = o.short(total);
        if (total !== 0 && n <= 31 && textWidth(text, 11) <= band - 2) {
          const labelY = total >= 0 ? y(stacked ? up : total) - 5 : y(stacked ? down : total) + 13;
          column.append(svgText(x(i), labelY, "middle", "chart__value", text));
        }
      }
    }
    marks.append(column);
  });
  svg.append(marks);

  if (asLine) {
    const lines = svgNode("g", { class: "chart__lines", "aria-hidden": "true" });
    chart.series.forEach((series, s) => {
      let path = "";
      let pen = false;
      chart.labels.forEach((_, i) => {
        const value = valueAt(series, i);
        if (value === null) {
          pen = false;
          return;
        }
        path += `${pen ? "L" : "M"}${x(i).toFixed(1)} ${y(value).toFixed(1)}`;
        pen = true;
      });
      lines.append(svgNode("path", { d: path, class: `chart__line chart-c${s % COLOURS}` }));
      chart.labels.forEach((_, i) => {
        const value = valueAt(series, i);
        if (value === null) return;
        const alone = valueAt(series, i - 1) === null && valueAt(series, i + 1) === null;
        if (n <= 40 || alone) {
          lines.append(svgNode("circle", { cx: x(i), cy: y(value), r: n <= 16 ? 3.5 : 2.5, class: `chart__dot chart-c${s % COLOURS}` }));
        }
        if (lineLabels) {
          const text = o.short(value);
          if (textWidth(text, 11) <= band) lines.append(svgText(x(i), y(value) - 9, "middle", "chart__value", text));
        }
      });
    });
    svg.append(lines);
  }
  return svg;
}

// --- bars by category ----------------------------------------------------------------------

function rows(chart, o, width) {
  const n = chart.labels.length;
  const stacked = chart.kind === "stacked" || chart.series.length === 1;
  const perRow = stacked ? 1 : chart.series.length;
  const thickness = perRow === 1 ? 20 : perRow === 2 ? 14 : 11;
  const gap = 12;
  const rowHeight = thickness * perRow + gap;
  const [low, high] = extent(chart, stacked);
  const labelWidth = Math.min(Math.max(...chart.labels.map((label) => textWidth(o.label(label)))) + 4, width * 0.36);
  const valueTexts = chart.labels.map((_, i) => {
    if (!stacked) return chart.series.map((series) => (valueAt(series, i) === null ? "" : o.short(valueAt(series, i))));
    const total = chart.series.reduce((sum, series) => sum + (valueAt(series, i) || 0), 0);
    return [o.short(total)];
  });
  const valueWidth = Math.max(...valueTexts.flat().map((text) => textWidth(text, 11))) + 8;
  const left = labelWidth + 8;
  const plotWidth = Math.max(40, width - left - valueWidth - (low < 0 ? valueWidth : 0));
  const least = Math.min(low, 0);
  const most = Math.max(high, 0) || 1;
  const zeroAt = left + (low < 0 ? valueWidth : 0);
  const x = (value) => zeroAt + ((value - least) / (most - least)) * plotWidth;
  const height = n * rowHeight + 4;
  const svg = svgNode("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "chart__svg" });
  svg.append(svgNode("line", { x1: x(0), x2: x(0), y1: 0, y2: height - 2, class: "chart__zero", "aria-hidden": "true" }));
  const marks = svgNode("g", { class: "chart__marks" });
  chart.labels.forEach((name, i) => {
    const rowTop = i * rowHeight + gap / 2;
    const row = withTitle(svgNode("g", { class: "chart__column" }), tipFor(chart, i, o));
    row.append(svgNode("rect", { x: 0, y: rowTop - gap / 2, width, height: rowHeight, class: "chart__hit" }));
    const middle = rowTop + (thickness * perRow) / 2;
    row.append(svgText(0, middle + 4, "start", "chart__label", fit(o.label(name), labelWidth)));
    let up = 0;
    let down = 0;
    chart.series.forEach((series, s) => {
      const value = valueAt(series, i);
      if (value === null) return;
      let from = 0;
      let to = value;
      let barY = rowTop + thickness * s;
      if (stacked) {
        from = value > 0 ? up : down;
        to = from + value;
        if (value > 0) up = to;
        else down = to;
        barY = rowTop;
      }
      if (value !== 0) {
        const [start, end] = [x(Math.min(from, to)), x(Math.max(from, to))];
        row.append(
          svgNode("rect", {
            x: start,
            y: barY,
            width: Math.max(1.5, end - start),
            height: thickness - (perRow > 1 ? 2 : 0),
            rx: perRow > 2 ? 2 : 3,
            class: `chart__bar chart-c${s % COLOURS}`,
          }),
        );
      }
      if (!stacked) {
        const text = valueTexts[i][s];
        const toward = value < 0 ? x(value) - 5 : x(Math.max(value, 0)) + 5;
        const anchor = value < 0 ? "end" : "start";
        row.append(svgText(toward, barY + thickness / 2 + 3.5, anchor, "chart__value chart__value--small", text));
      }
    });
    if (stacked) {
      const total = up + down;
      const toward = total < 0 ? x(down) - 5 : x(up) + 5;
      row.append(svgText(toward, middle + 4, total < 0 ? "end" : "start", "chart__value", valueTexts[i][0]));
    }
    marks.append(row);
  });
  svg.append(marks);
  return svg;
}

// --- a share of a whole ----------------------------------------------------------------------

function slicePath(cx, cy, inner, outer, start, end) {
  const point = (r, a) => `${(cx + r * Math.cos(a)).toFixed(2)} ${(cy + r * Math.sin(a)).toFixed(2)}`;
  const large = end - start > Math.PI ? 1 : 0;
  const outside = `M${point(outer, start)}A${outer} ${outer} 0 ${large} 1 ${point(outer, end)}`;
  const inside = `L${point(inner, end)}A${inner} ${inner} 0 ${large} 0 ${point(inner, start)}Z`;
  return outside + inside;
}

const pieValues = (chart) => chart.labels.map((_, i) => Math.max(0, valueAt(chart.series[0], i) || 0));

function donut(chart, o) {
  const size = 184;
  const [cx, cy, outer, inner] = [size / 2, size / 2, size / 2 - 2, size / 2 - 34];
  const values = pieValues(chart);
  const total = values.reduce((sum, value) => sum + value, 0);
  const svg = svgNode("svg", { viewBox: `0 0 ${size} ${size}`, width: size, height: size, class: "chart__svg chart__svg--donut" });
  let angle = -Math.PI / 2;
  values.forEach((value, i) => {
    if (!value) return;
    const share = value / total;
    const tip = `${o.labelLong(chart.labels[i])}: ${o.value(value)} (${percentOf(share, o)})`;
    const slice = withTitle(svgNode("g", { class: "chart__slice" }), tip);
    const colour = `chart__bar chart-c${i % COLOURS}`;
    if (share > 0.9999) {
      // the whole ring: two circles, the inner one cut out (an arc cannot end where it starts)
      const ring = (r, turn) => `M${cx} ${cy - r}A${r} ${r} 0 1 ${turn} ${cx} ${cy + r}A${r} ${r} 0 1 ${turn} ${cx} ${cy - r}Z`;
      slice.append(svgNode("path", { d: ring(outer, 1) + ring(inner, 0), "fill-rule": "evenodd", class: `${colour} chart__whole` }));
    } else {
      slice.append(svgNode("path", { d: slicePath(cx, cy, inner, outer, angle, angle + share * 2 * Math.PI), class: colour }));
    }
    angle += share * 2 * Math.PI;
    svg.append(slice);
  });
  const middle = svgNode("g", { "aria-hidden": "true" });
  const totalText = textWidth(o.value(total), 18) <= inner * 1.8 ? o.value(total) : o.short(total);
  middle.append(svgText(cx, cy - 2, "middle", "chart__total", totalText));
  middle.append(svgText(cx, cy + 16, "middle", "chart__tick", o.words.total));
  svg.append(middle);
  return svg;
}

function percentOf(share, o) {
  return new Intl.NumberFormat(o.locale, { style: "percent", maximumFractionDigits: share < 0.1 ? 1 : 0 }).format(share);
}

// --- an estimate with its interval --------------------------------------------------------------

/**
 * An estimate as a dot on its interval [low, high], on an axis that always shows zero (drawn over
 * the range, so it stays visible): a campaign's or an offer's uplift against its holdout. `label`
 * is the <svg>'s aria-label; `tick` writes the interval's ends under the axis.
 */
export function intervalChart(estimate, [low, high], label, tick = String) {
  const width = 320;
  const pad = 8;
  const least = Math.min(low, 0);
  const most = Math.max(high, 0);
  const span = most - least || 0.1;
  const x = (value) => pad + ((value - least) / span) * (width - 2 * pad);
  const chart = svgNode("svg", { viewBox: `0 0 ${width} 56`, class: "holdout-interval__chart", role: "img", "aria-label": label });
  chart.append(
    svgNode("line", { x1: pad, x2: width - pad, y1: 24, y2: 24, class: "holdout-interval__axis" }),
    svgNode("rect", { x: x(low), y: 18, width: Math.max(2, x(high) - x(low)), height: 12, rx: 6, class: "holdout-interval__range" }),
    svgNode("line", { x1: x(0), x2: x(0), y1: 10, y2: 38, class: "holdout-interval__zero" }),
    svgNode("circle", { cx: x(estimate), cy: 24, r: 6, class: "holdout-interval__dot" }),
  );
  // Zero, then the interval's ends, each kept inside the chart and left out where it would
  // overlap a label already drawn (an interval of one point has a single label).
  const drawn = [];
  for (const value of [0, low, high]) {
    const at = x(value);
    if (drawn.some((other) => Math.abs(other - at) < 44)) continue;
    drawn.push(at);
    const anchor = at < pad + 20 ? "start" : at > width - pad - 20 ? "end" : "middle";
    chart.append(svgNode("text", { x: at, y: 52, "text-anchor": anchor, class: "holdout-interval__tick" }, value === 0 ? "0" : tick(value)));
  }
  return chart;
}

// --- the legend, the summary and the table ---------------------------------------------------

function legend(chart, o) {
  const list = html("ul", "chart__legend");
  if (chart.kind === "pie") {
    list.classList.add("chart__legend--pie");
    const values = pieValues(chart);
    const total = values.reduce((sum, value) => sum + value, 0) || 1;
    chart.labels.forEach((label, i) => {
      const item = html("li", "chart__key");
      item.append(html("span", `chart__swatch chart-c${i % COLOURS}`), html("span", "chart__key-name", o.labelLong(label)));
      const figures = html("span", "chart__key-value", o.value(values[i]));
      figures.append(html("span", "chart__key-share", percentOf(values[i] / total, o)));
      item.append(figures);
      list.append(item);
    });
    return list;
  }
  if (chart.series.length < 2) return null;
  chart.series.forEach((series, s) => {
    const item = html("li", "chart__key");
    const swatch = html("span", `chart__swatch chart-c${s % COLOURS}`);
    if (chart.kind === "line") swatch.classList.add("chart__swatch--line");
    item.append(swatch, html("span", "chart__key-name", series.name));
    list.append(item);
  });
  return list;
}

const fillIn = (text, values) => text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));

/** One or two sentences that say what a chart shows, for its aria-label. */
export function describe(chart, options = {}) {
  const o = settle(options);
  const kind = o.words.kinds[chart.kind] || o.words.kinds.bar;
  const parts = [fillIn(o.words.summary, { kind, title: o.title || chart.title || "" })];
  if (chart.kind === "pie") {
    const values = pieValues(chart);
    const total = values.reduce((sum, value) => sum + value, 0) || 1;
    const shares = chart.labels.map((label, i) =>
      fillIn(o.words.share, { label: o.labelLong(label), value: o.value(values[i]), share: percentOf(values[i] / total, o) }),
    );
    parts.push(`${shares.join(o.words.separator)}${o.words.stop}`);
    return parts.join(" ");
  }
  const n = chart.labels.length;
  if (n > 1) {
    const [first, last] = [o.labelLong(chart.labels[0]), o.labelLong(chart.labels[n - 1])];
    parts.push(fillIn(o.words.span, { count: n, first, last }));
  }
  for (const series of chart.series) {
    let max = null;
    let min = null;
    chart.labels.forEach((_, i) => {
      const value = valueAt(series, i);
      if (value === null) return;
      if (max === null || value > series.values[max]) max = i;
      if (min === null || value < series.values[min]) min = i;
    });
    if (max === null) continue;
    if (n === 1) {
      const one = { label: series.name, value: o.value(series.values[max]), share: o.labelLong(chart.labels[0]) };
      parts.push(`${fillIn(o.words.share, one)}${o.words.stop}`);
      continue;
    }
    parts.push(
      fillIn(o.words.series, {
        name: series.name,
        max: o.value(series.values[max]),
        at: o.labelLong(chart.labels[max]),
        min: o.value(series.values[min]),
        atMin: o.labelLong(chart.labels[min]),
      }),
    );
  }
  return parts.join(" ");
}

/** The chart's numbers as a table: a row per label, a column per series (and the share, for a donut). */
export function dataTable(chart, options = {}) {
  const o = settle(options);
  const table = html("table", "data-table chart-table");
  const head = html("tr");
  const corner = html("th", "", o.words.label_column);
  corner.scope = "col";
  head.append(corner);
  for (const series of chart.series) {
    const cell = html("th", "num", series.name);
    cell.scope = "col";
    head.append(cell);
  }
  const pie = chart.kind === "pie";
  const total = pie ? pieValues(chart).reduce((sum, value) => sum + value, 0) || 1 : 0;
  if (pie) {
    const cell = html("th", "num", o.words.share_column);
    cell.scope = "col";
    head.append(cell);
  }
  const thead = html("thead");
  thead.append(head);
  const body = html("tbody");
  chart.labels.forEach((label, i) => {
    const row = html("tr");
    const name = html("th", "", o.labelLong(label));
    name.scope = "row";
    row.append(name);
    for (const series of chart.series) {
      const value = valueAt(series, i);
      row.append(html("td", "num", value === null ? "—" : o.value(value)));
    }
    if (pie) row.append(html("td", "num", percentOf(pieValues(chart)[i] / total, o)));
    body.append(row);
  });
  table.append(thead, body);
  return table;
}

function settle(options) {
  return { ...DEFAULTS, ...options, words: { ...DEFAULTS.words, ...(options.words || {}) } };
}

/**
 * Draw `chart` into `host` (emptied first): its legend and its SVG, drawn again whenever the
 * host's width changes. Returns {destroy()} to stop following the width.
 */
export function drawChart(host, chart, options = {}) {
  const o = settle(options);
  const layout = layoutOf(chart);
  host.replaceChildren();
  host.classList.add("chart", `chart--${layout}`);
  const key = legend(chart, o);
  const figure = html("div", "chart__figure");
  if (layout === "pie") host.append(figure);
  if (key) host.append(key);
  if (layout !== "pie") host.append(figure);
  const label = describe(chart, o);
  let drawnAt = -1;
  const draw = () => {
    const width = Math.max(240, Math.floor(figure.clientWidth || host.clientWidth || 320));
    if (width === drawnAt) return;
    drawnAt = width;
    let svg;
    if (layout === "pie") svg = donut(chart, o);
    else if (layout === "rows") svg = rows(chart, o, width);
    else svg = columns(chart, o, width, layout === "line");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    svg.setAttribute("focusable", "false");
    figure.replaceChildren(svg);
  };
  draw();
  if (layout === "pie" || typeof ResizeObserver === "undefined") return { destroy() {} };
  let pending = 0;
  const watcher = new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(draw);
  });
  watcher.observe(figure);
  return {
    destroy() {
      watcher.disconnect();
      cancelAnimationFrame(pending);
    },
  };
}
