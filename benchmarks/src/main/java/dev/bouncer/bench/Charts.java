package dev.bouncer.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * Draws the throughput-against-threads charts of docs/benchmarks.md with JFreeChart: both axes
 * logarithmic, one line per series, error bars for JMH's 99.9% confidence interval. A file that
 * ends in {@code .svg} is written as SVG, any other as PNG.
 *
 * <p>{@code benchmarks/report.py} decides what to draw and sends it on standard input, one record
 * a line, fields separated by tabs; a record applies to the chart or series opened last:
 *
 * <pre>
 * chart   FILE  TITLE  NOTE  X_LABEL  Y_LABEL     a chart; NOTE (may be empty) is drawn in red
 * tick    X  TEXT                                 the text under x = X (a power of two)
 * series  LABEL  #RRGGBB  DASHED  HOLLOW          a line; DASHED, HOLLOW are true or false
 * point   X  Y  ERROR                             ERROR is empty when JMH gave none
 * </pre>
 *
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.bouncer.bench.Charts < spec}.
 */
public final class Charts {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 460;

    private record Point(double x, double y, double error) {
    }

    private record Series(String label, Color color, boolean dashed, boolean hollow, List<Point> points) {
    }

    private record Chart(String file, String title, String note, String xLabel, String yLabel,
                         TreeMap<Double, String> ticks, List<Series> series) {
    }

    private Charts() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        TextUtils.setUseDrawRotatedStringWorkaround(false); // the y axis label as text, not outlines
        if (args.length != 0) {
            System.err.println("usage: java -cp benchmarks.jar dev.bouncer.bench.Charts < spec");
            System.exit(2);
        }
        for (Chart chart : read(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))) {
            write(chart);
        }
    }

    private static List<Chart> read(BufferedReader in) throws IOException {
        List<Chart> charts = new ArrayList<>();
        Chart chart = null;
        Series series = null;
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "chart" -> {
                    fields(f, 6, number);
                    chart = new Chart(f[1], f[2], f[3], f[4], f[5], new TreeMap<>(), new ArrayList<>());
                    charts.add(chart);
                    series = null;
                }
                case "tick" -> {
                    fields(f, 3, number);
                    opened(chart, "chart", number).ticks().put(Double.parseDouble(f[1]), f[2]);
                }
                case "series" -> {
                    fields(f, 5, number);
                    series = new Series(f[1], Color.decode(f[2]), Boolean.parseBoolean(f[3]),
                            Boolean.parseBoolean(f[4]), new ArrayList<>());
                    opened(chart, "chart", number).series().add(series);
                }
                case "point" -> {
                    fields(f, 4, number);
                    double error = f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3]);
                    opened(series, "series", number).points()
                            .add(new Point(Double.parseDouble(f[1]), Double.parseDouble(f[2]), error));
                }
                default -> throw new IllegalArgumentException("line " + number + ": unknown record " + f[0]);
            }
        }
        return charts;
    }

    private static void fields(String[] f, int count, int number) {
        if (f.length != count) {
            throw new IllegalArgumentException("line " + number + ": " + f[0] + " needs " + count
                    + " tab-separated fields, has " + f.length);
        }
    }

    private static <T> T opened(T record, String kind, int number) {
        if (record == null) {
            throw new IllegalArgumentException("line " + number + ": no " + kind + " record before it");
        }
        return record;
    }

    private static void write(Chart spec) throws IOException {
        JFreeChart chart = draw(spec);
        File file = new File(spec.file());
        if (spec.file().endsWith(".svg")) {
            SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
            g.setDefsKeyPrefix("chart"); // the default prefix holds the time: same data, same file
            g.setGeomDoubleConverter(SVGUtils.createDoubleConverter(1)); // tenths of a pixel
            g.setCheckStrokeControlHint(false); // no shape-rendering attribute on every element
            chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
            SVGUtils.writeToSVG(file, g.getSVGElement());
        } else {
            ChartUtils.saveChartAsPNG(file, chart, WIDTH, HEIGHT);
        }
    }

    private static JFreeChart draw(Chart spec) {
        // Both axes are logarithmic: the data are plotted as log2(x) and log10(y) on linear axes
        // whose tick text undoes the logarithm. (JFreeChart's LogAxis would do the same, but it draws
        // its tick labels as glyph outlines, which makes an SVG five times larger.) The y axis spans
        // whole decades around the scores; error bars are clipped to it.
        double[] decades = decades(spec);
        double yLow = decades[0];
        double yHigh = decades[1];
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYErrorRenderer renderer = renderer();
        for (Series s : spec.series()) {
            YIntervalSeries line = new YIntervalSeries(s.label(), false, true);
            for (Point p : s.points()) {
                double y = Math.log10(p.y());
                double low = y;
                double high = y;
                if (!Double.isNaN(p.error())) {
                    low = p.y() > p.error() ? Math.max(Math.log10(p.y() - p.error()), yLow) : yLow;
                    high = Math.min(Math.log10(p.y() + p.error()), yHigh);
                }
                line.add(log2(p.x()), y, low, high);
            }
            style(renderer, data.getSeriesCount(), s);
            data.addSeries(line);
        }

        NumberAxis x = new NumberAxis(spec.xLabel() + " (log scale)");
        x.setTickUnit(new NumberTickUnit(1, new TickText(spec.ticks())));
        double first = spec.ticks().isEmpty() ? 0 : log2(spec.ticks().firstKey());
        double last = spec.ticks().isEmpty() ? 1 : log2(spec.ticks().lastKey());
        x.setRange(first - 0.2, Math.max(last, first + 1) + 0.2);

        NumberAxis y = new NumberAxis(spec.yLabel() + " (log scale)");
        y.setTickUnit(new NumberTickUnit(1, new PowerOfTen()));
        y.setRange(yLow, yHigh);

        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xbbbbbb));
        for (double decade = yLow; decade < yHigh; decade++) {
            for (int m : new int[] {2, 5}) { // light lines at 2 and 5 times each decade
                plot.addRangeMarker(new ValueMarker(decade + Math.log10(m), new Color(0xeeeeee), new BasicStroke(1f)),
                        Layer.BACKGROUND);
            }
        }

        JFreeChart chart = new JFreeChart(spec.title(), new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setPosition(RectangleEdge.RIGHT);
        if (!spec.note().isEmpty()) {
            TextTitle note = new TextTitle(spec.note());
            note.setPaint(new Color(0xb00000));
            chart.addSubtitle(note);
        }
        return chart;
    }

    /** The exponents of the decades below and above every score: the y axis range, in log10. */
    private static double[] decades(Chart spec) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : spec.series()) {
            for (Point p : s.points()) {
                min = Math.min(min, Math.log10(p.y()));
                max = Math.max(max, Math.log10(p.y()));
            }
        }
        if (min > max) {
            return new double[] {-1, 1};
        }
        double low = Math.floor(min);
        return new double[] {low, Math.max(Math.ceil(max), low + 1)};
    }

    /** Lines through the points, markers on them, and a vertical error bar at each. */
    private static XYErrorRenderer renderer() {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDrawSeriesLineAsPath(true); // one SVG path a series, not one line a segment
        renderer.setLegendLine(new Line2D.Double(-14, 0, 14, 0)); // long enough to show the dashes
        renderer.setDrawXError(false);
        renderer.setErrorStroke(new BasicStroke(1f));
        renderer.setCapLength(6);
        renderer.setUseFillPaint(true);
        renderer.setUseOutlinePaint(false);
        renderer.setDrawOutlines(true);
        return renderer;
    }

    /** Colour as given; dashed or solid; a hollow square or a filled circle as the marker. */
    private static void style(XYErrorRenderer renderer, int index, Series s) {
        renderer.setSeriesPaint(index, s.color());
        renderer.setSeriesStroke(index, s.dashed()
                ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                : new BasicStroke(2f));
        renderer.setSeriesShape(index, s.hollow()
                ? new Rectangle2D.Double(-4, -4, 8, 8)
                : (Shape) new Ellipse2D.Double(-4, -4, 8, 8));
        renderer.setSeriesFillPaint(index, s.hollow() ? Color.WHITE : s.color());
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** Axis text for the x ticks, at log2(x): the text report.py gave for x, else none. */
    private static final class TickText extends WriteOnlyFormat {
        private static final long serialVersionUID = 1L;
        private final TreeMap<Double, String> ticks;

        TickText(TreeMap<Double, String> ticks) {
            this.ticks = ticks;
        }

        @Override
        public StringBuffer format(double exponent, StringBuffer to, FieldPosition pos) {
            return to.append(ticks.getOrDefault((double) Math.round(Math.pow(2, exponent)), ""));
        }
    }

    /** Axis text for the y ticks, at log10(y): y itself. */
    private static final class PowerOfTen extends WriteOnlyFormat {
        private static final long serialVersionUID = 1L;
        private final DecimalFormat plain = new DecimalFormat("0.####");

        @Override
        public StringBuffer format(double exponent, StringBuffer to, FieldPosition pos) {
            return to.append(plain.format(Math.pow(10, Math.round(exponent))));
        }
    }

    /** A NumberFormat for axis ticks, which JFreeChart only ever formats with. */
    private abstract static class WriteOnlyFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
            return format((double) number, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("tick text is only written");
        }
    }
}
