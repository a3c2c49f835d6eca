/**
 * A dataset's small bar chart on the open data page (issue #12), drawn on the server as SVG by
 * ECharts, made fit for our CSP by the sensors' helper (decision 0016). Suppressed values are
 * gaps: the chart shows only what the table beside it publishes.
 */
import { svgForStrictCsp } from '../../sensors/views/reading-chart.ts';

type ECharts = typeof import('echarts/core');

let echarts: ECharts | undefined;

/** Loads ECharts on the first chart (importing it costs over a second of CPU; few requests draw one). */
export async function loadBarChartRenderer(): Promise<void> {
  if (echarts) return;
  const [core, charts, components, renderers] = await Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
  ]);
  core.use([charts.BarChart, components.GridComponent, renderers.SVGRenderer]);
  echarts = core;
}

const WIDTH = 480;
const HEIGHT = 220;
/** At least 3:1 contrast on white (WCAG 1.4.11). */
const BAR = '#1f4e79';
const AXIS = '#4a4a4a';

/** The bars as an SVG string with its accessible name; the numbers are in the table beside it. */
export function barChartSvg(
  bars: { label: string; value: number | null }[],
  label: string,
  formatNumber: (value: number) => string,
): string {
  if (!echarts) throw new Error('barChartSvg before loadBarChartRenderer()');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'sans-serif', fontSize: 12, color: AXIS },
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      xAxis: {
        type: 'category',
        silent: true,
        data: bars.map((bar) => bar.label),
        // Every bar keeps its label, cut to the bar's width (the table beside the chart has it whole).
        axisLabel: {
          color: AXIS,
          interval: 0,
          rotate: bars.length > 6 ? 30 : 0,
          width: bars.length > 6 ? 80 : Math.floor((WIDTH - 64) / Math.max(bars.length, 1)) - 6,
          overflow: 'truncate',
        },
        axisLine: { lineStyle: { color: AXIS } },
      },
      yAxis: {
        type: 'value',
        silent: true,
        axisLabel: { color: AXIS, formatter: (value: number) => formatNumber(value) },
      },
      series: [{ type: 'bar', silent: true, itemStyle: { color: BAR }, data: bars.map((bar) => bar.value) }],
    });
    const svg = svgForStrictCsp(chart.renderToSVGString());
    const escaped = label.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${escaped}" focusable="false" `);
  } finally {
    chart.dispose();
  }
}
