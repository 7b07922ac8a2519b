/**
 * Moved to tools/pulumi-program.ts (the demo runs the example program too, and must not import from test/). Import it
 * from there; this re-export only keeps imports written before the move working.
 */
export * from "../../tools/pulumi-program";
