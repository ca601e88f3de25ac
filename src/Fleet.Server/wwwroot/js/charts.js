// Draws the dashboards' charts from the figures the page carries, with Apache ECharts.
// Each series names the axis it is measured on: a count (trips) and an amount (km, yuan) never share one, so a chart
// has one value axis per kind of measure, the second on the right. Every category keeps its label: labels turn
// when there is no room for them side by side, never are some of them left out.
(function () {
    const data = JSON.parse(document.getElementById("chart-data").textContent || "{}");
    const palette = ["#0b5394", "#e69138", "#6aa84f", "#a61c00", "#674ea7"];

    function rotation(element, labels) {
        const longest = Math.max(1, ...labels.map(l => String(l).length));
        const room = (element.clientWidth || 360) / Math.max(1, labels.length);
        if (room >= longest * 13) return 0;
        return room >= 28 ? 40 : 90;
    }

    for (const [name, chart] of Object.entries(data)) {
        const element = document.getElementById("chart-" + name);
        if (!chart || !element) continue;
        const axes = [...new Set(chart.series.map(s => s.axis || ""))];
        const instance = echarts.init(element, null, { renderer: "svg" });
        const draw = () => instance.setOption({
            color: palette,
            animation: false,
            tooltip: { trigger: "axis" },
            legend: { top: 0 },
            grid: { left: 10, right: 10, top: 50, bottom: 10, containLabel: true },
            xAxis: {
                type: "category", data: chart.labels,
                axisLabel: { interval: 0, hideOverlap: false, rotate: rotation(element, chart.labels) },
            },
            yAxis: axes.map((axis, i) => ({ type: "value", name: axis, position: i === 0 ? "left" : "right", splitLine: { show: i === 0 } })),
            series: chart.series.map(s => ({ name: s.name, type: chart.type, data: s.values, yAxisIndex: axes.indexOf(s.axis || "") })),
        });
        draw();
        element.dataset.drawn = "true";
        element.dataset.axes = String(axes.length);
        window.addEventListener("resize", () => { instance.resize(); draw(); });
    }
})();
