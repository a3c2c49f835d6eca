/**
 * The asset page's chart (issue #11): a line of one measurement's readings with its limits marked,
 * drawn on the server as SVG by Apache ECharts' server-side renderer (no DOM, no install scripts;
 * decision 0016). The SVG is then made fit for our Content-Security-Policy, which allows no inline
 * styles: ECharts' `style` attributes become SVG presentation attributes and its hover `<style>`
 * block (of no use in a static picture) is removed. Text in the SVG is escaped by ECharts.
 */

type ECharts = typeof import('echarts/core');

let echarts: ECharts | undefined;

/**
 * Loads ECharts on the first chart rather than with the app: importing it costs about 1.4 s of CPU,
 * which every process (each test file, each server) paid at start although few ever draw a chart.
 * The asset route awaits this before rendering; later calls return at once.
 */
export async function loadChartRenderer(): Promise<void> {
  if (echarts) return;
  const [core, charts, components, renderers] = await Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
  ]);
  core.use([charts.LineChart, components.GridComponent, components.MarkLineComponent, renderers.SVGRenderer]);
  echarts = core;
}

export interface ChartInput {
  points: { at: Date; value: number }[];
  /** Limit lines with their labels ("Larmgräns 90 %"). */
  limits: { value: number; label: string }[];
  /** The y axis's name (the unit). */
  unitText: string;
  /** The value axis's bounds, when the measurement has natural ones (0–100 %). */
  min?: number;
  max?: number;
  /** Axis time labels, in the page's language and Swedish time. */
  formatTime: (at: Date) => string;
  formatNumber: (value: number) => string;
}

const WIDTH = 720;
const HEIGHT = 320;
/** Colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphics). */
const LINE = '#1f4e79';
const LIMIT = '#a8431b';
const AXIS = '#4a4a4a';

/** Presentation attributes an SVG element may carry instead of these style properties. */
const PRESENTATION = new Set([
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'fill',
  'stroke',
  'opacity',
]);

function styleToAttributes(style: string): string {
  const attributes: string[] = [];
  for (const declaration of style.split(';')) {
    const [property = '', ...rest] = declaration.split(':');
    const name = property.trim().toLowerCase();
    const value = rest.join(':').trim().replaceAll('"', "'");
    if (!value) continue;
    if (name === 'font') {
      // `font: normal normal 12px sans-serif` → size and family (the keywords are the defaults).
      const match = /(\d+(?:\.\d+)?px)\s+(.+)$/.exec(value);
      if (match) attributes.push(`font-size="${match[1]}"`, `font-family="${match[2]}"`);
      if (/\bbold\b/.test(value)) attributes.push('font-weight="bold"');
    } else if (PRESENTATION.has(name)) {
      attributes.push(`${name}="${value}"`);
    }
  }
  return attributes.join(' ');
}

/** ECharts' SVG without inline styles, classes or its private attributes (CSP `style-src 'self'`). */
export function svgForStrictCsp(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/\sstyle="([^"]*)"/g, (_all, style: string) => {
      const attributes = styleToAttributes(style);
      return attributes ? ` ${attributes}` : '';
    })
    .replace(/\sclass="zr\d+-cls-\d+"/g, '')
    .replace(/\secmeta_[a-z_]+="[^"]*"/g, '');
}

/** The chart as an SVG string, for inlining in the page (with its own accessible name added). */
export function readingChartSvg(input: ChartInput, label: string): string {
  if (!echarts) throw new Error('readingChartSvg before loadChartRenderer()');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'sans-serif', fontSize: 13, color: AXIS },
      grid: { left: 64, right: 150, top: 40, bottom: 40 },
      xAxis: {
        type: 'time',
        silent: true,
        axisLabel: {
          color: AXIS,
          hideOverlap: true,
          formatter: (value: number) => input.formatTime(new Date(value)),
        },
        axisLine: { lineStyle: { color: AXIS } },
      },
      yAxis: {
        type: 'value',
        name: input.unitText,
        silent: true,
        min: input.min,
        max: input.max,
        scale: input.min === undefined,
        axisLabel: { color: AXIS, formatter: (value: number) => input.formatNumber(value) },
        nameTextStyle: { color: AXIS },
      },
      series: [
        {
          type: 'line',
          silent: true,
          showSymbol: input.points.length < 60,
          symbolSize: 5,
          sampling: 'lttb',
          lineStyle: { color: LINE, width: 2 },
          itemStyle: { color: LINE },
          data: input.points.map((point) => [point.at.getTime(), point.value]),
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: LIMIT, type: 'dashed', width: 2 },
            label: { color: LIMIT, formatter: (params: { name?: string }) => params.name ?? '' },
            data: input.limits.map((limit) => ({ yAxis: limit.value, name: limit.label })),
          },
        },
      ],
    });
    const svg = svgForStrictCsp(chart.renderToSVGString());
    const escaped = label.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
    // The picture is named; its numbers are in the table beside it (WCAG 1.1.1).
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${escaped}" focusable="false" `);
  } finally {
    chart.dispose();
  }
}
