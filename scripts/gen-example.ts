// Regenerates examples/production/keelson.config.ts from the init template plus the example's overrides:
// npm run example:gen. A test keeps the two in step.
import { writeFileSync } from 'node:fs';
import { exampleConfig } from '../src/cli/commands/example-config.js';

writeFileSync(new URL('../examples/production/keelson.config.ts', import.meta.url), exampleConfig());
