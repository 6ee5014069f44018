import { Link } from "react-router";
import type { Schemas } from "../../../api/client";
import { ScrollRegion } from "../../../components/ScrollRegion";
import { kindLabel, nodePath, nodeSummary } from "./kinds";
import type { LineageLayout, PlacedNode } from "./layout";

type LinkRead = Schemas["LineageLinkRead"];

/** The graph node id a stored link of this version draws from. */
export function linkSourceId(link: LinkRead): string {
  return link.upstream ? `version:${link.upstream}` : `${link.kind}:${link.ref}`;
}

interface Props {
  layout: LineageLayout;
  rootId: string;
  /** The version's own links, when the caller may remove them (an unsealed draft). */
  removable: LinkRead[] | null;
  removing: string | null;
  onRemove: (link: LinkRead) => void;
  onOpen: (placed: PlacedNode) => void;
}

function NodeCell({ placed, onOpen }: { placed: PlacedNode; onOpen: (p: PlacedNode) => void }) {
  const kind = kindLabel(placed.node, placed.side);
  const summary = nodeSummary(placed.node);
  const to = placed.side === "root" ? null : nodePath(placed.node);
  return (
    <>
      <span className="hint">{kind}</span>
      <br />
      {to ? (
        <Link to={to}>{placed.node.label}</Link>
      ) : placed.side === "root" ? (
        <strong>{placed.node.label}</strong>
      ) : (
        <button type="button" className="button tiny subtle" onClick={() => onOpen(placed)}>
          {placed.node.label}
        </button>
      )}
      {summary && (
        <>
          <br />
          <span className="hint">{summary}</span>
        </>
      )}
    </>
  );
}

/** Every link of the graph as a table row: what was used, how, and by which version. */
export function LineageTable({ layout, rootId, removable, removing, onRemove, onOpen }: Props) {
  const byId = new Map(layout.nodes.map((placed) => [placed.node.id, placed]));
  const removableBySource = new Map((removable ?? []).map((link) => [linkSourceId(link), link]));
  return (
    <ScrollRegion label="Lineage links">
      <table>
        <caption className="visually-hidden">
          Lineage links: each row is something used to produce a version
        </caption>
        <thead>
          <tr>
            <th scope="col">Used</th>
            <th scope="col">Relation</th>
            <th scope="col">To produce</th>
            {removable && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {layout.edges.map((edge) => {
            const source = byId.get(edge.source);
            const target = byId.get(edge.target);
            if (!source || !target) return null;
            const link = edge.target === rootId ? removableBySource.get(edge.source) : undefined;
            return (
              <tr key={`${edge.source}->${edge.target}:${edge.relation}`}>
                <td>
                  <NodeCell placed={source} onOpen={onOpen} />
                </td>
                <td>{edge.relation.replaceAll("_", " ")}</td>
                <td>
                  <NodeCell placed={target} onOpen={onOpen} />
                </td>
                {removable && (
                  <td>
                    {link && (
                      <button
                        type="button"
                        className="button tiny"
                        disabled={removing === link.id}
                        aria-label={`Remove link to ${source.node.label}`}
                        onClick={() => onRemove(link)}
                      >
                        {removing === link.id ? "Removing…" : "Remove"}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
