package dev.modelkit.kernel.profile;

import dev.modelkit.kernel.tables.TableFormats;
import dev.modelkit.model.ops.OpProfile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** An {@link OpProfile} as a Tablesaw table: one row per op, time, share, FLOPs, bytes, rates. */
public final class OpTables {

    private OpTables() {
    }

    /** One row per op, slowest first; {@code label} names the run (e.g. "MEDIUM forward"). */
    public static Table of(String label, OpProfile p) {
        StringColumn run = StringColumn.create("run");
        StringColumn op = StringColumn.create("op");
        LongColumn calls = LongColumn.create("calls");
        DoubleColumn ms = DoubleColumn.create("ms");
        DoubleColumn share = DoubleColumn.create("share");
        DoubleColumn mflop = DoubleColumn.create("mflop");
        DoubleColumn mb = DoubleColumn.create("mb_moved");
        DoubleColumn intensity = DoubleColumn.create("flop_per_byte");
        DoubleColumn gflops = DoubleColumn.create("gflop_per_s");
        DoubleColumn gbs = DoubleColumn.create("gb_per_s");
        long total = p.opNanos();
        for (OpProfile.Row r : p.rows()) {
            run.append(label);
            op.append(r.op());
            calls.append(r.calls());
            ms.append(r.millis());
            share.append(total == 0 ? 0 : (double) r.nanos() / total);
            mflop.append(r.flops() / 1e6);
            mb.append(r.bytes() / 1e6);
            intensity.append(r.bytes() == 0 ? Double.NaN : (double) r.flops() / r.bytes());
            gflops.append(r.gflops());
            gbs.append(r.gbPerSecond());
        }
        Table t = Table.create(label + ": time per op", run, op, calls, ms, share, mflop, mb, intensity, gflops, gbs)
                .sortDescendingOn("ms");
        t.setName(label + ": time per op");
        return TableFormats.readable(t, "share");
    }
}
