#!/usr/bin/env node
// The command's entry point. It is a checked-in file (not the compiled CLI itself) so that npm links the command in
// a workspace checkout even before the first build.
require("../dist/cli.js");
