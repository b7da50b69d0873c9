package org.rucio.ivoa.server.cli;

import java.io.PrintStream;
import java.util.function.LongConsumer;

/** A progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise. */
final class Progress implements LongConsumer {

    private final String what;
    private final long total;
    private final PrintStream out = System.err;
    private final boolean terminal = System.console() != null;
    private final long started = System.nanoTime();
    private int lastTenth = -1;

    Progress(String what, long total) {
        this.what = what;
        this.total = Math.max(1, total);
    }

    @Override
    public void accept(long done) {
        double fraction = Math.min(1.0, (double) done / total);
        double seconds = (System.nanoTime() - started) / 1e9;
        String rate = seconds > 0 ? String.format("%,.0f/s", done / seconds) : "";
        if (terminal) {
            int width = 30;
            int filled = (int) Math.round(fraction * width);
            out.printf("\r%s [%s%s] %3.0f%% %,d/%,d %s", what, "#".repeat(filled), " ".repeat(width - filled),
                    fraction * 100, done, total, rate);
            if (done >= total) {
                out.println();
            }
        } else {
            int tenth = (int) (fraction * 10);
            if (tenth != lastTenth) {
                lastTenth = tenth;
                out.printf("%s %3.0f%% %,d/%,d %s%n", what, fraction * 100, done, total, rate);
            }
        }
        out.flush();
    }
}
