// Fleet's maps (Leaflet). The base is the tile server when one is configured, otherwise the city's vector base map
// (one GeoJSON file, drawn by its "layer" property), and with neither the map's plain background: a track is still
// drawn. Three uses: a track played back ([data-track]), the pool's cars where they are now ([data-live-map]), and the
// pool's geofences shown and a new shape drawn into the geofence form's fields ([data-geofence-map]).
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

    // A track: the line, a marker at one fix, a slider to move it and a button to play it. A trip's track is fetched from
    // the API; a car's track over days comes with its page ([data-track-data], the look already recorded for the page),
    // together with its stops, which are marked.
    function track(section) {
        const map = baseMap(section.querySelector(".map"));
        const slider = section.querySelector("input[type=range]");
        const play = section.querySelector("button.play");
        const now = section.querySelector(".now");
        const given = section.dataset.trackData && document.querySelector(section.dataset.trackData);
        (given
            ? Promise.resolve(JSON.parse(given.textContent))
            : fetch(section.dataset.track, { credentials: "same-origin", headers: { Accept: "application/json" } })
                .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); }))
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
                (answer.stops || []).forEach(function (stop) {
                    L.circleMarker([stop.lat, stop.lon], { radius: 6, color: "#8c6d2c", fillColor: "#ecdcb4", fillOpacity: 1, className: "stop-marker" })
                        .bindTooltip(stop.label).addTo(map);
                });
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

    // The geofences: each in its kind's colour with its name and kind in a popup. Clicks on the map draw a new shape into
    // the form's own fields — corners one a line for a polygon, centre for a circle — and typing in the fields redraws
    // it, so the form sent is the same with or without this script.
    const kindColours = { ScenicSpot: "#2e7d32", EntertainmentVenue: "#b3261e", PrivateAddress: "#6a3fa0", Other: "#5d6670" };

    function geofences(section) {
        const map = baseMap(section.querySelector(".map"));
        const form = document.querySelector(section.dataset.form);
        const field = function (name) { return form.elements.namedItem(name); };
        const tools = section.querySelector(".draw-tools");
        const hint = tools.querySelector(".hint");
        const undo = tools.querySelector("button.undo");
        const close = tools.querySelector("button.close");
        const all = L.featureGroup().addTo(map);
        JSON.parse(document.getElementById("geofence-shapes").textContent).forEach(function (g) {
            const style = { color: kindColours[g.kind] || kindColours.Other, weight: 2, fillOpacity: 0.2, className: "geofence-shape" };
            const layer = g.centre ? L.circle(g.centre, Object.assign({ radius: g.radius }, style)) : L.polygon(g.polygon, style);
            const words = document.createElement("div");
            const name = document.createElement("strong");
            name.textContent = g.name;
            words.append(name, document.createElement("br"), g.kindText);
            layer.bindPopup(words).addTo(all);
        });

        const sketch = L.featureGroup().addTo(map);
        let corners = [];
        let closed = false;
        const polygon = function () { return form.elements.namedItem("Shape").value === "polygon"; };
        const degrees = function (d) { return String(Math.round(d * 1e6) / 1e6); };

        // The fields are what is sent: the drawing is read from them, so a shape typed in or brought by ?edit= shows too.
        function read() {
            corners = field("Corners").value.split("\n").map(function (line) {
                const parts = line.split(/[,\s，]+/).filter(Boolean).map(Number);
                return parts.length === 2 && parts.every(isFinite) ? parts : null;
            }).filter(Boolean);
            closed = closed && corners.length >= 3;
        }
        function draw() {
            sketch.clearLayers();
            const style = { color: "#1f5fbf", weight: 3, dashArray: closed ? null : "6 4", fillOpacity: 0.15, className: "sketch-shape" };
            if (polygon()) {
                if (corners.length > 0) (closed ? L.polygon(corners, style) : L.polyline(corners, style)).addTo(sketch);
                corners.forEach(function (c) { L.circleMarker(c, { radius: 5, color: "#1f5fbf", fillOpacity: 1, className: "sketch-corner" }).addTo(sketch); });
                hint.textContent = corners.length > 0 ? section.dataset.cornersDrawn.replace("{0}", corners.length) : section.dataset.hintPolygon;
            } else {
                const lat = parseFloat(field("Latitude").value), lon = parseFloat(field("Longitude").value);
                const radius = parseFloat(field("RadiusMetres").value);
                if (isFinite(lat) && isFinite(lon)) {
                    L.circle([lat, lon], Object.assign({ radius: isFinite(radius) ? radius : 0 }, style, { dashArray: null })).addTo(sketch);
                    L.circleMarker([lat, lon], { radius: 5, color: "#1f5fbf", fillOpacity: 1, className: "sketch-corner" }).addTo(sketch);
                    hint.textContent = section.dataset.centreDrawn.replace("{0}", degrees(lat)).replace("{1}", degrees(lon));
                } else hint.textContent = section.dataset.hintCircle;
            }
            undo.disabled = !polygon() || corners.length === 0;
            close.disabled = !polygon() || closed || corners.length < 3;
            section.dataset.corners = String(polygon() ? corners.length : 0);
        }
        function write() {
            field("Corners").value = corners.map(function (c) { return degrees(c[0]) + "," + degrees(c[1]); }).join("\n");
        }

        map.on("click", function (e) {
            if (polygon()) {
                if (closed) return;
                corners.push([e.latlng.lat, e.latlng.lng]);
                write();
            } else {
                field("Latitude").value = degrees(e.latlng.lat);
                field("Longitude").value = degrees(e.latlng.lng);
                // A circle needs a radius to be seen; the supervisor sets the one meant in the field below.
                if (!field("RadiusMetres").value) field("RadiusMetres").value = "200";
            }
            draw();
        });
        undo.addEventListener("click", function () { corners.pop(); closed = false; write(); draw(); });
        close.addEventListener("click", function () { closed = corners.length >= 3; draw(); });
        tools.querySelector("button.clear").addEventListener("click", function () {
            corners = [];
            closed = false;
            if (polygon()) write();
            else ["Latitude", "Longitude"].forEach(function (n) { field(n).value = ""; });
            draw();
        });
        form.addEventListener("input", function () { read(); draw(); });
        form.addEventListener("change", function () { read(); draw(); });

        read();
        closed = corners.length >= 3;
        draw();
        const shown = sketch.getLayers().length > 0 ? sketch : all;
        if (shown.getLayers().length > 0) map.fitBounds(shown.getBounds(), { padding: [24, 24], maxZoom: 16 });
        tools.hidden = false;
        section.dataset.state = "ready";
    }

    document.querySelectorAll("[data-track]").forEach(track);
    document.querySelectorAll("[data-live-map]").forEach(live);
    document.querySelectorAll("[data-geofence-map]").forEach(geofences);
})();
