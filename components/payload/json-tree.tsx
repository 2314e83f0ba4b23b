"use client";

import clsx from "clsx";
import { ChevronRight } from "lucide-react";
import { useMemo, useState } from "react";
import { type JsonNode, parseJsonTree } from "@/lib/payload/parse-json-tree";

/** Levels open when the tree first shows: an Accelo body is one level, a form two at most. */
const INITIAL_DEPTH = 3;
/** "Expand all" stops here, so a hostile, deeply nested body cannot freeze the page. */
const EXPAND_ALL_DEPTH = 64;
/** Children shown per container before a "show more" button, for huge arrays. */
const PAGE = 100;

type ContainerNode = Extract<JsonNode, { kind: "object" | "array" }>;

function Scalar({ node }: { node: Exclude<JsonNode, ContainerNode> }) {
  switch (node.kind) {
    case "string":
      // JSON.stringify shows quotes and escapes (\n, \") as they appear in the source.
      return <span className="text-emerald-700">{JSON.stringify(node.value)}</span>;
    case "number":
      return <span className="text-sky-700">{node.text}</span>;
    case "boolean":
      return <span className="text-violet-700">{String(node.value)}</span>;
    case "null":
      return <span className="text-slate-400">null</span>;
  }
}

function childCount(node: ContainerNode): number {
  return node.kind === "object" ? node.entries.length : node.items.length;
}

function childLabel(node: ContainerNode, index: number): string {
  return node.kind === "object" ? JSON.stringify(node.entries[index].key) : String(index);
}

function childNode(node: ContainerNode, index: number): JsonNode {
  return node.kind === "object" ? node.entries[index].value : node.items[index];
}

/**
 * One line of the tree: an optional key, then the value. A container's toggle sits in the gutter
 * before its key, and its children open beneath it, each on its own line.
 */
function JsonLine({
  label,
  isKey,
  node,
  depth,
  openDepth,
}: {
  label: string | null;
  isKey: boolean;
  node: JsonNode;
  depth: number;
  openDepth: number;
}) {
  const [open, setOpen] = useState(depth < openDepth);
  const [shown, setShown] = useState(PAGE);

  const prefix = label !== null && (
    <>
      <span className={isKey ? "text-rose-800" : "text-slate-400"}>{label}</span>
      <span className="text-slate-400">: </span>
    </>
  );
  if (node.kind !== "object" && node.kind !== "array") {
    return (
      <div className="py-px">
        {prefix}
        <Scalar node={node} />
      </div>
    );
  }
  const container = node;
  const count = childCount(container);
  if (count === 0) {
    return (
      <div className="py-px">
        {prefix}
        <span className="text-slate-500">{container.kind === "object" ? "{}" : "[]"}</span>
      </div>
    );
  }

  const [opening, closing] = container.kind === "object" ? ["{", "}"] : ["[", "]"];
  const noun = container.kind === "object" ? (count === 1 ? "key" : "keys") : count === 1 ? "item" : "items";
  return (
    <div className="relative py-px">
      <button
        type="button"
        aria-expanded={open}
        aria-label={`${open ? "Collapse" : "Expand"} ${label ?? "root"}`}
        onClick={() => setOpen(!open)}
        className="absolute top-1 -left-5 rounded text-slate-400 hover:bg-slate-200/70 hover:text-slate-900"
      >
        <ChevronRight aria-hidden className={clsx("size-4 transition-transform", open && "rotate-90")} />
      </button>
      {prefix}
      <span className="text-slate-500">{opening}</span>
      {open ? (
        <>
          <div className="ml-1 border-l border-slate-200 pl-6">
            {Array.from({ length: Math.min(shown, count) }, (_, index) => (
              <JsonLine
                key={index}
                label={childLabel(container, index)}
                isKey={container.kind === "object"}
                node={childNode(container, index)}
                depth={depth + 1}
                openDepth={openDepth}
              />
            ))}
            {shown < count && (
              <button
                type="button"
                onClick={() => setShown(shown + PAGE)}
                className="text-xs font-medium text-sky-700 hover:underline"
              >
                Show {Math.min(PAGE, count - shown)} more of {count - shown} remaining
              </button>
            )}
          </div>
          <span className="text-slate-500">{closing}</span>
        </>
      ) : (
        <button
          type="button"
          onClick={() => setOpen(true)}
          className="rounded px-1 text-xs text-slate-400 hover:bg-slate-200/70"
        >
          … {count} {noun}
          <span className="ml-1 font-mono text-[13px] text-slate-500">{closing}</span>
        </button>
      )}
    </div>
  );
}

/** A collapsible, highlighted view of JSON text that keeps big numbers and repeated keys as sent. */
export function JsonTree({ json }: { json: string }) {
  const parsed = useMemo(() => {
    try {
      return { node: parseJsonTree(json) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [json]);
  // Remounting the tree with another depth is how "expand all" reaches every node's own state.
  const [view, setView] = useState({ openDepth: INITIAL_DEPTH, generation: 0 });

  if ("error" in parsed) {
    return <p className="text-sm text-red-700">The payload is not valid JSON: {parsed.error}</p>;
  }
  return (
    <div>
      <div className="mb-2 flex gap-3 text-xs font-medium">
        <button
          type="button"
          className="text-sky-700 hover:underline"
          onClick={() => setView({ openDepth: EXPAND_ALL_DEPTH, generation: view.generation + 1 })}
        >
          Expand all
        </button>
        <button
          type="button"
          className="text-sky-700 hover:underline"
          onClick={() => setView({ openDepth: 1, generation: view.generation + 1 })}
        >
          Collapse all
        </button>
      </div>
      <div data-testid="json-tree" className="overflow-x-auto pl-5 font-mono text-[13px] leading-6 break-all">
        <JsonLine
          key={view.generation}
          label={null}
          isKey={false}
          node={parsed.node}
          depth={0}
          openDepth={view.openDepth}
        />
      </div>
    </div>
  );
}
