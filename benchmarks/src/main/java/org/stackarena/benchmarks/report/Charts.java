package org.stackarena.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's plots, drawn with XChart and encoded as PNG bytes. Success rates are drawn with
 * their (asymmetric) 95% intervals (Clopper-Pearson or Wilson) as vertical segments, which XChart's symmetric error
 * bars cannot show.
 */
final class Charts {

    static final int W = 900;
    static final int H = 420;

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** A success rate with its interval. */
    record Point(double x, double rate, double lo, double hi) {}

    /** Success vs modelled latency (x in ms), one line per series, with intervals named by {@code interval}. */
    static byte[] successVsLatency(String title, String xTitle, String interval, Map<String, List<Point>> series)
        throws IOException {
        XYChart c = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle(xTitle)
            .yAxisTitle("success rate (" + interval + ")").build();
        style(c);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        int k = 0;
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            addWithIntervals(c, e.getKey(), e.getValue(), 0, PALETTE[k % PALETTE.length], true);
            k++;
        }
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addWithIntervals(XYChart c, String name, List<Point> pts, double off, Color color,
                                         boolean line) {
        if (pts.isEmpty()) {
            return;
        }
        double[] xs = pts.stream().mapToDouble(p -> p.x() + off).toArray();
        double[] ys = pts.stream().mapToDouble(Point::rate).toArray();
        XYSeries s = c.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(line ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineColor(color);
        int i = 0;
        for (Point p : pts) {
            XYSeries ci = c.addSeries(name + " ci" + i++, new double[] {p.x() + off, p.x() + off},
                new double[] {p.lo(), p.hi()});
            ci.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            ci.setMarker(SeriesMarkers.NONE);
            ci.setLineColor(color);
            ci.setLineStyle(new BasicStroke(2f));
            ci.setShowInLegend(false);
        }
    }

    /** Grouped bars: one group per category, one bar per series. */
    static byte[] bars(String title, String xTitle, String yTitle, List<String> categories,
                       Map<String, List<Double>> series, Double yMax) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(W).height(H).title(title).xAxisTitle(xTitle)
            .yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setChartBackgroundColor(Color.WHITE)
            .setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 30 : 0);
        c.getStyler().setYAxisMin(0.0);
        if (yMax != null) {
            c.getStyler().setYAxisMax(yMax);
        }
        c.getStyler().setSeriesColors(PALETTE);
        series.forEach((name, vals) -> c.addSeries(name, categories, vals));
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }

    private static void style(XYChart c) {
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setChartBackgroundColor(Color.WHITE)
            .setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setMarkerSize(9);
    }
}
