// Draws the dashboards' charts from the figures the page carries, with Apache ECharts.
(function () {
    const data = JSON.parse(document.getElementById("chart-data").textContent || "{}");
    const palette = ["#0b5394", "#e69138", "#6aa84f", "#a61c00", "#674ea7"];
    for (const [name, chart] of Object.entries(data)) {
        const element = document.getElementById("chart-" + name);
        if (!chart || !element) continue;
        const instance = echarts.init(element, null, { renderer: "svg" });
        instance.setOption({
            color: palette,
            animation: false,
            tooltip: { trigger: "axis" },
            legend: { top: 0 },
            grid: { left: 60, right: 20, top: 40, bottom: 70 },
            xAxis: { type: "category", data: chart.labels, axisLabel: { rotate: chart.labels.length > 8 ? 40 : 0 } },
            yAxis: { type: "value" },
            series: chart.series.map(s => ({ name: s.name, type: chart.type, data: s.values })),
        });
        element.dataset.drawn = "true";
        window.addEventListener("resize", () => instance.resize());
    }
})();
