/// The fixed parts of the HTML explorer: style, page frame and script. No external resource:
/// everything the page needs is here, and the data and the SVG are written inline beside it.
enum HTMLTemplate {
    static let style = #"""
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.4 Helvetica, Arial, sans-serif; color: #111827; display: flex; flex-direction: column; height: 100vh; }
        header { display: flex; gap: 12px; align-items: center; padding: 8px 14px; border-bottom: 1px solid #e5e7eb; background: #f9fafb; }
        header h1 { font-size: 16px; margin: 0; }
        header input { font: inherit; padding: 5px 8px; width: 260px; border: 1px solid #9ca3af; border-radius: 4px; }
        header button { font: inherit; padding: 4px 9px; border: 1px solid #9ca3af; border-radius: 4px; background: #fff; cursor: pointer; }
        .legend { margin-left: auto; display: flex; gap: 10px; font-size: 12px; color: #4b5563; }
        .legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; vertical-align: -1px; background: var(--swatch); }
        main { flex: 1; display: flex; min-height: 0; }
        #graph { flex: 1; overflow: auto; padding: 8px; }
        #graph svg { width: calc(var(--zoom, 1) * 100%); height: auto; }
        #panel { order: 2; width: 300px; overflow: auto; border-left: 1px solid #e5e7eb; padding: 10px 14px; background: #fff; }
        #panel h2 { font-size: 16px; margin: 4px 0; word-break: break-all; }
        #panel h3 { font-size: 13px; margin: 12px 0 4px; color: #4b5563; }
        #panel dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; }
        #panel dt { color: #6b7280; } #panel dd { margin: 0; word-break: break-all; }
        #panel ul { margin: 0; padding-left: 16px; } #panel li { word-break: break-all; }
        #panel a { color: #1d4ed8; cursor: pointer; text-decoration: underline; }
        .hint { color: #6b7280; }
        g.node { cursor: pointer; }
        /* Graphviz draws a node as a path or a polygon, Trellis's layered layout as a rect. */
        g.node.match path, g.node.match polygon, g.node.match rect { stroke: #7c3aed; stroke-width: 3px; }
        g.node.selected path, g.node.selected polygon, g.node.selected rect { stroke: #111827; stroke-width: 4px; }
        g.node.dependent path, g.node.dependent polygon, g.node.dependent rect { fill: #fed7aa; stroke: #ea580c; stroke-width: 2px; }
        g.node.dependency path, g.node.dependency polygon, g.node.dependency rect { fill: #bfdbfe; stroke: #2563eb; stroke-width: 2px; }
        g.edge.dependent path { stroke: #ea580c; stroke-width: 2.5px; } g.edge.dependent polygon { stroke: #ea580c; fill: #ea580c; }
        g.edge.dependency path { stroke: #2563eb; stroke-width: 2.5px; } g.edge.dependency polygon { stroke: #2563eb; fill: #2563eb; }
        /* Dimming is one class on the container, and colours rather than opacity: on a
           thousand-node SVG, touching every element or compositing every group is what is slow. */
        #graph.dimmed g.node:not(.lit) path, #graph.dimmed g.node:not(.lit) polygon, #graph.dimmed g.node:not(.lit) ellipse, #graph.dimmed g.node:not(.lit) rect { fill: #f9fafb; stroke: #e5e7eb; }
        #graph.dimmed g.node:not(.lit) text, #graph.dimmed g.edge:not(.lit) text { fill: #d1d5db; }
        #graph.dimmed g.edge:not(.lit) path { stroke: #e5e7eb; }
        #graph.dimmed g.edge:not(.lit) polygon { stroke: #e5e7eb; fill: #e5e7eb; }
        """#

    static let body = #"""
        <header>
        <h1>trellis graph</h1>
        <input id="search" type="search" placeholder="Search a module (Enter selects)" autocomplete="off" aria-label="Search a module">
        <button id="clear" type="button">Clear</button>
        <button id="zoom-in" type="button" title="Zoom in">+</button>
        <button id="zoom-out" type="button" title="Zoom out">&minus;</button>
        <span id="count" class="hint"></span>
        <div class="legend">
        <span style="--swatch:#111827">selected</span>
        <span style="--swatch:#fed7aa">depends on it</span>
        <span style="--swatch:#bfdbfe">it depends on</span>
        <span style="--swatch:#7c3aed">search match</span>
        </div>
        </header>
        <main>
        <aside id="panel"><p class="hint">Search a module, or click one, to see what depends on it and what it depends on.</p></aside>
        """#

    /// The explorer's behaviour. It reads `#search=NAME&click=NAME` from the URL and drives the
    /// same handlers a person does (an `input` event, a `click` event), and writes its state into
    /// `<body data-…>` so a headless browser's DOM dump shows what a person would see.
    static let script = #"""
        (function () {
          "use strict";
          const started = performance.now();
          const data = JSON.parse(document.getElementById("trellis-data").textContent);
          const nodes = data.nodes, edges = data.edges;
          const body = document.body, panel = document.getElementById("panel");
          const input = document.getElementById("search"), count = document.getElementById("count");
          const outgoing = nodes.map(() => []), incoming = nodes.map(() => []);
          edges.forEach((edge, i) => { outgoing[edge.from].push(i); incoming[edge.to].push(i); });
          const requirementsOf = nodes.map(() => []);
          data.requirements.forEach((r) => requirementsOf[r.from].push(r));
          const byName = new Map(nodes.map((node, i) => [node.name, i]));
          const element = (id) => document.getElementById(id);
          const nodeElements = nodes.map((node) => element(node.id));
          const edgeElements = edges.map((edge) => element(edge.id));
          const normalize = (text) => text.toLowerCase().replace(/[-_.]+/g, "-").trim();
          let zoom = 1;

          function text(tag, content, className) {
            const el = document.createElement(tag);
            if (content !== undefined) el.textContent = content;
            if (className) el.className = className;
            return el;
          }
          function link(i) {
            const a = text("a", nodes[i].name);
            a.addEventListener("click", () => select(i, true));
            return a;
          }
          // Only the elements that stand out get a class; the rest are dimmed by the container's
          // class, so a search or a click touches O(lit elements), not the whole drawing.
          const graph = element("graph");
          let marked = [];
          function mark(el, className) {
            if (!el) return;
            el.classList.add("lit", className);
            marked.push(el);
          }
          function unmarkAll(dimmed) {
            marked.forEach((el) => el.classList.remove("lit", "match", "selected", "dependent", "dependency"));
            marked = [];
            graph.classList.toggle("dimmed", dimmed);
          }
          // Breadth-first along `adjacency` (edge indices), `end` picks the far node of an edge.
          function walk(start, adjacency, end) {
            const seen = new Set([start]), used = new Set();
            let frontier = [start];
            while (frontier.length) {
              const next = [];
              for (const n of frontier) for (const e of adjacency[n]) {
                used.add(e);
                const m = end(edges[e]);
                if (!seen.has(m)) { seen.add(m); next.push(m); }
              }
              frontier = next;
            }
            seen.delete(start);
            return { nodes: seen, edges: used };
          }

          function select(i, scroll) {
            const t0 = performance.now();
            const dependents = walk(i, incoming, (e) => e.from);
            const dependencies = walk(i, outgoing, (e) => e.to);
            const lit = new Set([i, ...dependents.nodes, ...dependencies.nodes]);
            unmarkAll(true);
            mark(nodeElements[i], "selected");
            dependents.nodes.forEach((n) => mark(nodeElements[n], "dependent"));
            dependencies.nodes.forEach((n) => mark(nodeElements[n], "dependency"));
            dependents.edges.forEach((e) => mark(edgeElements[e], "dependent"));
            dependencies.edges.forEach((e) => { if (!dependents.edges.has(e)) mark(edgeElements[e], "dependency"); });
            requirementsOf[i].forEach((r) => { mark(element(r.id), "requirement"); mark(element(data.externals[r.to].id), "requirement"); });
            const names = (set) => JSON.stringify([...set].map((n) => nodes[n].name).sort());
            body.dataset.selected = nodes[i].name;
            body.dataset.dependents = names(dependents.nodes);
            body.dataset.dependencies = names(dependencies.nodes);
            body.dataset.lit = String(lit.size);
            showDetails(i, dependents.nodes, dependencies.nodes);
            if (scroll && nodeElements[i]) nodeElements[i].scrollIntoView({ block: "center", inline: "center" });
            body.dataset.clickMs = (performance.now() - t0).toFixed(1);
          }

          function showDetails(i, dependents, dependencies) {
            const node = nodes[i];
            panel.replaceChildren();
            panel.append(text("h2", node.name));
            const dl = text("dl");
            [["version", node.version ?? "(none)"], ["kind", node.kind], ["path", node.path], ["manifest", node.manifest]]
              .forEach(([k, v]) => { dl.append(text("dt", k), text("dd", v)); dl.lastChild.dataset.field = k; });
            panel.append(dl);
            const list = (title, indices) => {
              panel.append(text("h3", `${title} (${indices.length})`));
              const ul = text("ul");
              indices.sort((a, b) => nodes[a].name < nodes[b].name ? -1 : 1).forEach((n) => { const li = text("li"); li.append(link(n)); ul.append(li); });
              if (!indices.length) ul.append(text("li", "none", "hint"));
              panel.append(ul);
            };
            list("Depends on (direct)", outgoing[i].map((e) => edges[e].to).filter((v, k, a) => a.indexOf(v) === k));
            list("Used by (direct)", incoming[i].map((e) => edges[e].from).filter((v, k, a) => a.indexOf(v) === k));
            list("Everything that depends on it", [...dependents]);
            list("Everything it depends on", [...dependencies]);
            if (requirementsOf[i].length) {
              panel.append(text("h3", `External packages (${requirementsOf[i].length})`));
              const ul = text("ul");
              requirementsOf[i].forEach((r) => ul.append(text("li", `${data.externals[r.to].name} ${r.specifier || "*"} (${r.group})`)));
              panel.append(ul);
            }
          }

          function search(query) {
            const t0 = performance.now();
            const q = normalize(query);
            const matches = [];
            if (q) nodes.forEach((node, n) => { if (node.name.includes(q)) matches.push(n); });
            unmarkAll(q !== "");
            matches.forEach((n) => mark(nodeElements[n], "match"));
            matches.sort((a, b) => (nodes[a].name === q ? -1 : 0) - (nodes[b].name === q ? -1 : 0) || (nodes[a].name < nodes[b].name ? -1 : 1));
            body.dataset.matches = JSON.stringify(matches.map((n) => nodes[n].name));
            delete body.dataset.selected;
            count.textContent = q ? `${matches.length} of ${nodes.length} modules` : `${nodes.length} modules`;
            panel.replaceChildren();
            if (q) {
              panel.append(text("h3", `Matches (${matches.length})`));
              const ul = text("ul");
              matches.slice(0, 200).forEach((n) => { const li = text("li"); li.append(link(n)); ul.append(li); });
              panel.append(ul);
              if (matches.length) nodeElements[matches[0]]?.scrollIntoView({ block: "center", inline: "center" });
            }
            body.dataset.searchMs = (performance.now() - t0).toFixed(1);
            return matches;
          }

          nodeElements.forEach((el, n) => {
            if (!el) return;
            el.dataset.name = nodes[n].name;
            el.addEventListener("click", (event) => { event.preventDefault(); select(n, false); });
          });
          input.addEventListener("input", () => search(input.value));
          input.addEventListener("keydown", (event) => {
            if (event.key !== "Enter") return;
            const matches = search(input.value);
            if (matches.length) select(matches[0], true);
          });
          element("clear").addEventListener("click", () => { input.value = ""; search(""); });
          const setZoom = (z) => { zoom = Math.min(8, Math.max(0.25, z)); document.getElementById("graph").style.setProperty("--zoom", zoom); };
          element("zoom-in").addEventListener("click", () => setZoom(zoom * 1.4));
          element("zoom-out").addEventListener("click", () => setZoom(zoom / 1.4));
          count.textContent = `${nodes.length} modules`;
          // A large graph starts at its natural size (readable, scrollable) rather than shrunk to the window.
          if (nodes.length > 60) setZoom(Math.max(1, (document.querySelector("#graph svg")?.viewBox.baseVal.width || 0) / Math.max(1, element("graph").clientWidth)));
          // Lay the drawing out now, at its zoom: otherwise the first search or click pays for
          // laying out the whole SVG (seconds at thousands of modules) and its time says so.
          void graph.getBoundingClientRect();

          const params = new URLSearchParams(location.hash.slice(1));
          if (params.has("search")) {
            input.value = params.get("search");
            input.dispatchEvent(new Event("input"));
          }
          if (params.has("click")) {
            const target = byName.get(normalize(params.get("click")));
            if (target !== undefined && nodeElements[target]) nodeElements[target].dispatchEvent(new MouseEvent("click", { bubbles: true }));
            else body.dataset.error = "no node named " + params.get("click");
          }
          body.dataset.loadMs = (performance.now() - started).toFixed(1);
          // Since navigation started: parsing the page (its SVG above all), its first layout, the script.
          body.dataset.pageMs = performance.now().toFixed(1);
          body.dataset.ready = "true";
        })();
        """#
}
