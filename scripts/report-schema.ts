/** Writes docs/report.schema.json, the JSON Schema of report.json, from its zod schema (report/schema.ts). */
import { writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../report/schema.ts';

writeFileSync(new URL('../docs/report.schema.json', import.meta.url), `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
