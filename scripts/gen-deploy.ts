// Regenerates deploy/live-audit from src/sources/live/permissions.ts: npm run deploy:gen
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { liveAuditKustomization } from '../src/sources/live/permissions.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const dir = new URL('../deploy/live-audit/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(liveAuditKustomization(version))) writeFileSync(new URL(name, dir), text);
