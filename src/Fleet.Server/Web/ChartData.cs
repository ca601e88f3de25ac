namespace Fleet.Server.Web;

/// <summary>
/// The figures a page hands to its charts (<c>wwwroot/js/charts.js</c>, ECharts): each series names the measure its axis
/// shows, so that series of different measures get an axis each, and values are rounded to two decimals.
/// </summary>
public static class ChartData
{
    public static object Bars(IEnumerable<string> labels, params (string Name, string Axis, IEnumerable<decimal> Values)[] series) => Chart("bar", labels, series);

    public static object Lines(IEnumerable<string> labels, params (string Name, string Axis, IEnumerable<decimal> Values)[] series) => Chart("line", labels, series);

    private static object Chart(string type, IEnumerable<string> labels, (string Name, string Axis, IEnumerable<decimal> Values)[] series) =>
        new
        {
            type, labels = labels.ToArray(),
            series = series.Select(s => new { name = s.Name, axis = s.Axis, values = s.Values.Select(v => Math.Round(v, 2)).ToArray() }),
        };
}
