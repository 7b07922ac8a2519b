/**
 * Moved to tools/pulumi-host.ts (the demo and the benchmark drive Pulumi's provider host too, and the demo must not
 * import from test/). Import it from there; this re-export only keeps imports written before the move working.
 */
export * from "../../tools/pulumi-host";
