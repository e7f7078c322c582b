/** The help of `eventspec topology check`. */
export const topologyCheckUsage = `Usage: eventspec topology check --asyncapi <files…> --observed <files…> [options]

Compares the flows AsyncAPI documents declare (one document per application) with the flows tests observed
(JSON files written by writeObservedFlows).

Options:
  --asyncapi <files…>   AsyncAPI 3 or 2.x documents, one per application
  --observed <files…>   observed flows (JSON, as writeObservedFlows writes them)
  --format <format>     text (default), markdown or junit
  --svg <file>          also draw the graph, drift marked, to this SVG file
  --ignore <kind>       report this drift kind without failing: undeclared-send, undeclared-receive,
                        unobserved, no-producer, undeclared-version (repeatable)

Exit codes: 0 no drift, 1 drift, 2 a file cannot be read, 64 usage.`;
