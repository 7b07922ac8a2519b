/**
 * Moved to tools/processes.ts, with the Pulumi host driver that needs it (the demo uses both and must not import
 * from test/). Re-exported here so the suite's imports keep working: one module, one set of tracked children.
 */
export * from "../../tools/processes";
