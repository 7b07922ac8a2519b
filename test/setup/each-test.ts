/**
 * vitest setup file, run in every test file: a bounded command started during a test (test/support/processes.ts
 * `run`, which the Terraform harness uses) gets the test's AbortSignal, so a test that times out kills its terraform
 * and the providers it started at once; whatever is still running when the test ends is killed then; a long-lived
 * child (a host) still up when the file ends is killed then. Tests in a file run one after another (none is
 * `concurrent`), which is what makes "what runs now belongs to this test" true.
 */
import { afterAll, afterEach, beforeEach } from "vitest";
import { killRunning, killServices, setAmbientSignal } from "../support/processes";

// Destructured: vitest reads a hook's first parameter for the fixtures it needs.
beforeEach(({ signal }) => {
  setAmbientSignal(signal);
});

afterEach(({ task }) => {
  setAmbientSignal(undefined);
  const killed = killRunning();
  if (killed > 0) console.warn(`${task.name}: killed ${killed} command(s) still running when the test ended`);
});

afterAll(() => {
  const killed = killServices();
  if (killed > 0) console.warn(`killed ${killed} long-lived child process(es) still up at the end of the file`);
});
