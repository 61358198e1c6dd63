/*
 * The map of opportunity spaces (Leaflet). Reads the page's JSON (json_script "space-map-data"):
 *   {tiles: {url, attribution}, icons: {icon, retina, shadow}, spaces: [{title, url, lat, lng, stage, owner, address}]}
 * Without tiles (an empty url) the markers are drawn on a plain background. Text goes into the DOM as text,
 * never as HTML. The page lists the same spaces in a table, so the map is an addition, not the only way in.
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
  var map = window.L.map(holder, { scrollWheelZoom: false });
  if (data.tiles && data.tiles.url) {
    window.L.tileLayer(data.tiles.url, {
      maxZoom: 19,
      attribution: escapeHtml(data.tiles.attribution),
    }).addTo(map);
  }
  // Leaflet's default marker, with the image URLs from the page (static files may have hashed names).
  var icon = window.L.icon({
    iconUrl: data.icons.icon,
    iconRetinaUrl: data.icons.retina,
    shadowUrl: data.icons.shadow,
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    tooltipAnchor: [16, -28],
    shadowSize: [41, 41],
  });
  var points = [];
  spaces.forEach(function (space) {
    var point = [space.lat, space.lng];
    window.L.marker(point, { icon: icon, title: space.title, alt: space.title, keyboard: true })
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
