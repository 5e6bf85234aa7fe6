import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'preact/hooks';
import type { PipeClient } from '../pipe-client.js';
import { href } from '../route.js';
import type { RelatedResult } from '../types.js';
import { useTool } from '../use-tool.js';

const PLATFORM_COLOURS: Record<string, string> = {
  github: '#24292f',
  slack: '#611f69',
  jira: '#0052cc',
  linear: '#5e6ad2',
  notion: '#37352f',
  discord: '#5865f2',
  assistant: '#b35900',
};

/**
 * The item's cross-platform neighbourhood, two hops out, from the gateway's `related` tool, drawn
 * with cytoscape.js. Clicking an item opens its page (and its own neighbourhood).
 */
export function Graph({ client, id }: { client: PipeClient; id: string }) {
  const related = useTool<RelatedResult>(client, 'related', { id, depth: 2, fanOut: 15 }, id);
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (related.status !== 'done' || container.current === null) return;
    const nodes = new Map<string, cytoscape.ElementDefinition>();
    const label = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);
    nodes.set(related.data.start, { data: { id: related.data.start, label: 'this item', colour: '#d1242f', item: true } });
    const edges = new Map<string, cytoscape.ElementDefinition>();
    for (const result of related.data.results) {
      if (!nodes.has(result.id)) {
        const title = result.item?.title ?? result.person?.handle ?? result.person?.name ?? result.id;
        nodes.set(result.id, {
          data: {
            id: result.id,
            label: label(title),
            colour: PLATFORM_COLOURS[result.item?.platform ?? ''] ?? '#6e7781',
            item: result.item !== null,
          },
        });
      }
      const step = result.path.at(-1);
      if (step) {
        const [source, target] = step.direction === 'outgoing' ? [step.from, step.to] : [step.to, step.from];
        edges.set(`${source}>${step.type}>${target}`, {
          data: { id: `${source}>${step.type}>${target}`, source, target, label: step.type },
        });
      }
    }
    for (const edge of edges.values()) {
      for (const end of [edge.data.source, edge.data.target] as string[])
        if (!nodes.has(end)) nodes.set(end, { data: { id: end, label: label(end), colour: '#6e7781', item: false } });
    }
    const graph = cytoscape({
      container: container.current,
      elements: [...nodes.values(), ...edges.values()],
      layout: { name: 'cose', animate: false, padding: 20 },
      wheelSensitivity: 0.3,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)',
            label: 'data(label)',
            'font-size': 10,
            color: '#1f2328',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            width: 18,
            height: 18,
          },
        },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': '#8c959f',
            'target-arrow-color': '#8c959f',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            label: 'data(label)',
            'font-size': 8,
            color: '#57606a',
          },
        },
      ],
    });
    // The instance on its element, for the devtools and the browser tests (which click its nodes).
    (container.current as HTMLDivElement & { cy?: cytoscape.Core }).cy = graph;
    container.current.dataset.ready = 'true';
    graph.on('tap', 'node', (event) => {
      const node = event.target as cytoscape.NodeSingular;
      if (node.data('item') && node.id() !== related.data.start) window.location.hash = href({ page: 'item', id: node.id() });
    });
    return () => graph.destroy();
  }, [related]);

  return (
    <section aria-labelledby="graph-title">
      <h3 id="graph-title">Neighbourhood</h3>
      {related.status === 'error' ? (
        <p class="error" role="alert">
          {related.message}
        </p>
      ) : related.status === 'done' && related.data.results.length === 0 ? (
        <p class="muted">No relations yet.</p>
      ) : null}
      <div
        ref={container}
        class="graph"
        role="img"
        aria-label="Graph of related items across platforms; select an item to open it"
        data-nodes={related.status === 'done' ? String(related.data.results.length + 1) : undefined}
      />
      {related.status === 'done' && related.data.results.length > 0 ? (
        <ul class="list related-list">
          {related.data.results
            .filter((r) => r.item !== null)
            .map((r) => (
              <li key={r.id}>
                <span class="muted">{r.path.map((p) => p.type).join(' → ')}</span>{' '}
                <a href={href({ page: 'item', id: r.id })}>{r.item?.title ?? r.id}</a>
              </li>
            ))}
        </ul>
      ) : null}
    </section>
  );
}
