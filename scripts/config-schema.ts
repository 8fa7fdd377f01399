/** Writes docs/config.schema.json and docs/scenario.schema.json from their zod schemas (config/). */
import { writeFileSync } from 'node:fs';
import { projectJsonSchema } from '../config/schema.ts';
import { scenarioJsonSchema } from '../config/scenario-file.ts';

const write = (name: string, schema: object): void => writeFileSync(new URL(`../docs/${name}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
write('config.schema.json', projectJsonSchema());
write('scenario.schema.json', scenarioJsonSchema());
