#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`.
import { main } from '../dist/cli/main.js';

const code = await main(process.argv);
// Exit explicitly: the CloudFormation validator can keep handles open for seconds after synth is done. But only once
// stdout and stderr have flushed: a pipe takes 64 KiB at a time, and exiting earlier cuts a large JSON report short.
let open = 2;
const done = () => {
  if (--open === 0) process.exit(code);
};
process.stdout.write('', done);
process.stderr.write('', done);
