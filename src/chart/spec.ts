/**
 * A chart as the renderer takes it: a Vega-Lite specification (data, not pixels). The views
 * build one (slack/views/chart-spec) from the crisis and the catalogue's words; render.ts draws it.
 */
export type ChartSpec = Record<string, unknown>;

/** The one font the chart is drawn in: it ships with the app (see render.ts), and specifications name it. */
export const CHART_FONT = 'DejaVu Sans';
