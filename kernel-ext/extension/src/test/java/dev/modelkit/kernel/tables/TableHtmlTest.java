package dev.modelkit.kernel.tables;

import dev.modelkit.kernel.display.Html;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableHtmlTest {

    private static int count(String haystack, String needle) {
        return haystack.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    @Test
    void capsRowsAndSaysHowManyWereLeftOut() {
        int[] n = IntStream.range(0, 120).toArray();
        Table t = Table.create("big", IntColumn.create("i", n),
                StringColumn.create("s", IntStream.range(0, 120).mapToObj(i -> "r" + i).toArray(String[]::new)));

        String html = TableHtml.render(t);

        assertEquals(50 + 1, count(html, "<tr><td"), "50 data rows and the summary row");
        assertTrue(html.contains(">49</td>") && !html.contains(">50</td>"), "first 50 rows, in order");
        assertTrue(html.contains("… 70 more rows"), html);
        assertTrue(html.contains("120 rows × 2 columns"));
        assertTrue(html.contains("<th style=\"text-align:right\">i</th>"), "numeric header right-aligned");
        assertTrue(html.contains("<th style=\"text-align:left\">s</th>"), "text header left-aligned");
    }

    @Test
    void smallTableShowsEverythingWithoutSummaryRow() {
        Table t = Table.create("", IntColumn.create("x", 1, 2));
        String html = TableHtml.render(t);
        assertFalse(html.contains("more row"));
        assertTrue(html.contains("2 rows × 1 column"));
        assertThrows(IllegalArgumentException.class, () -> TableHtml.render(t, 0));
    }

    @Test
    void escapesEverythingThatReachesHtml() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;", Html.escape("<a href=\"x\">'&'</a>"));
        Table t = Table.create("a&b", StringColumn.create("<col>", "<img src=x onerror=alert(1)>"));
        String html = TableHtml.render(t);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<col>"), html);
        assertTrue(html.contains("a&amp;b"));
    }
}
