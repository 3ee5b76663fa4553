package dev.modelkit.kernel.tables;

import dev.modelkit.kernel.Feature;

import java.util.List;
import java.util.Map;

/** Rich display of Tablesaw tables and XChart charts, the views every other feature builds on. */
public final class TableChartFeature {

    private TableChartFeature() {
    }

    public static Feature feature() {
        return new Feature("tables-charts", List.of(new TableView(), new ChartView()), Map.of());
    }
}
