// Regenerates docs/definition.md from the schema: npm run docs
import { writeFileSync } from 'node:fs';
import { renderDefinitionDocs } from '../src/model/docs.js';

writeFileSync(new URL('../docs/definition.md', import.meta.url), renderDefinitionDocs());
