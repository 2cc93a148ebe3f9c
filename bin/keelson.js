#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`.
import { main } from '../dist/cli/main.js';

// Exit explicitly: the CloudFormation validator can keep handles open for seconds after synth is done.
process.exit(await main(process.argv));
