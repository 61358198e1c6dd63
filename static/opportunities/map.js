/*
 * The map of opportunity spaces (Leaflet). Reads the page's JSON (json_script "space-map-data"):
 *   {tiles: {url, attribution}, spaces: [{title, url, lat, lng, stage, stage_code, owner, address}]}
 * Each marker is its stage's drawing from the legend (the page's own SVG). Without tiles (an empty url), or once a
 * tile cannot be fetched, the markers are drawn on a plain background and no more tiles are asked for. Text goes
 * into the DOM as text, never as HTML. The page lists the same spaces in a table, so the map is an addition, not the only way in.
 */
(function () {
  "use strict";

  var holder = document.getElementById("space-map");
  var source = document.getElementById("space-map-data");
  if (!holder || !source || typeof window.L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var spaces = data.spaces || [];
  if (!spaces.length) {
    return;
  }

  function escapeHtml(text) {
    var element = document.createElement("span");
    element.textContent = text || "";
    return element.innerHTML;
  }

  function popup(space) {
    var body = document.createElement("div");
    var title = document.createElement("a");
    title.href = space.url;
    title.textContent = space.title;
    var heading = document.createElement("p");
    heading.className = "space-map-popup-title";
    heading.appendChild(title);
    body.appendChild(heading);
    var details = [space.owner, space.stage, space.address].filter(Boolean);
    details.forEach(function (line) {
      var paragraph = document.createElement("p");
      paragraph.textContent = line;
      body.appendChild(paragraph);
    });
    return body;
  }

  holder.hidden = false;
  var legend = document.getElementById("space-map-legend");
  if (legend) {
    legend.hidden = false;
  }
  var map = window.L.map(holder, { scrollWheelZoom: false });
  if (data.tiles && data.tiles.url) {
    var tiles = window.L.tileLayer(data.tiles.url, {
      maxZoom: 19,
      attribution: escapeHtml(data.tiles.attribution),
    });
    // A tile that cannot be fetched (a closed network): no more requests, a plain background, and a word why.
    tiles.once("tileerror", function () {
      map.removeLayer(tiles);
      holder.classList.add("space-map--plain");
      var note = legend && legend.querySelector(".space-map-no-tiles");
      if (note) {
        note.hidden = false;
      }
    });
    tiles.addTo(map);
  } else {
    holder.classList.add("space-map--plain");
  }
  // Each stage's marker is the legend's drawing of it (one shape and colour per stage, as the legend shows).
  function icon(stage) {
    var drawing = legend && legend.querySelector('[data-stage="' + stage + '"] svg');
    return window.L.divIcon({
      html: drawing ? drawing.outerHTML : "",
      className: "space-map-marker",
      iconSize: [26, 26],
      iconAnchor: [13, 13],
      popupAnchor: [0, -13],
    });
  }
  var points = [];
  spaces.forEach(function (space) {
    var point = [space.lat, space.lng];
    window.L.marker(point, { icon: icon(space.stage_code), title: space.title, alt: space.title, keyboard: true })
      .bindPopup(popup(space))
      .addTo(map);
    points.push(point);
  });
  if (points.length === 1) {
    map.setView(points[0], 16);
  } else {
    map.fitBounds(points, { padding: [24, 24], maxZoom: 16 });
  }
})();
