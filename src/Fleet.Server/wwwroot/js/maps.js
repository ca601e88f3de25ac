// Fleet's maps (Leaflet). The base is the tile server when one is configured, otherwise the city's vector base map
// (one GeoJSON file, drawn by its "layer" property), and with neither the map's plain background: a track is still
// drawn. Two uses: a trip's track played back ([data-track]), and the pool's cars where they are now ([data-live-map]).
(function () {
    "use strict";
    if (!window.L) return;
    const english = document.documentElement.lang.startsWith("en");
    const layers = {
        water: { stroke: false, fillColor: "#c9def0", fillOpacity: 1 },
        district: { color: "#8a94a0", weight: 1, dashArray: "4 4", fill: false },
        road: { color: "#ffffff", weight: 3 },
        depot: { color: "#8c6d2c", weight: 1, fillColor: "#ecdcb4", fillOpacity: 0.9 },
        place: { color: "#5d6670", weight: 1, fillColor: "#dde2e7", fillOpacity: 0.8 },
    };

    function baseMap(element) {
        // The zoom buttons are named in the page's language, not Leaflet's English.
        // A view from the start (the city's centre), so that the base map and the track can arrive in either order.
        const map = L.map(element, { attributionControl: Boolean(element.dataset.tiles), zoomControl: false }).setView([30.59, 114.3], 12);
        L.control.zoom({ zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut }).addTo(map);
        if (element.dataset.tiles) {
            L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution || "", maxZoom: 19 }).addTo(map);
            return map;
        }
        if (!element.dataset.baseMap) return map;
        fetch(element.dataset.baseMap, { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (city) {
                if (!city) return;
                L.geoJSON(city, {
                    style: function (f) { return layers[f.properties && f.properties.layer] || layers.place; },
                    pointToLayer: function (f, at) { return L.circleMarker(at, { radius: 3, color: "#5d6670", weight: 1 }); },
                    onEachFeature: function (f, layer) {
                        const name = f.properties && (english ? f.properties.name_en : f.properties.name_zh);
                        if (name) layer.bindTooltip(name);
                    },
                    interactive: true,
                }).addTo(map).bringToBack();
                element.dataset.baseDrawn = "true";
            })
            .catch(function () { /* no base map: the plain background */ });
        return map;
    }

    // A trip's track: the line, a marker at one fix, a slider to move it and a button to play it.
    function track(section) {
        const map = baseMap(section.querySelector(".map"));
        const slider = section.querySelector("input[type=range]");
        const play = section.querySelector("button.play");
        const now = section.querySelector(".now");
        fetch(section.dataset.track, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
            .then(function (answer) {
                const points = answer.points;
                if (points.length === 0) {
                    map.setView([30.59, 114.3], 12);
                    now.textContent = section.dataset.empty;
                    section.dataset.state = "empty";
                    return;
                }
                const line = L.polyline(points.map(function (p) { return [p.lat, p.lon]; }), { color: "#1f5fbf", weight: 4, className: "track-line" }).addTo(map);
                map.fitBounds(line.getBounds(), { padding: [16, 16] });
                const marker = L.circleMarker([points[0].lat, points[0].lon], { radius: 8, color: "#b3261e", fillOpacity: 1, className: "track-marker" }).addTo(map);
                let timer = null;
                function show(i) {
                    const p = points[i];
                    marker.setLatLng([p.lat, p.lon]);
                    slider.value = String(i);
                    const text = section.dataset.at.replace("{0}", p.local).replace("{1}", p.speedKmh);
                    now.textContent = text;
                    slider.setAttribute("aria-valuetext", text);
                    section.dataset.index = String(i);
                }
                function stop() {
                    clearInterval(timer);
                    timer = null;
                    play.textContent = section.dataset.play;
                }
                slider.max = String(points.length - 1);
                slider.disabled = false;
                play.disabled = false;
                slider.addEventListener("input", function () { show(Number(slider.value)); });
                play.addEventListener("click", function () {
                    if (timer) return stop();
                    let i = Number(slider.value) >= points.length - 1 ? 0 : Number(slider.value);
                    // About twenty seconds for the whole track, however long it is.
                    const step = Math.max(1, Math.round(points.length / 200));
                    play.textContent = section.dataset.pause;
                    timer = setInterval(function () {
                        i = Math.min(points.length - 1, i + step);
                        show(i);
                        if (i === points.length - 1) stop();
                    }, 100);
                });
                show(0);
                section.dataset.state = "ready";
            })
            .catch(function () {
                now.textContent = section.dataset.failed;
                section.dataset.state = "failed";
            });
    }

    // The pool's cars: the page lists them in words (rows carry their place); the map marks those with one. The list is
    // fetched again every ten seconds and the marks redrawn from it.
    function live(section) {
        const map = baseMap(section.querySelector(".map"));
        const marks = L.layerGroup().addTo(map);
        let framed = false;
        function draw() {
            marks.clearLayers();
            const rows = [...document.querySelectorAll("#cars [data-lat]")];
            rows.forEach(function (row) {
                const onTrip = row.dataset.onTrip === "true";
                L.circleMarker([Number(row.dataset.lat), Number(row.dataset.lon)],
                    { radius: 8, color: onTrip ? "#1f5fbf" : "#5d6670", fillOpacity: 0.9, className: "car-marker" })
                    .bindTooltip(row.dataset.plate, { permanent: true, direction: "right" }).addTo(marks);
            });
            if (!framed && rows.length > 0) {
                map.fitBounds(L.latLngBounds(rows.map(function (r) { return [Number(r.dataset.lat), Number(r.dataset.lon)]; })), { padding: [24, 24], maxZoom: 15 });
                framed = true;
            } else if (!framed) map.setView([30.59, 114.3], 12);
            section.dataset.cars = String(rows.length);
        }
        async function refresh() {
            const response = await fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "live" } });
            if (!response.ok || response.redirected) return;
            const page = new DOMParser().parseFromString(await response.text(), "text/html");
            const fresh = page.getElementById("cars");
            if (fresh) document.getElementById("cars").innerHTML = fresh.innerHTML;
            draw();
        }
        draw();
        setInterval(refresh, 10000);
    }

    document.querySelectorAll("[data-track]").forEach(track);
    document.querySelectorAll("[data-live-map]").forEach(live);
})();
